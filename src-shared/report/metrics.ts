/**
 * A run's final and best metrics, from the run row's `final` when the store has filled it, else
 * derived from its epoch records (last record = final; best = highest validation accuracy).
 */
import type { RunDetail } from '../experiment/run';
import type { EpochRecord } from '../base/records';

export interface FinalMetrics {
  epochs: number;
  trainCost: number | null;
  validationCost: number | null;
  validationAccuracy: number | null;
  testCost: number | null;
  testAccuracy: number | null;
  bestValidationAccuracy: number | null;
  bestEpoch: number | null;
  /** Training seconds summed over epochs. */
  seconds: number;
}

export function finalMetricsOf(run: Pick<RunDetail, 'final' | 'epochs' | 'logged'>): FinalMetrics {
  const last: EpochRecord | undefined = run.epochs[run.epochs.length - 1];
  const best = bestEpochOf(run.epochs);
  const fromEpochs: FinalMetrics = {
    // A logged run has no epoch records: its extent is the last epoch its metrics name.
    epochs: run.logged ? (run.logged.lastEpoch ?? 0) : (last?.epoch ?? 0),
    trainCost: last?.trainCost ?? null,
    validationCost: last?.validationCost ?? null,
    validationAccuracy: last?.validationAccuracy ?? null,
    testCost: last?.testCost ?? null,
    testAccuracy: last?.testAccuracy ?? null,
    bestValidationAccuracy: best?.validationAccuracy ?? null,
    bestEpoch: best?.epoch ?? null,
    seconds: run.epochs.reduce((s, e) => s + e.seconds, 0),
  };
  const f = run.final;
  if (!f) return fromEpochs;
  return {
    ...fromEpochs,
    epochs: f.epochs,
    trainCost: f.trainCost ?? fromEpochs.trainCost,
    validationAccuracy: f.validationAccuracy ?? fromEpochs.validationAccuracy,
    testAccuracy: f.testAccuracy ?? fromEpochs.testAccuracy,
    testCost: f.testCost ?? fromEpochs.testCost,
    bestValidationAccuracy: f.bestValidationAccuracy ?? fromEpochs.bestValidationAccuracy,
    bestEpoch: f.bestEpoch ?? fromEpochs.bestEpoch,
  };
}

/** The epoch with the highest validation accuracy (the first one on ties); null when none has it. */
export function bestEpochOf(epochs: EpochRecord[]): EpochRecord | null {
  let best: EpochRecord | null = null;
  for (const e of epochs) {
    const acc = e.validationAccuracy;
    if (acc === null || Number.isNaN(acc)) continue;
    if (best === null || acc > (best.validationAccuracy as number)) best = e;
  }
  return best;
}
