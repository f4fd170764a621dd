/**
 * The pre-flight arithmetic: what the initialization makes of a layer's pre-activation
 * z_j = Σ_k w_jk·x_k + b_j before any training.
 *
 * With weights drawn independently of the inputs (mean μ_w, std σ_w) and n = fan-in inputs:
 *   E[z]   = n·μ_w·E[x] + μ_b                        (large when the weights are not centred)
 *   std(z) ≈ √(n·σ_w²·E[x²] + σ_b²) = σ_w·√n·rms(x)  (biases aside)
 * The spread across examples that comes from how much ink an image has (Var Σ_k x_k) is left
 * out, so the measured spread is somewhat wider; the measured values are the evidence, this
 * estimate is the explanation.
 */
import {
  activationsOf,
  type ActivationName,
  type InitSpec,
  type RunConfig,
} from '../../experiment/config';
import type { MeanStd } from '../../base/records';
import type { InputStats } from './input-stats';

/** |z| beyond which σ'(z) < 1% of its peak: σ(1−σ) < 0.0025 ⇔ |z| > 5.99 for the sigmoid,
 * 1 − tanh² < 0.01 ⇔ |z| > 2.99 for tanh. Other activations do not saturate this way. */
export function saturationThreshold(activation: ActivationName): number | null {
  if (activation === 'sigmoid') return 5.9865;
  if (activation === 'tanh') return 2.9932;
  return null;
}

function uniformMoments(low: number, high: number): MeanStd {
  return { mean: (low + high) / 2, std: (high - low) / Math.sqrt(12) };
}

function valuesMoments(values: number[]): MeanStd {
  if (values.length === 0) return { mean: 0, std: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Mean and std of the values an init spec draws for weight layer `layer` (1-based) with the given
 * fan-in and fan-out. Xavier: std √(2/(n_in+n_out)); He: std √(2/n_in); scaled-normal (Nielsen):
 * std 1/√n_in. Explicit values are read from values[layer − 1].
 */
export function initMoments(spec: InitSpec, fanIn: number, fanOut: number, layer: number): MeanStd {
  switch (spec.kind) {
    case 'uniform':
      return uniformMoments(spec.low, spec.high);
    case 'normal':
      return { mean: spec.mean, std: spec.std };
    case 'scaled-normal':
      return { mean: 0, std: 1 / Math.sqrt(fanIn) };
    case 'xavier-uniform':
    case 'xavier-normal':
      return { mean: 0, std: Math.sqrt(2 / (fanIn + fanOut)) };
    case 'he-uniform':
    case 'he-normal':
      return { mean: 0, std: Math.sqrt(2 / fanIn) };
    case 'constant':
      return { mean: spec.value, std: 0 };
    case 'zeros':
      return { mean: 0, std: 0 };
    case 'explicit':
      return valuesMoments((spec.values[layer - 1] ?? []).flat());
  }
}

export interface PreActivationEstimate {
  layer: number;
  fanIn: number;
  weights: MeanStd;
  biases: MeanStd;
  /** E[z] = n·μ_w·E[x] + μ_b. */
  mean: number;
  /** √(n·σ_w²·E[x²] + σ_b²). */
  std: number;
  /** How many terms of the sum are non-zero for a typical example (n × non-zero fraction). */
  nonZeroTerms: number | null;
  /** P(|z| > threshold) for z ~ N(mean, std²): the share of saturated units it predicts; null
   * when the layer's activation does not saturate. */
  saturatedFraction: number | null;
}

/** Complementary error function (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const r = poly * Math.exp(-x * x);
  return x >= 0 ? r : 2 - r;
}

/** P(|Z| > t) for Z ~ N(mean, std²). */
export function tailBeyond(t: number, mean: number, std: number): number {
  if (std === 0) return Math.abs(mean) > t ? 1 : 0;
  const upper = 0.5 * erfc((t - mean) / (std * Math.SQRT2));
  const lower = 0.5 * erfc((t + mean) / (std * Math.SQRT2));
  return Math.min(1, upper + lower);
}

/**
 * Expected pre-activation of weight layer `layer` (1-based) at initialization, given statistics of
 * that layer's inputs (the dataset's for layer 1, the previous layer's activations otherwise).
 * To price a proposed fix, pass a config with the fixed `init`.
 */
export function expectedPreActivation(
  config: Pick<RunConfig, 'layers' | 'activations' | 'init'>,
  inputStats: InputStats,
  layer = 1,
): PreActivationEstimate {
  const fanIn = config.layers[layer - 1];
  const fanOut = config.layers[layer];
  if (fanIn === undefined || fanOut === undefined) {
    throw new RangeError(`layer must be between 1 and ${config.layers.length - 1}, got ${layer}`);
  }
  const weights = initMoments(config.init.weights, fanIn, fanOut, layer);
  const biases = initMoments(config.init.biases, fanIn, fanOut, layer);
  const mean = fanIn * weights.mean * inputStats.mean + biases.mean;
  const std = Math.sqrt(fanIn * weights.std ** 2 * inputStats.rms ** 2 + biases.std ** 2);
  const threshold = saturationThreshold(activationsOf(config)[layer - 1]);
  return {
    layer,
    fanIn,
    weights,
    biases,
    mean,
    std,
    nonZeroTerms:
      inputStats.nonZeroFraction === undefined ? null : fanIn * inputStats.nonZeroFraction,
    saturatedFraction: threshold === null ? null : tailBeyond(threshold, mean, std),
  };
}

/** The activation's slope at z: σ'(z) = σ(z)(1 − σ(z)) = e^−|z| / (1 + e^−|z|)², computed from
 * e^−|z| so that σ'(52) ≈ 2.6e-23 does not round to 0; 1 − tanh²(z) = 4e^−2|z| / (1 + e^−2|z|)². */
export function slopeAt(activation: ActivationName, z: number): number | null {
  if (activation === 'sigmoid') {
    const e = Math.exp(-Math.abs(z));
    return e / (1 + e) ** 2;
  }
  if (activation === 'tanh') {
    const e = Math.exp(-2 * Math.abs(z));
    return (4 * e) / (1 + e) ** 2;
  }
  return null;
}
