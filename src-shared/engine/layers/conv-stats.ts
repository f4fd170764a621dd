/**
 * The probe's statistics of every conv2d layer (base/records.ts ConvLayerStats), over the same
 * probe examples and by the same rules as the dense layers' (layer-stats.ts): a unit is one
 * position (f, i, j) of one feature map, saturated when σ'(z) is below 1% of its peak, dead
 * (ReLU) when z ≤ 0 for every probe input; a filter is dead when every unit of its map is.
 *
 * Gradients: each probe example runs forward, the dense network's backprop, ∂C/∂a^0 (BP2 into
 * the conv output) and back through the stack, so ∂C/∂w and ∂C/∂b of each conv layer are the
 * probe's full-batch gradient (1/P) Σ_x ∂C_x/∂·, as the dense layers' are. A filter's bias is
 * shared by its whole map, so ∂C/∂b_f sums δ over the map (BP3): it is one parameter's gradient,
 * and ‖∂C/∂b‖/√F compares with a dense layer's ‖∂C/∂b‖/√n (gradient per bias parameter).
 *
 * The activation histogram needs the range first: a second pass runs the conv layers only.
 * Both the reference session and the fast path (with a float32 mirror of its weights) call
 * `convProbeStats`; it uses the stack's gradient arrays as scratch and leaves them zeroed.
 */
import type { CostName } from '../options';
import type { Float } from '../activations';
import type { ExampleReader } from '../examples';
import { backprop, feedforward, Gradients, Workspace, type Network } from '../network';
import {
  HistogramBins,
  meanStd,
  norm,
  UnitAccumulator,
  unitStats,
  updateRatio,
  weightStats,
} from '../layer-stats';
import type { ConvLayerStats, Histogram } from '../../base/records';
import type { Conv2dGeometry } from './conv2d';
import { FeatureReader, inputGradient, type FeatureStack } from './feature-stack';
import { volume } from './tensor';

/**
 * Measures every conv layer of `stack` on the first `count` examples of `probe`, which must read
 * through `stack` (a FeatureReader of it) into the dense network `net`. `epochStart` holds the
 * conv weights at the start of the last epoch, one array per conv layer (null at epoch 0:
 * update ratios are 0).
 */
export function convProbeStats(
  stack: FeatureStack,
  net: Network,
  probe: ExampleReader,
  count: number,
  cost: CostName,
  epochStart: Float[] | null,
  /** Called after each example of each pass (the trainer's heartbeat). */
  tick?: () => void,
): ConvLayerStats[] {
  if (!(probe instanceof FeatureReader) || probe.stack !== stack)
    throw new Error('convProbeStats: the probe must read its examples through the same stack');
  const convs = convGeometries(stack);
  const units = convs.map((g) => new UnitAccumulator(g.activation, volume(g.output)));
  const ws = new Workspace(net);
  stack.zeroGradients();
  const visit = (c: number) => {
    const { z, a } = stack.convValues(c);
    units[c].add(z, a);
  };
  backpropProbe(stack, net, { probe, count, cost, ws, tick }, visit);
  const perExample = (v: Float) => (count > 0 ? norm(v) / count : 0);
  const gradients = convs.map((_, c) => ({
    weights: perExample(stack.grads.w[c]),
    biases: perExample(stack.grads.b[c]),
  }));
  stack.zeroGradients();
  const histograms = activationHistograms(stack, { probe, count, ws, tick }, units);
  return convs.map((g, c): ConvLayerStats => {
    const unit = unitStats(g.activation, volume(g.output), units[c], count);
    const w = stack.params.w[c];
    return {
      conv: c + 1,
      ...unit,
      activationHistogram: histograms[c],
      deadFilterFraction: unit.deadFraction > 0 ? deadFilterFraction(g, units[c].alive) : 0,
      weights: weightStats(w),
      biases: meanStd(stack.params.b[c]),
      gradientNorm: gradients[c].weights,
      biasGradientNorm: gradients[c].biases,
      updateRatio: epochStart ? updateRatio(w, epochStart[c]) : 0,
    };
  });
}

/** One pass over the first `count` probe examples. */
interface ProbePass {
  probe: ExampleReader;
  count: number;
  ws: Workspace;
  tick: (() => void) | undefined;
}

/** The conv2d layers of the stack, in order. */
function convGeometries(stack: FeatureStack): Conv2dGeometry[] {
  return stack.plan.layers.filter((g) => g.type === 'conv2d');
}

/** Runs each probe example forward and back (summing every conv layer's ∂C/∂w and ∂C/∂b into
 * stack.grads) and calls `visit` for each conv layer while its values are those of the example. */
function backpropProbe(
  stack: FeatureStack,
  net: Network,
  pass: ProbePass & { cost: CostName },
  visit: (conv: number) => void,
): void {
  const { probe, count, cost, ws, tick } = pass;
  const grads = new Gradients(net);
  const g = new Float64Array(net.sizes[0]);
  const convs = stack.params.w.length;
  for (let i = 0; i < count; i++) {
    probe.load(i, ws);
    feedforward(net, ws);
    backprop(net, ws, cost, probe.target(i), grads);
    inputGradient(net, ws, g);
    stack.backward(g);
    for (let c = 0; c < convs; c++) visit(c);
    tick?.();
  }
}

/** Bins over the range every unit's output took on the probe. */
function histogramOf(u: UnitAccumulator): HistogramBins {
  let [min, max] = [Infinity, -Infinity];
  for (let j = 0; j < u.minA.length; j++) {
    if (u.minA[j] < min) min = u.minA[j];
    if (u.maxA[j] > max) max = u.maxA[j];
  }
  return new HistogramBins(min, max);
}

/** The second pass: every conv layer's activations of every probe example, binned over the
 * range the first pass found. */
function activationHistograms(
  stack: FeatureStack,
  pass: ProbePass,
  units: UnitAccumulator[],
): Histogram[] {
  const { probe, count, ws, tick } = pass;
  const bins = units.map(histogramOf);
  for (let i = 0; i < count; i++) {
    probe.load(i, ws);
    bins.forEach((b, c) => b.add(stack.convValues(c).a));
    tick?.();
  }
  return bins.map((b) => b.histogram());
}

/** Filters none of whose map positions ever had z > 0 (units stored filter-major, [F, OH, OW]). */
function deadFilterFraction(g: Conv2dGeometry, alive: ArrayLike<number>): number {
  const positions = g.output.height * g.output.width;
  let dead = 0;
  for (let f = 0; f < g.filters; f++) {
    let any = false;
    for (let o = 0; o < positions && !any; o++) any = alive[f * positions + o] !== 0;
    if (!any) dead++;
  }
  return dead / g.filters;
}
