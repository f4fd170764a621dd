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

/**
 * How a mini-batch's gradient g = (1/m) Σ_x ∂C_x/∂w (+ the L2/L1 terms) becomes a step. Defaults are
 * the ones in each method's paper and in Keras, filled in by the run-config schema:
 * - sgd       w → w − η g                                              (Nielsen ch.1)
 * - momentum  v → μ v − η g, w → w + v          μ 0.9                   (Nielsen ch.3)
 * - nesterov  v → μ v − η g, w → w + μ v − η g  μ 0.9   (Sutskever et al. 2013, as in Keras)
 * - rmsprop   r → ρ r + (1 − ρ) g², w → w − η g / (√r + ε)   ρ 0.9, ε 1e-8   (Hinton, lecture 6e)
 * - adam      m → β₁ m + (1 − β₁) g, v → β₂ v + (1 − β₂) g², w → w − η m̂ / (√v̂ + ε),
 *             m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)   β₁ 0.9, β₂ 0.999, ε 1e-8   (Kingma & Ba 2015)
 */
export type OptimizerSpec =
  | { kind: 'sgd' }
  | { kind: 'momentum'; momentum: number }
  | { kind: 'nesterov'; momentum: number }
  | { kind: 'rmsprop'; rho: number; epsilon: number }
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number };

export const optimizerKinds = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'] as const;
export type OptimizerKind = OptimizerSpec['kind'];

/** Ch.3/ch.6's expanded training set: every training image also shifted by `pixels` up, down,
 * left and right (5× the examples), the uncovered row or column filled with zeros. */
export interface ExpandSpec {
  kind: 'shift';
  pixels: number;
}

/** A convolutional layer or a max-pool in front of the dense layers (engine/layers/). */
export type FeatureLayerSpec =
  | {
      type: 'conv2d';
      filters: number;
      kernel: number;
      stride: number;
      padding: number;
      activation: ActivationName;
    }
  /** stride absent: = size (windows side by side). */
  | { type: 'maxpool'; size: number; stride?: number };

/**
 * The convolutional part of a network (Nielsen ch.6): the input image's shape as
 * [height, width, channels] (a dataset row holds the pixels row by row, a pixel's channels side
 * by side) and the conv/pool layers it goes through; their output, flattened channel-major, is
 * the dense network's input, so layers[0] equals its volume.
 */
export interface FeatureSpec {
  input: [number, number, number];
  layers: FeatureLayerSpec[];
}

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
  /** Inverted-dropout rate p on the output of each neuron layer, input first (length
   * layers.length − 1; the input's entry must be 0). Absent: no dropout. */
  dropout?: number[];
  /** Absent: `momentum` decides (μ > 0: momentum, else sgd), as before optimizers had a field. */
  optimizer?: OptimizerSpec;
  /** Absent: train on the training split as it is. */
  expand?: ExpandSpec;
  /** Conv and max-pool layers before layers[0]; absent: the input goes straight to the dense
   * layers. */
  features?: FeatureSpec;
}

/** The optimizer a run uses: `optimizer` when given, else momentum SGD when μ > 0, else SGD. */
export function optimizerOf(
  options: Pick<TrainingOptions, 'optimizer' | 'momentum'>,
): OptimizerSpec {
  if (options.optimizer) return options.optimizer;
  return options.momentum > 0 ? { kind: 'momentum', momentum: options.momentum } : { kind: 'sgd' };
}

/** The dropout rate of each neuron layer l = 0 … L−1 (zeros when the run has none). */
export function dropoutOf(options: Pick<TrainingOptions, 'layers' | 'dropout'>): number[] {
  return options.dropout ?? options.layers.slice(1).map(() => 0);
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
