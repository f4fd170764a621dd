/**
 * Messages between the owner (the process that holds the store) and a trainer process, one
 * discriminated union per direction keyed by `kind` (like BullMQ's child-process protocol). They
 * travel by structured clone (child_process 'advanced' serialization or Electron's
 * utilityProcess), so NaN, ±Infinity and Uint8Array arrive intact.
 *
 * A trainer serves exactly one run: owner → start; trainer → ready, then progress, alive and
 * epoch messages, then exactly one of completed / failed / diverged, then it exits. Exiting without one
 * of those is a failure the owner records with the exit code or signal.
 */
import type { RunConfig } from '../experiment/config';
import type { EpochRecord, WeightsJson } from '../base/records';
import type { RunProgress } from './types';

export type ToTrainer =
  | {
      kind: 'start';
      runId: number;
      config: RunConfig;
      /** Resume from this checkpoint (taken after epoch `checkpointEpoch`) instead of from scratch. */
      checkpoint?: Uint8Array;
      checkpointEpoch?: number;
      /** Threads the run may use, so the total across runs stays within the cores. */
      threads: number;
    }
  /** Stop after the current epoch and exit without a terminal message. */
  | { kind: 'cancel' };

export type FromTrainer =
  /** The process is up and listening; sent before `start` arrives. */
  | { kind: 'ready'; pid: number }
  /** Batch progress inside an epoch, at most about 10 a second. */
  | { kind: 'progress'; runId: number; progress: RunProgress }
  /** Still working (scoring the splits, which reports no batches): only tells the owner's hang
   * watchdog the trainer is alive, so progress never repeats an old point or shows a cost of NaN. */
  | { kind: 'alive'; runId: number }
  /** One epoch measured (epoch 0 = before training) with the checkpoint taken right after it. */
  | {
      kind: 'epoch';
      runId: number;
      record: EpochRecord;
      checkpoint: Uint8Array;
      /** Sent with the run's last epoch. */
      weights?: WeightsJson;
      /** The epoch's sampled mini-batch cost (none for epoch 0). */
      batchCosts?: BatchCost[];
    }
  | { kind: 'completed'; runId: number }
  | { kind: 'failed'; runId: number; message: string }
  /** The cost became NaN or ±Infinity at `epoch`; training stopped. */
  | { kind: 'diverged'; runId: number; epoch: number };

/**
 * One sample of the mini-batch cost inside an epoch: the mean cost C of the mini-batches trained
 * since the previous sample (about 100 samples per epoch; one when an epoch was trained ahead in
 * one step), at `step` = mini-batches trained in the run so far. `time` is the trainer's wall time
 * in Unix seconds. Only recorded: training never reads it back, so resuming stays bit-identical.
 */
export interface BatchCost {
  step: number;
  cost: number;
  time: number;
}

export type TrainerMessageKind = FromTrainer['kind'];

const KINDS: readonly string[] = [
  'ready',
  'progress',
  'alive',
  'epoch',
  'completed',
  'failed',
  'diverged',
];

/** True for a value shaped like a FromTrainer message (the owner checks what a process sends).
 * A heartbeat is checked whole: exactly its kind and a positive integer run id. */
export function isFromTrainer(value: unknown): value is FromTrainer {
  if (!value || typeof value !== 'object') return false;
  const kind = (value as { kind?: unknown }).kind;
  if (kind === 'alive') return isAlive(value);
  return KINDS.includes(kind as string);
}

function isAlive(value: object): boolean {
  const keys = Object.keys(value).sort();
  const { runId } = value as { runId?: unknown };
  return (
    keys.length === 2 &&
    keys[0] === 'kind' &&
    keys[1] === 'runId' &&
    Number.isSafeInteger(runId) &&
    (runId as number) > 0
  );
}
