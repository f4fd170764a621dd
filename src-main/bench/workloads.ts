/**
 * The benchmark's workloads (issues 4, 19 and 21): MNIST networks timed with the reference engine
 * and the fast path. Effective GFLOP/s are dense-equivalent: 6 floating-point operations per weight
 * and training example (2 forward, 2 for ∂C/∂w, 2 for the update), whether or not the engine skips
 * zero pixels; Nielsen's 784-30-10 epoch of 50,000 images is 6 · 23,820 · 50,000 = 7.15 GFLOP. A
 * conv layer adds its own count (convExampleFlops).
 */
import type { RunConfig, RunConfigInput } from '../../src-shared/experiment/config';
import type { FeatureSpec } from '../../src-shared/engine/options';
import { planFeatures } from '../../src-shared/engine/layers/feature-stack';

export const workloadIds = [
  'nielsen-ch1',
  'founding',
  'wide-ce',
  'dense-relu',
  'shallow-conv',
] as const;
export type WorkloadId = (typeof workloadIds)[number];

export interface Workload {
  id: WorkloadId;
  title: string;
  config: RunConfigInput;
  /** Training examples the reference engine's epoch is cut to (then scaled up), or null for the
   * whole epoch. */
  referenceSubset: number | null;
  /** The same for the fast path, or null for the whole epoch. */
  fastSubset: number | null;
  /** Validation and test examples scored each epoch, when fewer than the dataset's (scoring is
   * not in the timed training, but a slow engine scoring 20,000 examples makes the bench long). */
  scoredSplits?: { validationSize: number; testSize: number };
}

const mnist = { dataset: 'mnist', activations: 'sigmoid', seed: 1, epochs: 1 } as const;

export const workloads: Record<WorkloadId, Workload> = {
  'nielsen-ch1': {
    id: 'nielsen-ch1',
    title: '784-30-10 sigmoid, quadratic, batch 10, η 3.0 (Nielsen ch.1)',
    config: { ...mnist, layers: [784, 30, 10], cost: 'quadratic', batchSize: 10, learningRate: 3 },
    referenceSubset: null,
    fastSubset: null,
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
    fastSubset: null,
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
    fastSubset: null,
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
    fastSubset: null,
  },
  /** Nielsen ch.6's shallow conv net (network3.py). The reference engine trained 500 examples
   * in 1.2 s per epoch here (about 2 minutes for the full epoch; 11 minutes on a loaded machine
   * with scoring), so both engines time a part of the epoch and scale it; GFLOP/s count the
   * convolution too (convExampleFlops). */
  'shallow-conv': {
    id: 'shallow-conv',
    title:
      '28×28 → conv 20×5×5 sigmoid → max-pool 2 → 100 sigmoid → softmax 10, log-likelihood, batch 10, η 0.1 (Nielsen ch.6); GFLOP/s count the conv forward and ∂w (2·F·C·k²·OH·OW each per example, no ∂x for the image) and the dense layers, not pooling',
    config: {
      ...mnist,
      features: {
        input: [28, 28, 1],
        layers: [
          { type: 'conv2d', filters: 20, kernel: 5, stride: 1, padding: 0, activation: 'sigmoid' },
          { type: 'maxpool', size: 2 },
        ],
      },
      layers: [2880, 100, 10],
      activations: ['sigmoid', 'softmax'],
      cost: 'log-likelihood',
      batchSize: 10,
      learningRate: 0.1,
      init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
    },
    referenceSubset: 1_000,
    fastSubset: 5_000,
    scoredSplits: { validationSize: 1_000, testSize: 1_000 },
  },
};

/**
 * Floating-point operations of one example through the conv layers, forward and backward: each
 * conv layer's forward pass is 2·F·C·k²·OH·OW (a multiply and an add per weight and output
 * position), ∂C/∂w the same again, and ∂C/∂x the same once more except for the first conv layer,
 * whose input is the image and needs no gradient. Max-pooling (a comparison per input value), the
 * activations and the conv update (F·C·k² per mini-batch) are left out: each is under 1% here.
 */
export function convExampleFlops(features: FeatureSpec): number {
  let flops = 0;
  let first = true;
  for (const g of planFeatures(features).layers) {
    if (g.type !== 'conv2d') continue;
    const { channels, height, width } = g.output;
    const forward = 2 * channels * g.input.channels * g.kernel ** 2 * height * width;
    flops += forward * (first ? 2 : 3);
    first = false;
  }
  return flops;
}

/** Operations of one training epoch over `examples` examples: the conv layers' (when any) and
 * the dense layers' dense-equivalent count (epochFlops). */
export function workloadEpochFlops(
  config: Pick<RunConfig, 'layers' | 'features'>,
  examples: number,
): number {
  const conv = config.features ? convExampleFlops(config.features) * examples : 0;
  return conv + epochFlops(config.layers, examples);
}

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
