/** Building configs and datasets for engine tests (not used by the app). */
import { runConfigSchema, type RunConfig, type RunConfigInput } from './config';
import { inlineDataset } from '../datasets/inline';
import type { LoadedDataset } from '../base/dataset';

/** A config with the defaults filled in; `layers`, `learningRate`, `batchSize` and `epochs`
 * default to a tiny run. */
export function testConfig(input: Partial<RunConfigInput>): RunConfig {
  return runConfigSchema.parse({
    layers: [2, 2, 1],
    learningRate: 1,
    batchSize: 1,
    epochs: 1,
    ...input,
  });
}

/** An inline dataset from rows of inputs and targets (all examples train). */
export function inlineData(inputs: number[][], targets: number[][], sizes = {}): LoadedDataset {
  return inlineDataset({ kind: 'inline', inputs, targets }, sizes);
}
