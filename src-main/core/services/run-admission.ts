/**
 * What a run config must pass before it is queued: the schema (every field named on failure) and
 * the dataset — it must load, and layers[0] / layers[last] must match its input and output sizes
 * and the parameters must fit in memory; what could only fail once training runs (early stopping
 * without a validation set, engine "fast" on a config it cannot run) is refused here too.
 * Nothing is written when any check fails.
 */
import { runConfigSchema, type RunConfig } from '../../../src-shared/experiment/config';
import { parseOrThrow, ValidationError } from '../../../src-shared/base/validation';
import { validateShape } from '../../../src-shared/engine/validate-shape';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { DatasetSpec } from '../../../src-shared/experiment/config';
import type { SplitSizes } from '../../../src-shared/datasets/split';
import { fastConfigProblem } from '../../../src-shared/experiment/fast-engine';
import { messageOf } from '../../../src-shared/base/errors';
/** The budget the queue shares among running runs: a run whose parameters alone exceed it is
 * refused here. */
import { memoryBudgetBytes } from '../queue/memory-admission';

export type LoadDataset = (spec: DatasetSpec, sizes: SplitSizes) => LoadedDataset;

/** Loads the config's dataset, or throws a ValidationError naming `dataset`. */
function loadFor(config: RunConfig, loadDataset: LoadDataset, what: string): LoadedDataset {
  try {
    return loadDataset(config.dataset, {
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
}

function refuse(what: string, path: string, message: string): never {
  throw new ValidationError(`Invalid ${what}: ${path}: ${message}`, [
    { path: `${what}.${path}`, message },
  ]);
}

/** What would only fail once the run trains: the shapes and memory (validateShape), early
 * stopping without validation examples, and an engine that cannot run the config. */
function checkLoaded(config: RunConfig, data: LoadedDataset, what: string): void {
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
  if (config.earlyStopping && data.validation.count === 0)
    refuse(
      what,
      'earlyStopping',
      `early stopping watches the validation set, and this run has none: set validationSize above 0 or earlyStopping to null`,
    );
  const fastProblem = config.engine === 'fast' ? fastConfigProblem(config) : null;
  if (fastProblem)
    refuse(
      what,
      'engine',
      `engine "fast" cannot run this config: ${fastProblem}; use engine "auto" or "reference"`,
    );
}

/** Throws a ValidationError naming `dataset` (cannot load), the layer that does not fit, or the
 * field that cannot work with this dataset or engine. */
export function checkAgainstDataset(
  config: RunConfig,
  loadDataset: LoadDataset,
  what = 'config',
): void {
  checkLoaded(config, loadFor(config, loadDataset, what), what);
}

/** Parses a config and checks it against its dataset. */
export function admitRunConfig(input: unknown, loadDataset: LoadDataset): RunConfig {
  const config = parseOrThrow(runConfigSchema, input, 'config');
  checkAgainstDataset(config, loadDataset);
  return config;
}

/** Checks every config of a sweep before any is queued, naming the first bad run. A dataset is
 * loaded once per (dataset, split sizes); each run is checked against it, since any field (an
 * explicit init, the engine) may differ between runs. */
export function checkSweepAgainstDatasets(configs: RunConfig[], loadDataset: LoadDataset): void {
  const loaded = new Map<string, LoadedDataset>();
  configs.forEach((config, i) => {
    const what = `sweep run ${i + 1}`;
    const key = JSON.stringify([
      config.dataset,
      config.trainSize,
      config.validationSize,
      config.testSize,
    ]);
    if (!loaded.has(key)) loaded.set(key, loadFor(config, loadDataset, what));
    checkLoaded(config, loaded.get(key)!, what);
  });
}
