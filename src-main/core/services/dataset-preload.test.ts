import { describe, expect, it, vi } from 'vitest';
import { runConfigSchema } from '../../../src-shared/experiment/config';
import { logicDataset } from '../../../src-shared/datasets/logic';
import { DatasetError } from '../../../src-shared/datasets/errors';
import { admitRunConfig } from './run-admission';
import { preloadDatasets } from './dataset-preload';

const input = { dataset: 'xor', layers: [2, 2, 1], learningRate: 1, batchSize: 4, epochs: 1 };
const config = runConfigSchema.parse(input);

describe('datasets read before admission', () => {
  it('answer the admission check from the async read, reading once, never through the sync loader', async () => {
    const loadAsync = vi.fn(async () => logicDataset('xor'));
    const sync = vi.fn(() => {
      throw new Error('the sync loader was used');
    });
    const load = await preloadDatasets([config, config], loadAsync, sync);
    expect(admitRunConfig(input, load)).toEqual(config);
    expect(loadAsync).toHaveBeenCalledTimes(1);
    expect(sync).not.toHaveBeenCalled();
  });

  it('hand the admission check the same error the read gave', async () => {
    const refusal = new DatasetError('/dev/zero', 'is a device, expected a regular file');
    const load = await preloadDatasets(
      [config],
      async () => {
        throw refusal;
      },
      () => logicDataset('xor'),
    );
    expect(() => admitRunConfig(input, load)).toThrow(
      'Invalid config: dataset: /dev/zero: is a device, expected a regular file',
    );
  });
});
