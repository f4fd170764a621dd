/**
 * Admission checks datasets synchronously (run-admission.ts); in the owner that would read the
 * files on its event loop. So the services read them first with the async loader and hand the
 * check a loader that answers from those results — the same data or the same error, so the
 * check says exactly what it would have said, without the files being read twice.
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { DatasetSpec, RunConfig } from '../../../src-shared/experiment/config';
import type { SplitSizes } from '../../../src-shared/datasets/split';
import type { LoadDataset } from './run-admission';

export type LoadDatasetAsync = (spec: DatasetSpec, sizes: SplitSizes) => Promise<LoadedDataset>;

type Outcome = { data: LoadedDataset } | { error: unknown };

/** The split sizes admission asks for (loadFor in run-admission.ts), in the same key order. */
const sizesOf = (c: RunConfig): SplitSizes => ({
  trainSize: c.trainSize,
  validationSize: c.validationSize,
  testSize: c.testSize,
});

const keyOf = (spec: DatasetSpec, sizes: SplitSizes) => JSON.stringify([spec, sizes]);

/** A sync loader over the datasets of `configs`, read beforehand off the event loop; anything
 * else it is asked for is loaded by `fallback`. */
export async function preloadDatasets(
  configs: RunConfig[],
  loadAsync: LoadDatasetAsync,
  fallback: LoadDataset,
): Promise<LoadDataset> {
  const outcomes = new Map<string, Outcome>();
  for (const config of configs) {
    const key = keyOf(config.dataset, sizesOf(config));
    if (outcomes.has(key)) continue;
    try {
      outcomes.set(key, { data: await loadAsync(config.dataset, sizesOf(config)) });
    } catch (error) {
      outcomes.set(key, { error });
    }
  }
  return (spec, sizes) => {
    const outcome = outcomes.get(keyOf(spec, sizes));
    if (!outcome) return fallback(spec, sizes);
    if ('error' in outcome) throw outcome.error;
    return outcome.data;
  };
}
