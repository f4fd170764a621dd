/**
 * One job on a worker: the run trains in its own trainer process, driven by the same driver as a
 * local run (../core/lifecycle/trainer-driver.ts), so the worker's event loop stays free to renew
 * BullMQ's lock. What the driver hands over is relayed: epochs and the end go to the run's Redis
 * stream in order, progress to the job. The owner's stop key is read every second (pause: stop
 * after this epoch; cancel: stop now); an aborted job (lock lost, worker shutting down) kills the
 * trainer and writes nothing more.
 */
import type { RunProgress } from '../../src-shared/contract/types';
import type { EpochRecord } from '../../src-shared/base/records';
import type { RunConfig } from '../../src-shared/experiment/config';
import { driveTrainer, type DriveResult } from '../core/lifecycle/trainer-driver';
import type { EndStatus, StreamEntry } from '../core/remote/protocol';
import type { TrainerHost } from '../core/runner/trainer-host';
import type { ResumePoint } from './resume';

/** How often the owner's stop key is read while a job trains. */
export const STOP_POLL_MS = 1000;

export type JobOutcome = EndStatus | 'paused' | 'cancelled' | 'aborted';

export interface JobContext {
  runId: number;
  attempt: number;
  config: RunConfig;
  threads: number;
  /** Seconds of silence after which the trainer counts as hung. */
  hangSeconds: number;
  resume: ResumePoint;
  trainerHost: TrainerHost;
  /** XADD to the run's stream; resolves when Redis has it. */
  append(entry: StreamEntry): Promise<void>;
  progress(progress: RunProgress): void;
  epoch(record: EpochRecord): void;
  /** What the owner asked for this dispatch, if anything. */
  stopRequest(): Promise<'pause' | 'cancel' | null>;
  signal: AbortSignal;
}

/** Resolves with how the job ended; rejects when its stream could not be written. */
export async function trainJob(ctx: JobContext): Promise<JobOutcome> {
  const { runId, attempt } = ctx;
  const stream = orderedAppends(ctx.append, () => trainer.stop('abort', 'SIGKILL'));
  let lastEpoch = ctx.resume.epoch;
  const trainer = driveTrainer(
    {
      host: ctx.trainerHost,
      start: {
        runId,
        config: ctx.config,
        checkpoint: ctx.resume.checkpoint,
        checkpointEpoch: ctx.resume.checkpoint ? ctx.resume.epoch : undefined,
        threads: ctx.threads,
      },
      hangSeconds: ctx.hangSeconds,
    },
    {
      progress: ctx.progress,
      epoch({ record, checkpoint, weights, batchCosts }) {
        ctx.epoch(record);
        lastEpoch = record.epoch;
        stream.append({ kind: 'epoch', attempt, record, checkpoint, weights, batchCosts });
      },
      end({ status, error }) {
        stream.append({ kind: 'end', attempt, status, message: error, lastEpoch });
      },
    },
  );
  const poll = setInterval(async () => {
    const request = await ctx.stopRequest().catch(() => null);
    if (request) trainer.stop(request);
  }, STOP_POLL_MS);
  const onAbort = () => trainer.stop('abort');
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();

  const result = await trainer.exited;
  clearInterval(poll);
  ctx.signal.removeEventListener('abort', onAbort);
  if (!result.ended && result.stopped === 'pause') {
    stream.append({ kind: 'stopped', attempt, reason: 'pause' });
  }
  await stream.flushed();
  return outcomeOf(result);
}

/** Entries go out strictly in order; a failed write ends the attempt (no gaps in a stream). */
function orderedAppends(write: (entry: StreamEntry) => Promise<void>, onFailure: () => void) {
  let writes = Promise.resolve();
  let failure: Error | null = null;
  return {
    append(entry: StreamEntry): void {
      writes = writes
        .then(() => (failure ? undefined : write(entry)))
        .catch((error: Error) => {
          failure ??= error;
          onFailure();
        });
    },
    /** Resolves when every entry is written; rejects with the first failed write. */
    async flushed(): Promise<void> {
      await writes;
      if (failure) throw failure;
    },
  };
}

function outcomeOf({ ended, stopped }: DriveResult): JobOutcome {
  if (ended) return ended;
  if (stopped === 'pause') return 'paused';
  if (stopped === 'cancel') return 'cancelled';
  if (stopped === 'abort') return 'aborted';
  return 'failed';
}
