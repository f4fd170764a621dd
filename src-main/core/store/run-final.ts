/** The run row's summary of its latest and best epoch, updated with every epoch written. */
import type { EpochRecord } from '../../../src-shared/base/records';
import type { RunFinal } from '../../../src-shared/contract/types';

/** A number that can be compared: NaN and null are "no value". */
const usable = (v: number | null): v is number => v !== null && !Number.isNaN(v);

/**
 * Folds one more record into the summary. Best validation accuracy is the maximum over the epochs
 * so far (the earliest epoch wins a tie), so it never needs the earlier records again.
 */
export function foldFinal(previous: RunFinal | null, record: EpochRecord): RunFinal {
  let best = previous?.bestValidationAccuracy ?? null;
  let bestEpoch = previous?.bestEpoch ?? null;
  if (usable(record.validationAccuracy) && (best === null || record.validationAccuracy > best)) {
    best = record.validationAccuracy;
    bestEpoch = record.epoch;
  }
  return {
    epochs: record.epoch,
    trainCost: record.trainCost,
    validationAccuracy: record.validationAccuracy,
    testAccuracy: record.testAccuracy,
    testCost: record.testCost,
    bestValidationAccuracy: best,
    bestEpoch,
  };
}

/** The summary of a whole list of records (epoch order), or null when there are none. */
export function finalOf(records: EpochRecord[]): RunFinal | null {
  return records.reduce<RunFinal | null>((final, r) => foldFinal(final, r), null);
}
