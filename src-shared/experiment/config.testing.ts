/** Building configs and datasets for engine tests (not used by the app). */
import { runConfigSchema, type RunConfig, type RunConfigInput } from './config';
import { inlineDataset } from '../datasets/inline';
import type { LoadedDataset } from '../base/dataset';
import { Rng } from '../engine/rng';

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

/** 60 examples of 5 noisy inputs in 3 classes (36 train, 12 validation, 12 test). */
export function blobData(): LoadedDataset {
  const rng = new Rng(99);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    inputs.push(Array.from({ length: 5 }, (_, k) => (k === c ? 0.8 : 0) + 0.3 * rng.next()));
    targets.push([0, 1, 2].map((j) => (j === c ? 1 : 0)));
  }
  return inlineData(inputs, targets, { validationSize: 12, testSize: 12 });
}
