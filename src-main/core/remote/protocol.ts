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
import { decodeWire, encodeWire } from '../../../src-shared/base/wire';

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

const kinds = ['start', 'epoch', 'end', 'stopped'];

/** Reads XREAD/XRANGE fields back; throws a sentence naming what is wrong with a foreign entry. */
export function decodeEntry(fields: Buffer[]): StreamEntry {
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i].toString(), fields[i + 1]);
  const kind = map.get('kind')?.toString() ?? '';
  const attempt = Number(map.get('attempt')?.toString());
  if (!kinds.includes(kind)) throw new Error(`stream entry has an unknown kind "${kind}"`);
  if (!Number.isInteger(attempt)) throw new Error('stream entry has no whole-number attempt');
  const body = decodeWire<Record<string, unknown>>(map.get('body')?.toString() ?? '{}');
  if (kind !== 'epoch') return { ...body, kind, attempt } as StreamEntry;
  const checkpoint = map.get('checkpoint');
  if (!checkpoint) throw new Error('epoch entry has no checkpoint');
  return { ...body, kind, attempt, checkpoint: new Uint8Array(checkpoint) } as StreamEntry;
}

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
