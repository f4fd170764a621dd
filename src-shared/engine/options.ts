/**
 * What the engine is asked to do, in its own plain terms, as network.py takes sizes, eta and
 * mini-batches: the engine knows no run config, dataset spec or host. experiment/config's schema
 * takes its names from here, and its RunConfig has every field below (the compiler checks it
 * wherever a run config reaches the engine; experiment/engine-options.test.ts checks both ways).
 */

export const activationNames = [
  'sigmoid',
  'tanh',
  'relu',
  'leaky-relu',
  'linear',
  'softmax',
] as const;
export const costNames = ['quadratic', 'cross-entropy', 'log-likelihood'] as const;

export type ActivationName = (typeof activationNames)[number];
export type CostName = (typeof costNames)[number];

/** Weight or bias initialization. Explicit values follow Nielsen: values[l][j][k] is the weight
 * from neuron k of layer l to neuron j of layer l+1; explicit biases are values[l][j]. */
export type InitSpec =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'scaled-normal' }
  | { kind: 'xavier-uniform' }
  | { kind: 'xavier-normal' }
  | { kind: 'he-uniform' }
  | { kind: 'he-normal' }
  | { kind: 'constant'; value: number }
  | { kind: 'zeros' }
  | { kind: 'explicit'; values: (number[][] | number[])[] };

/** How the learning rate η changes between epochs. */
export type ScheduleSpec =
  | { kind: 'constant' }
  | { kind: 'step'; every: number; factor: number }
  | { kind: 'plateau'; patience: number; factor: number; minLearningRate: number };

export interface EarlyStoppingSpec {
  metric: 'validationAccuracy' | 'validationCost';
  patience: number;
}

export interface TrainingOptions {
  /** Nielsen's `sizes`: neurons per layer, input first. */
  layers: number[];
  /** One activation for every weight layer, or one per weight layer. */
  activations: ActivationName | ActivationName[];
  cost: CostName;
  init: { weights: InitSpec; biases: InitSpec };
  /** η. */
  learningRate: number;
  /** Mini-batch size m. */
  batchSize: number;
  epochs: number;
  /** Seed of the run's Rng: initialization, shuffles and the probe all draw from it. */
  seed: number;
  /** λ of L2 and L1 regularization. */
  l2: number;
  l1: number;
  /** μ of momentum SGD (0: plain SGD). */
  momentum: number;
  trainBiases: boolean;
  precision: 'float32' | 'float64';
  schedule: ScheduleSpec;
  earlyStopping: EarlyStoppingSpec | null;
  shuffle: boolean;
  /** Examples of the validation set used for per-epoch layer statistics. */
  probeSize: number;
}

/** The activation of each weight layer (length layers.length - 1). */
export function activationsOf(
  options: Pick<TrainingOptions, 'layers' | 'activations'>,
): ActivationName[] {
  const n = options.layers.length - 1;
  return Array.isArray(options.activations)
    ? options.activations
    : Array.from({ length: n }, () => options.activations as ActivationName);
}
