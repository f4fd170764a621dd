/**
 * What happens between epochs: the learning-rate schedule (constant, step decay, reduce on
 * plateau) and early stopping. Both watch a metric with patience; their state is plain JSON so a
 * checkpoint can carry it.
 *
 * Metrics fall back to the training set when the run has no validation split: plateau watches
 * validation cost (else train cost); early stopping watches its configured validation metric
 * (else the same metric on the training set).
 */
import type { TrainingOptions } from './options';
import type { EpochRecord } from '../base/records';

/** Best value so far, the epoch it came from, and epochs since without improvement. */
export interface Patience {
  best: number | null;
  bestEpoch: number;
  bad: number;
}

export interface ControlState {
  learningRate: number;
  plateau: Patience;
  early: Patience;
  /** Early stopping fired. */
  stopped: boolean;
}

export function initialControl(config: TrainingOptions): ControlState {
  const fresh = (): Patience => ({ best: null, bestEpoch: 0, bad: 0 });
  return { learningRate: config.learningRate, plateau: fresh(), early: fresh(), stopped: false };
}

/** Records `value` of `epoch`; a NaN never counts as an improvement. */
export function observe(p: Patience, value: number, epoch: number, higherIsBetter: boolean): void {
  const better =
    p.best === null ? !Number.isNaN(value) : higherIsBetter ? value > p.best : value < p.best;
  if (better) {
    p.best = value;
    p.bestEpoch = epoch;
    p.bad = 0;
  } else {
    p.bad++;
  }
}

/** Whether the learning rate and stopping after an epoch are known before its record: no
 * plateau schedule and no early stopping. Then the next epoch may start while this one is still
 * being scored. */
export function controlIgnoresRecords(config: TrainingOptions): boolean {
  return config.schedule.kind !== 'plateau' && !config.earlyStopping;
}

/** The learning rate after `epoch` under a constant or step schedule. */
export function scheduledRate(config: TrainingOptions, rate: number, epoch: number): number {
  const schedule = config.schedule;
  return schedule.kind === 'step' && epoch % schedule.every === 0 ? rate * schedule.factor : rate;
}

/** Updates the learning rate for the next epoch and the early-stopping flag after `record`. */
export function afterEpoch(
  config: TrainingOptions,
  state: ControlState,
  record: EpochRecord,
): void {
  const schedule = config.schedule;
  if (schedule.kind !== 'plateau') {
    state.learningRate = scheduledRate(config, state.learningRate, record.epoch);
  } else {
    observe(state.plateau, record.validationCost ?? record.trainCost, record.epoch, false);
    if (state.plateau.bad >= schedule.patience) {
      state.learningRate = Math.max(state.learningRate * schedule.factor, schedule.minLearningRate);
      state.plateau.bad = 0;
    }
  }
  const early = config.earlyStopping;
  if (early) {
    const accuracy = early.metric === 'validationAccuracy';
    const value = accuracy
      ? (record.validationAccuracy ?? record.trainAccuracy ?? Number.NaN)
      : (record.validationCost ?? record.trainCost);
    observe(state.early, value, record.epoch, accuracy);
    if (state.early.bad >= early.patience) state.stopped = true;
  }
}
