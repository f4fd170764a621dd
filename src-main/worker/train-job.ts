/**
 * One job on a worker: the run trains in its own trainer process (the same trainer and protocol
 * as a local run, so the worker's event loop stays free to renew BullMQ's lock), and every
 * message is relayed: epochs and the end go to the run's Redis stream in order, progress to the
 * job. The owner's stop key is read every second (pause: stop after this epoch; cancel: stop now);
 * an aborted job (lock lost, worker shutting down) kills the trainer and writes nothing more.
 */
import type { FromTrainer } from '../../src-shared/contract/trainer-protocol';
import type { RunProgress } from '../../src-shared/contract/types';
import type { EpochRecord } from '../../src-shared/engine/records';
import type { RunConfig } from '../../src-shared/experiment/config';
import { describeExit } from '../core/queue/run-outcome';
import type { EndStatus, StreamEntry } from '../core/remote/protocol';
import type { TrainerHost, TrainerProcess } from '../core/runner/trainer-host';
import type { ResumePoint } from './resume';

/** How often the owner's stop key is read while a job trains. */
export const STOP_POLL_MS = 1000;

export type JobOutcome = EndStatus | 'paused' | 'cancelled' | 'aborted';

export interface JobContext {
  runId: number;
  attempt: number;
  config: RunConfig;
  threads: number;
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
export function trainJob(ctx: JobContext): Promise<JobOutcome> {
  const trainer = ctx.trainerHost.start({ threads: ctx.threads });
  return new Promise((resolve, reject) => {
    const state = relayState(ctx, trainer);
    const poll = setInterval(() => void state.checkStop(), STOP_POLL_MS);
    const onAbort = () => state.stop('aborted', () => trainer.kill('SIGTERM'));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal.aborted) onAbort();
    trainer.onMessage((message) => state.onMessage(message));
    trainer.onExit((code, signal) => {
      clearInterval(poll);
      ctx.signal.removeEventListener('abort', onAbort);
      state.onExit(code, signal).then(resolve, reject);
    });
  });
}

/** The relay's state machine for one trainer process. */
function relayState(ctx: JobContext, trainer: TrainerProcess) {
  const { runId, attempt } = ctx;
  let writes = Promise.resolve();
  let writeError: Error | null = null;
  let ended: EndStatus | null = null;
  let stopping: 'paused' | 'cancelled' | 'aborted' | null = null;
  let lastEpoch = ctx.resume.epoch;

  /** Entries go out strictly in order; a failed write ends the attempt (no gaps in a stream). */
  const append = (entry: StreamEntry) => {
    writes = writes
      .then(() => ctx.append(entry))
      .catch((error: Error) => {
        writeError ??= error;
        trainer.kill('SIGKILL');
      });
  };
  const end = (status: EndStatus, message: string | null) => {
    ended = status;
    append({ kind: 'end', attempt, status, message, lastEpoch });
  };
  const stop = (why: NonNullable<typeof stopping>, act: () => void) => {
    if (stopping || ended) return;
    stopping = why;
    act();
  };

  return {
    stop,
    async checkStop() {
      const request = await ctx.stopRequest().catch(() => null);
      if (request === 'pause') stop('paused', () => trainer.send({ kind: 'cancel' }));
      if (request === 'cancel') stop('cancelled', () => trainer.kill('SIGTERM'));
    },

    onMessage(message: FromTrainer) {
      // After a cancel or a lost lock nobody accepts this attempt's entries any more.
      if (stopping === 'cancelled' || stopping === 'aborted' || ended) return;
      switch (message.kind) {
        case 'ready':
          return trainer.send({
            kind: 'start',
            runId,
            config: ctx.config,
            checkpoint: ctx.resume.checkpoint,
            checkpointEpoch: ctx.resume.checkpoint ? ctx.resume.epoch : undefined,
            threads: ctx.threads,
          });
        case 'progress':
          return ctx.progress(message.progress);
        case 'epoch':
          ctx.epoch(message.record);
          lastEpoch = message.record.epoch;
          return append({
            kind: 'epoch',
            attempt,
            record: message.record,
            checkpoint: message.checkpoint,
            weights: message.weights,
          });
        case 'completed':
          return end('completed', null);
        case 'diverged':
          return end('diverged', `The cost became NaN or infinite at epoch ${message.epoch}`);
        case 'failed':
          return end('failed', message.message);
      }
    },

    async onExit(code: number | null, signal: string | null): Promise<JobOutcome> {
      if (!ended && stopping === 'paused') append({ kind: 'stopped', attempt, reason: 'pause' });
      else if (!ended && !stopping && !writeError) {
        end('failed', describeExit(code, signal, trainer.output?.()));
      }
      await writes;
      if (writeError) throw writeError;
      return ended ?? stopping ?? 'failed';
    },
  };
}
