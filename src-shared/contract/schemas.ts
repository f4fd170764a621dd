/**
 * Argument schemas for every contract method, validated once at the boundary (IPC handler and
 * HTTP route) before any handler runs. A method's schema is a tuple of its arguments.
 */
import { z } from 'zod';
import { strictObject } from '../base/strict-object';
import type { MethodId } from './services';
import { runStatuses, type RunStatus } from './types';
import { trackingSchemas } from './tracking-schemas';

const id = z
  .number({ error: 'id must be a number' })
  .int('id must be a whole number')
  .positive('id must be > 0');
const ids = z.array(id).min(1, 'at least one run id is needed').max(10_000);
const configPayload = z.record(z.string(), z.unknown(), { error: 'config must be an object' });
/** A path on the owner's machine: absolute, since the owner's working folder means nothing to
 * the caller (POSIX "/…", Windows "C:\…" or "\\server\share…"). */
const absolutePath = z
  .string({ error: 'path must be a string' })
  .min(1, 'path must not be empty')
  .max(4096, 'path must be at most 4096 characters')
  .refine(
    (v) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(v),
    'path must be absolute (start with / or a drive)',
  )
  .refine((v) => !v.includes('\0'), 'path must not contain a NUL character');
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
/** A run's name as runs.update sets it: 1–200 characters, not only spaces (a run called " "
 * would be listed as nameless). The UI and the CLI say why through runNameProblem. */
export const runName = text(200).refine((v) => v.trim() !== '', 'must not be empty or only spaces');

/** Why `name` cannot be a run's name, as the boundary says it ("name must not be empty or only
 * spaces"), or null. */
export function runNameProblem(name: string): string | null {
  const result = runName.safeParse(name);
  return result.success ? null : `name ${result.error.issues[0].message}`;
}

/** A Redis URL for the queue backend: redis://[user:password@]host:port[/db] or rediss:// (TLS). */
export const redisUrl = text(2048).superRefine((v, ctx) => {
  const problem = redisUrlProblem(v);
  if (problem)
    ctx.addIssue({
      code: 'custom',
      message: `must be a redis:// or rediss:// URL, e.g. redis://:password@10.0.0.5:6379; ${problem}`,
    });
});

/** What is wrong with a Redis URL, or null. The user name and password are percent-decoded by
 * the Redis client later: "%zz" there would end in a raw URIError at every start. */
function redisUrlProblem(v: string): string | null {
  if (!URL.canParse(v)) return `"${v.slice(0, 100)}" is not a URL`;
  const url = new URL(v);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    return `the scheme is "${url.protocol}", not redis: or rediss:`;
  if (!url.hostname) return 'it names no host';
  if (!decodes(url.username)) return 'the user name holds a malformed %-escape: write % as %25';
  if (!decodes(url.password)) return 'the password holds a malformed %-escape: write % as %25';
  return null;
}

/** Whether percent-decoding succeeds. The result is used so that a bundler does not drop the
 * call as free of side effects (it did: the check vanished from the build). */
function decodes(text: string): boolean {
  try {
    return decodeURIComponent(text).length >= 0;
  } catch {
    return false;
  }
}

/** Each setting's schema: settings.update checks a change with these, and the stored settings
 * are read back through them (a stored value that no longer parses falls back to its default). */
export const settingFields = {
  concurrency: z.number().int().min(1).max(64),
  theme: z.enum(['system', 'light', 'dark']),
  resumeInterrupted: z.boolean(),
  redisUrl: redisUrl.nullable(),
  hangTimeoutSeconds: z.number().int().min(5).max(86_400),
  singleKeyShortcuts: z.boolean(),
};
export const settingsPatchSchema = strictObject({
  concurrency: settingFields.concurrency.optional(),
  theme: settingFields.theme.optional(),
  resumeInterrupted: settingFields.resumeInterrupted.optional(),
  redisUrl: settingFields.redisUrl.optional(),
  hangTimeoutSeconds: settingFields.hangTimeoutSeconds.optional(),
  singleKeyShortcuts: settingFields.singleKeyShortcuts.optional(),
});

export const contractSchemas: Record<MethodId, z.ZodType<unknown[]>> = {
  'runs.list': z.tuple([
    strictObject({
      status: z.array(z.enum(runStatuses as [RunStatus, ...RunStatus[]])).optional(),
      experimentId: id.optional(),
      search: text(200).optional(),
      starred: z.boolean().optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      deleted: z.boolean().optional(),
    }),
  ]),
  'runs.get': z.tuple([id]),
  'runs.curves': z.tuple([ids.max(50)]),
  'runs.weights': z.tuple([id]),
  'runs.update': z.tuple([
    id,
    strictObject({
      name: runName.optional(),
      tags: z.array(text(50)).max(50).optional(),
      notes: text(20_000).optional(),
      starred: z.boolean().optional(),
    }),
  ]),
  'runs.remove': z.tuple([ids]),
  'runs.restore': z.tuple([ids]),
  'runs.purge': z.tuple([ids]),
  'runs.experiments': z.tuple([]),
  'runs.relinkDataset': z.tuple([id, absolutePath]),
  'runs.files': z.tuple([id]),
  'runs.file': z.tuple([id, text(200).min(1, 'name must not be empty')]),
  'queue.enqueue': z.tuple([configPayload]),
  'queue.enqueueSweep': z.tuple([configPayload]),
  'queue.previewSweep': z.tuple([configPayload]),
  'queue.cancel': z.tuple([id]),
  'queue.pauseRun': z.tuple([id]),
  'queue.resumeRun': z.tuple([id]),
  'queue.move': z.tuple([id, id.nullable()]),
  'queue.state': z.tuple([]),
  'queue.setPaused': z.tuple([z.boolean()]),
  'datasets.list': z.tuple([]),
  'datasets.samples': z.tuple([text(100), z.array(z.number().int().min(0)).max(500)]),
  'doctor.testFix': z.tuple([id, text(100)]),
  'doctor.fixTests': z.tuple([id]),
  'reports.export': z.tuple([
    strictObject({
      runIds: ids.max(200),
      format: z.enum(['html', 'pdf', 'md', 'csv', 'runs-csv', 'json', 'bundle', 'npz']),
      title: text(200).optional(),
    }),
  ]),
  'reports.importBundle': z.tuple([z.string().max(512 * 1024 * 1024)]),
  'reports.confusion': z.tuple([id]),
  'reports.featureMaps': z.tuple([id, z.number().int().min(0).max(10_000_000)]),
  'settings.get': z.tuple([]),
  'settings.update': z.tuple([settingsPatchSchema]),
  'settings.info': z.tuple([]),
  ...trackingSchemas,
};
