/**
 * The owner file: `<db>.owner.json` beside the store, readable and writable by the user only
 * (mode 0600). The store's owner (./session.ts) writes it once its API listens: how to reach it
 * (port, the launch's login token for the printed address and for the CLI's X-Backprop-Token
 * header) and the browser session secret. It says where, never whether: only the lease (./lease.ts)
 * says whether an owner is alive. It stays when the owner stops, so the next owner of the store
 * keeps the port (when free) and the secret, and every signed-in tab stays signed in.
 *
 *   { "format": "backprop-workbench-owner", "version": 1, "host": "serve",
 *     "command": "backprop serve", "pid": 4242, "port": 5170, "secret": "<24 random bytes,
 *     base64url>", "loginToken": "<the same kind>", "updatedAt": "<ISO time>" }
 */
import { chmodSync, lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export const ownerFormat = 'backprop-workbench-owner';

const secretSchema = z.string().regex(/^[\w-]{32,}$/, 'expected at least 32 base64url characters');

const ownerSchema = z.strictObject({
  format: z.literal(ownerFormat),
  version: z.literal(1),
  /** Which entry point owns the store. */
  host: z.enum(['electron', 'serve', 'cli']),
  /** What it is doing, for messages: "backprop train". */
  command: z.string().max(200),
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  secret: secretSchema,
  loginToken: secretSchema,
  updatedAt: z.string(),
});

export type OwnerInfo = z.infer<typeof ownerSchema>;

export function ownerFilePath(dbPath: string): string {
  return `${dbPath}.owner.json`;
}

/** An owner file is a few hundred bytes; anything much larger is not one. */
const MAX_OWNER_FILE_BYTES = 64 * 1024;

/** What was read, and whether anyone but this user could have read it (or planted it): its secret
 * is then not used again. */
export type ReadOwnerInfo = OwnerInfo & { exposed: boolean };

/** The owner file of this store, or null when there is none; throws naming the file and the
 * field when it is there but not an owner file (and leaves it as it is). Only a regular file of a
 * sane size is read: a FIFO, a device or a symlink is refused before a byte is read. */
export function readOwnerFile(dbPath: string): ReadOwnerInfo | null {
  const file = ownerFilePath(dbPath);
  let stat;
  try {
    stat = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!stat.isFile()) {
    throw new Error(`${file} is not a regular file (a link, a FIFO or a device): delete it`);
  }
  if (stat.size > MAX_OWNER_FILE_BYTES) {
    throw new Error(`${file} is ${stat.size} bytes, not an owner file (at most 64 KiB): delete it`);
  }
  const text = readFileSync(file, 'utf8');
  const ownUid = process.getuid?.();
  const exposed =
    process.platform !== 'win32' &&
    ((stat.mode & 0o077) !== 0 || (ownUid !== undefined && stat.uid !== ownUid));
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
  return { ...result.data, exposed };
}

/** Writes the owner file atomically (a temp file renamed over it), for the user's eyes only. */
export function writeOwnerFile(dbPath: string, info: Omit<OwnerInfo, 'format' | 'version'>): void {
  const file = ownerFilePath(dbPath);
  const temp = `${file}.${process.pid}.tmp`;
  const {
    format: _format,
    version: _version,
    exposed: _exposed,
    ...fields
  } = info as ReadOwnerInfo;
  const body: OwnerInfo = { ...fields, format: ownerFormat, version: 1 };
  writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600); // `mode` applies only when the file is new: a leftover temp file keeps its own
  renameSync(temp, file);
}
