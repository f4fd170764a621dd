/**
 * What a run config must pass before it is queued: the schema (every field named on failure) and
 * the dataset — it must load, and layers[0] / layers[last] must match its input and output sizes
 * and the parameters must fit in memory. Nothing is written when any check fails.
 */
import { totalmem } from 'node:os';
import { runConfigSchema, type RunConfig } from '../../../src-shared/experiment/config';
import { parseOrThrow, ValidationError } from '../../../src-shared/base/validation';
import { validateShape } from '../../../src-shared/engine/validate-shape';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { DatasetSpec } from '../../../src-shared/experiment/config';
import type { SplitSizes } from '../../../src-shared/datasets/split';
import { messageOf } from '../../../src-shared/base/errors';

export type LoadDataset = (spec: DatasetSpec, sizes: SplitSizes) => LoadedDataset;

/** Half the machine's memory for one run's parameters leaves room for data and the app. */
export const memoryBudgetBytes = () => totalmem() / 2;

/** Throws a ValidationError naming `dataset` (cannot load) or the layer that does not fit. */
export function checkAgainstDataset(
  config: RunConfig,
  loadDataset: LoadDataset,
  what = 'config',
): void {
  let data: LoadedDataset;
  try {
    data = loadDataset(config.dataset, {
      trainSize: config.trainSize,
      validationSize: config.validationSize,
      testSize: config.testSize,
    });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const message = messageOf(error);
    throw new ValidationError(`Invalid ${what}: dataset: ${message}`, [
      { path: `${what}.dataset`, message },
    ]);
  }
  try {
    validateShape(config, data, memoryBudgetBytes());
  } catch (error) {
    if (error instanceof ValidationError && what !== 'config') {
      throw new ValidationError(
        error.message.replace(/^Invalid config/, `Invalid ${what}`),
        error.issues,
      );
    }
    throw error;
  }
}

/** Parses a config and checks it against its dataset. */
export function admitRunConfig(input: unknown, loadDataset: LoadDataset): RunConfig {
  const config = parseOrThrow(runConfigSchema, input, 'config');
  checkAgainstDataset(config, loadDataset);
  return config;
}

/** Checks each distinct (dataset, sizes, layers) of a sweep once; names the first bad run. */
export function checkSweepAgainstDatasets(configs: RunConfig[], loadDataset: LoadDataset): void {
  const seen = new Set<string>();
  configs.forEach((config, i) => {
    const key = JSON.stringify([
      config.dataset,
      config.trainSize,
      config.validationSize,
      config.testSize,
      config.layers,
      config.precision,
      config.momentum > 0,
    ]);
    if (seen.has(key)) return;
    seen.add(key);
    checkAgainstDataset(config, loadDataset, `sweep run ${i + 1}`);
  });
}
