/**
 * Per-layer instrumentation on a fixed probe sample (the first `probeSize` examples of the
 * validation split, or of the training split when there is none): cheap enough to run at epoch
 * 0 and after every epoch. See LayerStats in engine/records.ts for the meaning of each number.
 *
 * - saturated: σ'(z) below 1% of its maximum (sigmoid, softmax: a(1−a) < 0.0025; tanh:
 *   1 − a² < 0.01); ReLU, leaky ReLU and linear never saturate (their σ' is constant per side).
 * - constant: the unit's output range over the probe is below 1e-6.
 * - dead (ReLU, leaky ReLU): z ≤ 0 for every probe input, so no gradient flows through its
 *   positive side again.
 * - gradient norms: ‖(1/P) Σ_x ∂C_x/∂w‖ over the P probe examples, the full-batch gradient of
 *   the probe.
 */
import type { ActivationName, CostName } from './options';
import { derivative, maxDerivative, type Float } from './activations';
import { predictedClass, type ExampleReader } from './examples';
import { backprop, feedforward, Gradients, Workspace, type Network } from './network';
import type { ConvLayerStats, Histogram, LayerStats, MeanStd } from '../base/records';

export const HISTOGRAM_BINS = 30;
const CONSTANT_RANGE = 1e-6;

export interface ProbeStats {
  layers: LayerStats[];
  /** A conv net's conv layers (layers/conv-stats.ts). */
  convLayers?: ConvLayerStats[];
  meanOutput: number[];
  predictedClassFraction: number[];
}

/** Measures every layer on the first `count` examples of `probe`. `epochStart` holds the
 * weights at the start of the last epoch (null at epoch 0: update ratios are 0). */
export function probeStats(
  net: Network,
  probe: ExampleReader,
  count: number,
  cost: CostName,
  epochStart: Float[] | null,
  /** Called after each example (the trainer's heartbeat: a big net's probe takes minutes). */
  tick?: () => void,
): ProbeStats {
  const ws = new Workspace(net);
  const grads = new Gradients(net);
  const units = net.activations.map((act, l) => new UnitAccumulator(act, net.sizes[l + 1]));
  const nOut = net.sizes[net.depth];
  const outputSum = new Float64Array(nOut);
  const predicted = new Float64Array(nOut > 1 ? nOut : 2);
  for (let i = 0; i < count; i++) {
    probe.load(i, ws);
    const out = feedforward(net, ws);
    units.forEach((u, l) => u.add(ws.zs[l], ws.as[l + 1]));
    for (let j = 0; j < nOut; j++) outputSum[j] += out[j];
    predicted[predictedClass(out, nOut)]++;
    backprop(net, ws, cost, probe.target(i), grads);
    tick?.();
  }
  const gradientNorms = units.map((_, l) => ({
    weights: norm(grads.nablaW[l]),
    biases: norm(grads.nablaB[l]),
  }));
  return probeStatsOf(net, { units, gradientNorms, outputSum, predicted }, count, epochStart);
}

/** Sums over the (example, unit) pairs of one layer, and each unit's output range and sign. */
export interface UnitSums {
  sumZ: number;
  sumZ2: number;
  sumA: number;
  sumA2: number;
  /** Pairs whose σ' was below 1% of its maximum. */
  saturated: number;
  minA: ArrayLike<number>;
  maxA: ArrayLike<number>;
  /** Non-zero once the unit had z > 0 for some probe input. */
  alive: ArrayLike<number>;
}

/** What the probe sums over its examples, whoever sums it (probeStats here, or the fast path's
 * kernel): the statistics follow from these and the weights alone. */
export interface ProbeSums {
  units: UnitSums[];
  /** ‖Σ_x ∂C_x/∂w‖ and ‖Σ_x ∂C_x/∂b‖ per layer. */
  gradientNorms: { weights: number; biases: number }[];
  outputSum: ArrayLike<number>;
  /** Examples per predicted class. */
  predicted: ArrayLike<number>;
}

/** The probe's statistics from its sums over `count` examples and the network's weights. */
export function probeStatsOf(
  net: Network,
  sums: ProbeSums,
  count: number,
  epochStart: Float[] | null,
): ProbeStats {
  const layers = sums.units.map((u, l): LayerStats => ({
    layer: l + 1,
    ...unitStats(net.activations[l], net.sizes[l + 1], u, count),
    weights: weightStats(net.weights[l]),
    biases: meanStd(net.biases[l]),
    gradientNorm: sums.gradientNorms[l].weights / count,
    biasGradientNorm: sums.gradientNorms[l].biases / count,
    updateRatio: epochStart ? updateRatio(net.weights[l], epochStart[l]) : 0,
  }));
  const mean = (v: ArrayLike<number>) => Array.from(v, (x) => (count > 0 ? x / count : 0));
  return { layers, meanOutput: mean(sums.outputSum), predictedClassFraction: mean(sums.predicted) };
}

type UnitStats = Pick<
  LayerStats,
  'preActivation' | 'activation' | 'saturatedFraction' | 'constantFraction' | 'deadFraction'
>;

/** The unit statistics of a layer of n units from its sums over `count` probe examples. */
export function unitStats(act: ActivationName, n: number, u: UnitSums, count: number): UnitStats {
  const pairs = count * n;
  let constant = 0;
  let dead = 0;
  for (let j = 0; j < n; j++) {
    if (count > 0 && u.maxA[j] - u.minA[j] < CONSTANT_RANGE) constant++;
    if (count > 0 && u.alive[j] === 0) dead++;
  }
  const ratio = (x: number, of: number) => (of > 0 ? x / of : 0);
  const reluLike = act === 'relu' || act === 'leaky-relu';
  return {
    preActivation: moments(u.sumZ, u.sumZ2, pairs),
    activation: moments(u.sumA, u.sumA2, pairs),
    saturatedFraction: ratio(u.saturated, pairs),
    constantFraction: ratio(constant, n),
    deadFraction: reluLike ? ratio(dead, n) : 0,
  };
}

/** Sums over (example, unit) pairs of one layer, plus each unit's output range and sign. */
export class UnitAccumulator implements UnitSums {
  sumZ = 0;
  sumZ2 = 0;
  sumA = 0;
  sumA2 = 0;
  saturated = 0;
  readonly minA: Float64Array;
  readonly maxA: Float64Array;
  readonly alive: Uint8Array;
  private readonly limit: number | null;

  constructor(
    private readonly act: ActivationName,
    private readonly n: number,
  ) {
    this.minA = new Float64Array(n).fill(Infinity);
    this.maxA = new Float64Array(n).fill(-Infinity);
    this.alive = new Uint8Array(n);
    const max = maxDerivative(act);
    this.limit = max === null ? null : 0.01 * max;
  }

  add(z: Float, a: Float): void {
    for (let j = 0; j < this.n; j++) {
      const zj = z[j];
      const aj = a[j];
      this.sumZ += zj;
      this.sumZ2 += zj * zj;
      this.sumA += aj;
      this.sumA2 += aj * aj;
      if (this.limit !== null && derivative(this.act, zj, aj) < this.limit) this.saturated++;
      if (aj < this.minA[j]) this.minA[j] = aj;
      if (aj > this.maxA[j]) this.maxA[j] = aj;
      if (zj > 0) this.alive[j] = 1;
    }
  }
}

/** Mean and population standard deviation from Σx and Σx² of n values. */
function moments(sum: number, sum2: number, n: number): MeanStd {
  if (n === 0) return { mean: 0, std: 0 };
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

/** Mean, spread, range and histogram of a layer's weights. */
export function weightStats(v: Float): LayerStats['weights'] {
  return { ...meanStd(v), ...range(v), histogram: histogram(v) };
}

export function meanStd(v: Float): MeanStd {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    s2 += v[i] * v[i];
  }
  return moments(s, s2, v.length);
}

/** Smallest and largest of the values `counted` accepts (all by default). */
function range(
  v: Float,
  counted: (x: number) => boolean = () => true,
): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (!counted(v[i])) continue;
    if (v[i] < min) min = v[i];
    if (v[i] > max) max = v[i];
  }
  return { min, max };
}

/** HISTOGRAM_BINS equal bins over [min, max] of the finite values; the max falls in the last
 * bin, and when min = max every value is in the first. Non-finite values are not counted. */
export function histogram(v: Float): Histogram {
  const { min, max } = range(v, Number.isFinite);
  return new HistogramBins(min, max).add(v).histogram();
}

/** Counts values into HISTOGRAM_BINS equal bins over a range known beforehand (the probe's
 * activations arrive one example at a time), by the same rule as `histogram`. */
export class HistogramBins {
  private readonly counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  private readonly width: number;

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.width = (max - min) / HISTOGRAM_BINS;
  }

  add(v: ArrayLike<number>): this {
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) continue;
      const bin = this.width > 0 ? Math.floor((v[i] - this.min) / this.width) : 0;
      this.counts[Math.max(0, Math.min(HISTOGRAM_BINS - 1, bin))]++;
    }
    return this;
  }

  histogram(): Histogram {
    return { min: this.min, max: this.max, counts: [...this.counts] };
  }
}

export function norm(v: Float): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** ‖w − w_start‖ / ‖w‖ (0 when nothing changed). */
export function updateRatio(w: Float, start: Float): number {
  let d = 0;
  for (let i = 0; i < w.length; i++) d += (w[i] - start[i]) ** 2;
  const size = norm(w);
  if (d === 0) return 0;
  return Math.sqrt(d) / size;
}
