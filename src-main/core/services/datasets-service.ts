/** DatasetsService: what can be trained on, and test images for galleries. */
import type { DatasetsService } from '../../../src-shared/contract/services';
import type { DatasetInfo } from '../../../src-shared/contract/types';
import { datasetSpecSchema } from '../../../src-shared/experiment/config';
import { parseOrThrow } from '../../../src-shared/base/validation';
import type { LoadDatasetAsync } from './dataset-preload';
import { notFound } from '../../../src-shared/base/errors';

export function createDatasetsService(deps: {
  listDatasets(): DatasetInfo[] | Promise<DatasetInfo[]>;
  /** Reads off the event loop (a gallery's first look at MNIST reads 47 MB). */
  loadDataset: LoadDatasetAsync;
}): DatasetsService {
  return {
    async list() {
      return deps.listDatasets();
    },
    /** Pixels as bytes 0–255 (float inputs in [0, 1] are scaled back), row-major. */
    async samples(id, indices) {
      const spec = parseOrThrow(datasetSpecSchema, id, 'id');
      const { test } = await deps.loadDataset(spec, {});
      const bad = indices.find((i) => i >= test.count);
      if (bad !== undefined)
        throw notFound(`Sample ${bad} does not exist: ${id} has ${test.count} test examples`);
      const n = test.inputSize;
      const pixels = indices.map((i) => {
        const row = test.inputs.subarray(i * n, (i + 1) * n);
        return row instanceof Uint8Array
          ? Array.from(row)
          : Array.from(row, (v) => Math.round(v * 255));
      });
      return { pixels, labels: indices.map((i) => test.labels[i]) };
    },
  };
}
