/**
 * The benchmark's workloads (issue 4): MNIST networks timed with the reference engine and the
 * fast path. Effective GFLOP/s are dense-equivalent: 6 floating-point operations per weight and
 * training example (2 forward, 2 for ∂C/∂w, 2 for the update), whether or not the engine skips
 * zero pixels; Nielsen's 784-30-10 epoch of 50,000 images is 6 · 23,820 · 50,000 = 7.15 GFLOP.
 */
import type { RunConfigInput } from '../../src-shared/experiment/config';

export const workloadIds = ['nielsen-ch1', 'founding', 'wide-ce', 'dense-relu'] as const;
export type WorkloadId = (typeof workloadIds)[number];

export interface Workload {
  id: WorkloadId;
  title: string;
  config: RunConfigInput;
  /** Training examples the reference engine's epoch is cut to (then scaled up), or null for the
   * whole epoch. */
  referenceSubset: number | null;
}

const mnist = { dataset: 'mnist', activations: 'sigmoid', seed: 1, epochs: 1 } as const;

export const workloads: Record<WorkloadId, Workload> = {
  'nielsen-ch1': {
    id: 'nielsen-ch1',
    title: '784-30-10 sigmoid, quadratic, batch 10, η 3.0 (Nielsen ch.1)',
    config: { ...mnist, layers: [784, 30, 10], cost: 'quadratic', batchSize: 10, learningRate: 3 },
    referenceSubset: null,
  },
  founding: {
    id: 'founding',
    title: '784-15-10 sigmoid, quadratic, batch 1, η 0.5, U[-0.5, 0.5)',
    config: {
      ...mnist,
      layers: [784, 15, 10],
      cost: 'quadratic',
      batchSize: 1,
      learningRate: 0.5,
      init: {
        weights: { kind: 'uniform', low: -0.5, high: 0.5 },
        biases: { kind: 'uniform', low: -0.5, high: 0.5 },
      },
    },
    referenceSubset: null,
  },
  'wide-ce': {
    id: 'wide-ce',
    title: '784-100-10 sigmoid, cross-entropy, batch 100, η 0.5',
    config: {
      ...mnist,
      layers: [784, 100, 10],
      cost: 'cross-entropy',
      batchSize: 100,
      learningRate: 0.5,
      init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
    },
    referenceSubset: 10_000,
  },
  /** Where dense throughput matters: two hidden layers of 100, so most of the work is dense
   * products (its GFLOP/s are set against the bench's GEMM peak). */
  'dense-relu': {
    id: 'dense-relu',
    title: '784-100-100-10 ReLU, softmax with log-likelihood, batch 32, η 0.1',
    config: {
      ...mnist,
      layers: [784, 100, 100, 10],
      activations: ['relu', 'relu', 'softmax'],
      cost: 'log-likelihood',
      batchSize: 32,
      learningRate: 0.1,
      init: { weights: { kind: 'he-normal' }, biases: { kind: 'zeros' } },
    },
    referenceSubset: 5_000,
  },
};

/** Dense-equivalent floating-point operations of one epoch over `examples` examples. */
export function epochFlops(layers: readonly number[], examples: number): number {
  let weights = 0;
  for (let l = 0; l + 1 < layers.length; l++) weights += layers[l] * layers[l + 1];
  return 6 * weights * examples;
}

/**
 * Floating-point operations an epoch really takes when the first layer skips zero inputs (as
 * both engines do): 6 per weight and example, the first layer's weights counted only for the
 * `nonZero` inputs an example has on average.
 */
export function sparseEpochFlops(
  layers: readonly number[],
  examples: number,
  nonZero: number,
): number {
  let weights = nonZero * layers[1];
  for (let l = 1; l + 1 < layers.length; l++) weights += layers[l] * layers[l + 1];
  return 6 * weights * examples;
}
