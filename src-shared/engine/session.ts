/**
 * The contract between the engine and its hosts (trainer process, CLI, tests): a training session
 * trains one run epoch by epoch, measures it, and checkpoints it so a killed run resumes
 * bit-identically. Implemented by the readable reference engine (network.ts + sgd.ts) and by the
 * fast WebAssembly path; both produce the same records.
 */
import type { TrainingOptions } from './options';
import type { LoadedDataset } from '../base/dataset';
import type { EpochRecord, WeightsJson } from '../base/records';

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  /** Mean cost over the batches done so far in this epoch. */
  cost: number;
  /** Seconds the epoch has trained so far, when the session knows it better than the caller's
   * clock (the fast path reports an epoch it trained ahead in one step, after the fact). */
  trainedSeconds?: number;
}

/** `O` is what the host passed in (a run config, say); the engine reads only its TrainingOptions. */
export interface TrainingSession<O extends TrainingOptions = TrainingOptions> {
  readonly config: O;
  /** Epochs completed (0 before training). */
  readonly epoch: number;
  /** True once `epochs` are done, early stopping fired, or the run diverged. */
  readonly finished: boolean;
  /** True when the cost became NaN or ±Infinity. */
  readonly diverged: boolean;
  /** Measures the network as it is (epoch 0 record before any update). `onScoring`, when given,
   * is called now and then while the splits are scored (every thousand examples or so). */
  measure(onScoring?: () => void): EpochRecord;
  /** Trains one epoch and returns its record (measured after the epoch); `onScoring` as above,
   * while that record is measured. */
  trainEpoch(onProgress?: (p: BatchProgress) => void, onScoring?: () => void): EpochRecord;
  /** Everything needed to resume bit-identically: weights, velocities, PRNG, schedule state. */
  checkpoint(): Uint8Array;
  weights(): WeightsJson;
}

export interface SessionFactory<O extends TrainingOptions = TrainingOptions> {
  create(config: O, data: LoadedDataset): TrainingSession<O>;
  restore(config: O, data: LoadedDataset, checkpoint: Uint8Array): TrainingSession<O>;
}
