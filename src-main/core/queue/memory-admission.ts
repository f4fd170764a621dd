/**
 * How much memory the local queue lets its runs take together. Admission (run-admission.ts)
 * refuses a run whose parameters alone exceed the budget; the queue then starts a run only when
 * the estimates of every running run plus this one fit the same budget, so two runs each just
 * under it never start together and exhaust the machine.
 */
import { totalmem } from 'node:os';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { estimateMemoryBytes } from '../../../src-shared/engine/validate-shape';

/** Half the machine's memory for the runs' parameters and data leaves room for the app. */
export const memoryBudgetBytes = () => totalmem() / 2;

/** Nielsen's MNIST split (50,000 / 10,000 / 10,000), counted for a split whose size the config
 * leaves to the dataset: no built-in dataset is larger. */
const DEFAULT_SPLIT = { trainSize: 50_000, validationSize: 10_000, testSize: 10_000 };

/** Bytes a run needs: the engine's copies of its parameters (validate-shape.ts) plus its examples
 * as 4-byte numbers (inputs and targets). A conv net's inputs are its images (features.input), not
 * its conv output layers[0]; expanded data holds every training example 5 times (expand.ts). */
export function estimateRunBytes(config: RunConfig): number {
  const train = (config.trainSize ?? DEFAULT_SPLIT.trainSize) * (config.expand ? 5 : 1);
  const examples =
    train +
    (config.validationSize ?? DEFAULT_SPLIT.validationSize) +
    (config.testSize ?? DEFAULT_SPLIT.testSize);
  const input = config.features
    ? config.features.input.reduce((n, d) => n * d, 1)
    : config.layers[0];
  const perExample = (input + config.layers[config.layers.length - 1]) * 4;
  return estimateMemoryBytes(config) + examples * perExample;
}

/**
 * Whether a run of `bytes` may start beside runs that take `runningBytes`. With nothing running
 * it always may: admission already refused what can never fit, and a run must not wait forever.
 */
export function fitsBeside(
  runningBytes: readonly number[],
  bytes: number,
  budget: number,
): boolean {
  if (runningBytes.length === 0) return true;
  return runningBytes.reduce((sum, b) => sum + b, bytes) <= budget;
}
