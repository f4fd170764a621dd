/**
 * The owner file: `<db>.owner.json` beside the store, readable and writable by the user only
 * (mode 0600). It says how to reach the process that serves this store — its port — and holds the
 * session secret of `backprop serve`, so a restart on the same store keeps its address (when the
 * port is free) and keeps every signed-in tab signed in. Only `serve` writes it today; the owner
 * lease of issue 15 is meant to publish itself in the same file.
 *
 *   { "format": "backprop-workbench-owner", "version": 1, "host": "serve", "pid": 4242,
 *     "port": 5170, "secret": "<24 random bytes, base64url>", "updatedAt": "<ISO time>" }
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const ownerFormat = 'backprop-workbench-owner';

const ownerSchema = z.object({
  format: z.literal(ownerFormat),
  version: z.literal(1),
  host: z.literal('serve'),
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  secret: z.string().regex(/^[\w-]{32,}$/, 'expected at least 32 base64url characters'),
  updatedAt: z.string(),
});

export type OwnerInfo = z.infer<typeof ownerSchema>;

export function ownerFilePath(dbPath: string): string {
  return `${dbPath}.owner.json`;
}

/** The owner file of this store, or null when there is none; throws naming the file and the
 * field when it is there but not an owner file (and leaves it as it is). */
export function readOwnerFile(dbPath: string): OwnerInfo | null {
  const file = ownerFilePath(dbPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON: delete it to start with a new address`);
  }
  const result = ownerSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join('.') || 'the file';
    throw new Error(
      `${file}: ${field}: ${issue.message} (expected a ${ownerFormat} file version 1): delete it to start with a new address`,
    );
  }
  return result.data;
}

/** Writes the owner file atomically (a temp file renamed over it), for the user's eyes only. */
export function writeOwnerFile(dbPath: string, info: Omit<OwnerInfo, 'format' | 'version'>): void {
  const file = ownerFilePath(dbPath);
  const temp = `${file}.${process.pid}.tmp`;
  const body: OwnerInfo = { format: ownerFormat, version: 1, ...info };
  writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600); // `mode` applies only when the file is new: a leftover temp file keeps its own
  renameSync(temp, file);
}
