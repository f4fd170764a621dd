/**
 * What the owner and the workers exchange through Redis, besides BullMQ's own keys:
 *
 * - the BullMQ queue `backprop:runs`, one job per dispatch of a run, job id `run-<id>-<dispatch>`
 *   (the SQLite run id plus how many times the owner sent the run to Redis);
 * - per run, a durable stream `backprop:run:<id>:epochs` that the worker appends to (XADD) and the
 *   owner reads from the position it stored in SQLite: `start` when an attempt begins, one `epoch`
 *   per epoch (record + checkpoint), then `end` (completed / diverged / failed) or `stopped`;
 * - per run, `backprop:run:<id>:ack`: the stream entry of the newest epoch the owner has stored,
 *   from whose checkpoint a retried attempt resumes;
 * - per run, `backprop:run:<id>:stop`: "<dispatch> pause|cancel" when the owner wants it stopped.
 *
 * Every entry is tagged with its attempt = dispatch × TRIES_PER_DISPATCH + BullMQ's
 * attemptsStarted, so attempts only grow, also across dispatches; the owner keeps records of the
 * newest attempt only and discards the rest.
 */
import type { RunProgress, RunStatus } from '../../../src-shared/contract/types';
import type { EpochRecord, WeightsJson } from '../../../src-shared/base/records';
import type { BatchCost } from '../../../src-shared/contract/trainer-protocol';
import { z } from 'zod';
import { decodeWire, encodeWire } from '../../../src-shared/base/wire';
import { strictObject } from '../../../src-shared/base/strict-object';
import { parseOrThrow } from '../../../src-shared/base/validation';
import { messageOf } from '../../../src-shared/base/errors';
import { epochRecordSchema, weightsJsonSchema } from '../../../src-shared/base/record-schema';

/** Key prefix of everything the workbench keeps in Redis (BullMQ's `prefix` option too). */
export const REDIS_PREFIX = 'backprop';
export const QUEUE_NAME = 'runs';
/** Attempts of one dispatch are numbered dispatch × this + 1, + 2, … (BullMQ retries a few times). */
export const TRIES_PER_DISPATCH = 1000;

export const jobIdOf = (runId: number, dispatch: number) => `run-${runId}-${dispatch}`;
export const streamKey = (runId: number) => `${REDIS_PREFIX}:run:${runId}:epochs`;
export const ackKey = (runId: number) => `${REDIS_PREFIX}:run:${runId}:ack`;
export const stopKey = (runId: number) => `${REDIS_PREFIX}:run:${runId}:stop`;

/** The attempt number of try `tries` (BullMQ's attemptsStarted, from 1) of a dispatch. */
export const attemptOf = (dispatch: number, tries: number) => dispatch * TRIES_PER_DISPATCH + tries;
export const dispatchOfAttempt = (attempt: number) => Math.floor(attempt / TRIES_PER_DISPATCH);

/** A job's data as the owner writes it. Workers validate `config` before using it. */
export interface RemoteJobData {
  runId: number;
  dispatch: number;
  /** The owner's ENGINE_VERSION: a worker with another engine refuses the run (results would
   * not be bit-identical to the owner's). */
  engineVersion: string;
  config: unknown;
  /** The newest checkpoint the owner had stored when it dispatched the run (base64), if any. */
  checkpoint?: string;
  checkpointEpoch?: number;
}

/** The value of a job's progress (job.updateProgress), for the owner's live view. */
export interface RemoteProgress {
  runId: number;
  attempt: number;
  progress: RunProgress;
}

export type EndStatus = Extract<RunStatus, 'completed' | 'diverged' | 'failed'>;

/** One entry of a run's epochs stream. */
export type StreamEntry =
  | { kind: 'start'; attempt: number; host: string; fromEpoch: number }
  | {
      kind: 'epoch';
      attempt: number;
      record: EpochRecord;
      checkpoint: Uint8Array;
      weights?: WeightsJson;
      /** The epoch's sampled mini-batch cost (absent from workers older than it). */
      batchCosts?: BatchCost[];
    }
  | {
      kind: 'end';
      attempt: number;
      status: EndStatus;
      message: string | null;
      /** The last epoch this attempt sent (or resumed from: -1 for none), so the owner can tell
       * that no epoch entry was lost on the way (Redis restarted without persistence). Absent
       * when the worker refused the job before training. */
      lastEpoch?: number;
    }
  | { kind: 'stopped'; attempt: number; reason: 'pause' | 'cancel' };

/** Field/value pairs for XADD: kind, attempt, body (wire JSON keeps NaN and ±Infinity), and the
 * checkpoint as raw bytes. */
export function encodeEntry(entry: StreamEntry): (string | Buffer)[] {
  const { kind, attempt, ...rest } = entry;
  const fields: (string | Buffer)[] = ['kind', kind, 'attempt', String(attempt)];
  if (entry.kind === 'epoch') {
    const { checkpoint, ...body } = rest as Omit<Extract<StreamEntry, { kind: 'epoch' }>, 'kind'>;
    fields.push('body', encodeWire(body), 'checkpoint', Buffer.from(checkpoint));
  } else {
    fields.push('body', encodeWire(rest));
  }
  return fields;
}

/** A worker's host name as os.hostname() gives it: letters, digits, dot, dash, underscore and
 * colon, at most 253 characters (it is shown in the UI and in every export). */
const hostSchema = z
  .string({ error: 'must be a string' })
  .regex(
    /^[A-Za-z0-9._:-]{1,253}$/,
    'must be a host name (letters, digits, ".", "-", "_", ":"; 1–253 characters)',
  );
const whole = z.number({ error: 'must be a whole number' }).int('must be a whole number');
/** An epoch a worker resumes from or ended after: -1 for none. */
const epochOrNone = whole.min(-1, 'must be >= -1');

/** A sampled mini-batch cost: its value may be NaN or ±Infinity (a diverging epoch). */
const batchCostSchema = strictObject({
  step: whole.min(1, 'must be >= 1'),
  cost: z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' }),
  time: z.number({ error: 'must be a finite number' }),
}) satisfies z.ZodType<BatchCost>;

/** The body of each kind of entry (the wire JSON besides kind, attempt and the checkpoint). */
const bodySchemas = {
  start: strictObject({ host: hostSchema, fromEpoch: epochOrNone }),
  epoch: strictObject({
    record: epochRecordSchema,
    weights: weightsJsonSchema.optional(),
    batchCosts: z.array(batchCostSchema).max(100_000).optional(),
  }),
  end: strictObject({
    status: z.enum(['completed', 'diverged', 'failed'], {
      error: 'must be "completed", "diverged" or "failed"',
    }),
    message: z.string({ error: 'must be a string or null' }).max(4000).nullable(),
    lastEpoch: epochOrNone.optional(),
  }).refine((end) => end.status === 'failed' || end.lastEpoch !== undefined, {
    // Without it the owner could not tell that epochs were lost on the way.
    message: 'a completed or diverged end must say its lastEpoch',
    path: ['lastEpoch'],
  }),
  stopped: strictObject({
    reason: z.enum(['pause', 'cancel'], { error: 'must be "pause" or "cancel"' }),
  }),
};
type Kind = keyof typeof bodySchemas;
const isKind = (kind: string): kind is Kind => Object.hasOwn(bodySchemas, kind);

/** The raw fields of one entry by name; a field twice or one the protocol lacks is an error. */
function fieldsOf(fields: Buffer[], kind: string): Map<string, Buffer> {
  const allowed =
    kind === 'epoch' ? ['kind', 'attempt', 'body', 'checkpoint'] : ['kind', 'attempt', 'body'];
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i].toString();
    if (!allowed.includes(name))
      throw new Error(
        `stream entry has an unknown field "${printable(name)}" (expected ${allowed.join(', ')})`,
      );
    if (map.has(name)) throw new Error(`stream entry has the field "${name}" twice`);
    map.set(name, fields[i + 1]);
  }
  return map;
}

/** The field `kind`, looked up before the others (the allowed fields depend on it). */
function kindOf(fields: Buffer[]): Kind {
  const at = fields.findIndex((f, i) => i % 2 === 0 && f.toString() === 'kind');
  const kind = at >= 0 ? (fields[at + 1]?.toString() ?? '') : '';
  if (!isKind(kind))
    throw new Error(
      `stream entry has an unknown kind "${printable(kind)}" (expected start, epoch, end or stopped)`,
    );
  return kind;
}

function attemptOfField(text: string | undefined): number {
  if (text === undefined || !/^[1-9][0-9]{0,14}$/.test(text))
    throw new Error('stream entry field attempt: must be a whole number above 0');
  return Number(text);
}

/** A short, printable form of foreign text for an error message. */
const printable = (text: string) => JSON.stringify(text.slice(0, 40)).slice(1, -1);

/**
 * Reads XREAD/XRANGE fields back, strictly: one schema per kind, an unknown field (at any depth)
 * is an error naming it, numbers are what the engine can produce. Throws a sentence naming the
 * field that is wrong. What depends on the run (layer shapes, the checkpoint matching the run's
 * config) is checked where the run is known, when the entry is applied (apply-entry.ts).
 */
export function decodeEntry(fields: Buffer[]): StreamEntry {
  const kind = kindOf(fields);
  const map = fieldsOf(fields, kind);
  const attempt = attemptOfField(map.get('attempt')?.toString());
  let body: unknown;
  try {
    body = decodeWire(map.get('body')?.toString() ?? '{}');
  } catch (error) {
    throw new Error(`stream entry field body: ${messageOf(error)}`, { cause: error });
  }
  const parsed = parseOrThrow(bodySchemas[kind], body, `${kind} entry`);
  if (kind !== 'epoch') return { ...parsed, kind, attempt } as StreamEntry;
  const checkpoint = map.get('checkpoint');
  if (!checkpoint) throw new Error('epoch entry has no checkpoint');
  return { ...parsed, kind, attempt, checkpoint: new Uint8Array(checkpoint) } as StreamEntry;
}

const positiveWhole = whole.min(1, 'must be a whole number above 0');

/** A job's data as a worker accepts it (the config itself is parsed by the run-config schema). */
export const remoteJobDataSchema = strictObject({
  runId: positiveWhole,
  dispatch: positiveWhole,
  engineVersion: z.string({ error: 'must be a string' }).max(100),
  config: z.unknown(),
  checkpoint: z
    .string({ error: 'must be a base64 string' })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be a base64 string')
    .optional(),
  checkpointEpoch: whole.min(0, 'must be >= 0').optional(),
}) satisfies z.ZodType<RemoteJobData>;

const finite = z.number({ error: 'must be a finite number' });
/** A job's progress as the owner accepts it for the live view. */
export const remoteProgressSchema = strictObject({
  runId: positiveWhole,
  attempt: positiveWhole,
  progress: strictObject({
    epoch: whole.min(0, 'must be >= 0'),
    epochs: whole.min(0, 'must be >= 0'),
    batch: whole.min(0, 'must be >= 0'),
    batches: whole.min(0, 'must be >= 0'),
    cost: z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' }),
    examplesPerSecond: finite.min(0, 'must be >= 0'),
    etaSeconds: finite.min(0, 'must be >= 0').nullable(),
  }),
}) satisfies z.ZodType<RemoteProgress>;

/** The URL with its password replaced by ***, for logs and the UI. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(an invalid Redis URL)';
  }
}
