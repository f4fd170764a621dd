/**
 * Plain-JSON records the engine emits and the store keeps. Numbers may be NaN or ±Infinity
 * (a diverged run); the store and the transports preserve them explicitly.
 */

/** A histogram with equal-width bins over [min, max]. */
export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

export interface MeanStd {
  mean: number;
  std: number;
}

/** Statistics of one weight layer l (1-based: layer 1 maps the inputs to the first hidden layer),
 * measured on the fixed probe sample. */
export interface LayerStats {
  layer: number;
  /** z = w·a + b over probe examples and units. */
  preActivation: MeanStd;
  /** a = σ(z). */
  activation: MeanStd;
  /** Fraction of (example, unit) pairs with σ'(z) below 1% of its maximum. */
  saturatedFraction: number;
  /** Fraction of units whose output is the same (within 1e-6 of its range) for every probe input. */
  constantFraction: number;
  /** Fraction of ReLU units that output 0 for every probe input (0 for other activations). */
  deadFraction: number;
  weights: MeanStd & { min: number; max: number; histogram: Histogram };
  biases: MeanStd;
  /** ‖∂C/∂w‖ for this layer on the probe sample. */
  gradientNorm: number;
  biasGradientNorm: number;
  /** ‖Δw‖ / ‖w‖ over the last epoch (0 at epoch 0). */
  updateRatio: number;
}

/**
 * Statistics of one conv2d layer (1-based among the conv layers: conv layer 1 sees the image),
 * measured on the same probe examples as LayerStats. A unit is one position of one feature map,
 * (filter f, row i, column j); its pre-activation z(f, i, j) and a = σ(z) are those of
 * engine/layers/conv2d.ts. Fractions and moments read as in LayerStats over those units.
 */
export interface ConvLayerStats {
  conv: number;
  preActivation: MeanStd;
  activation: MeanStd;
  /** Every a over probe examples and units, in HISTOGRAM_BINS bins over their range. */
  activationHistogram: Histogram;
  saturatedFraction: number;
  constantFraction: number;
  /** Fraction of ReLU units (filter, position) with z ≤ 0 for every probe input. */
  deadFraction: number;
  /** Fraction of ReLU filters whose whole map is 0 for every probe input: the filter's weights
   * and bias get no gradient at all (0 for other activations). */
  deadFilterFraction: number;
  weights: LayerStats['weights'];
  biases: MeanStd;
  /** ‖∂C/∂w‖ of the layer's [F, C, k, k] weights on the probe sample. */
  gradientNorm: number;
  /** ‖∂C/∂b‖ over the F shared biases, each summed over its map's positions (BP3). Divided by
   * √F it is the gradient per bias parameter, as ‖∂C/∂b‖/√n is for a dense layer. */
  biasGradientNorm: number;
  /** ‖Δw‖ / ‖w‖ over the last epoch (0 at epoch 0). */
  updateRatio: number;
}

export interface EpochRecord {
  /** 0 = before any update. */
  epoch: number;
  trainCost: number;
  trainAccuracy: number | null;
  validationCost: number | null;
  validationAccuracy: number | null;
  testCost: number | null;
  testAccuracy: number | null;
  learningRate: number;
  /** Wall-clock seconds the epoch's training took (0 at epoch 0). */
  seconds: number;
  layers: LayerStats[];
  /** A conv net's conv2d layers, first first; absent for a dense network (and in records made
   * before conv layers were measured). */
  convLayers?: ConvLayerStats[];
  /** Mean of the output activations over the probe sample. */
  meanOutput: number[];
  /** Fraction of probe examples predicted as each class. */
  predictedClassFraction: number[];
}

/** Weights in Nielsen's convention: weights[l][j][k] from neuron k of layer l to neuron j of l+1. */
export interface WeightsJson {
  weights: number[][][];
  biases: number[][];
  /** A conv net's conv layers in order (the dense layers above come after them): each layer's
   * weights flat in [F, C, k, k] order (engine/layers/conv2d.ts) and its F biases. Their shapes
   * are the run's config.features; absent for a dense-only network. */
  features?: FeatureWeightsJson;
}

export interface FeatureWeightsJson {
  weights: number[][];
  biases: number[][];
}
