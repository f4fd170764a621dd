/**
 * Reading a run's epoch records: which accuracy to trust, which epochs trained, how many
 * examples an epoch sees. Epoch 0 is the measurement before any update.
 */
import type { RunConfig } from '../../experiment/config';
import type { EpochRecord } from '../../base/records';

/** The accuracy the doctor judges by: validation, else test, else training; null when none. */
export function accuracyOf(record: EpochRecord): number | null {
  return record.validationAccuracy ?? record.testAccuracy ?? record.trainAccuracy;
}

/** Records after at least one epoch of training (epoch ≥ 1), in order. */
export function trainedRecords(epochs: readonly EpochRecord[]): EpochRecord[] {
  return epochs.filter((r) => r.epoch >= 1);
}

const DEFAULT_TRAIN_SIZE: Record<string, number> = {
  mnist: 50_000,
  'fashion-mnist': 50_000,
  xor: 4,
  and: 4,
  or: 4,
  nand: 4,
};

/** Training examples per epoch: config.trainSize, else the dataset's default split; null when
 * it depends on a file the doctor has not seen. */
export function trainExamples(config: Pick<RunConfig, 'dataset' | 'trainSize'>): number | null {
  if (config.trainSize !== undefined) return config.trainSize;
  const d = config.dataset;
  if (typeof d === 'string') return DEFAULT_TRAIN_SIZE[d] ?? null;
  if (d.kind === 'inline') return d.inputs.length;
  return null;
}

/** Weight updates per epoch: ⌈n / batch size⌉, or null when n is unknown. */
export function updatesPerEpoch(
  config: Pick<RunConfig, 'dataset' | 'trainSize' | 'batchSize'>,
): number | null {
  const n = trainExamples(config);
  return n === null ? null : Math.ceil(n / config.batchSize);
}

/** Whether every number the record carries about cost is finite. */
export function costsAreFinite(record: EpochRecord): boolean {
  return [record.trainCost, record.validationCost, record.testCost].every(
    (c) => c === null || Number.isFinite(c),
  );
}
