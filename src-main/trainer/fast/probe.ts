/**
 * The doctor's probe measured in the kernel (kernels/assembly/_probe.ts): the kernel sums over
 * the probe examples what the reference's probeStats sums in JavaScript, and the statistics
 * follow from those sums with the reference's own code (probeStatsOf), so the arithmetic after
 * the forward and backward passes is the same. The probe is the first probeSize examples of the
 * validation split, or of the training split when there is none, as in the reference.
 */
import type { Float } from '../../../src-shared/engine/activations';
import {
  probeStatsOf,
  type ProbeStats,
  type UnitSums,
} from '../../../src-shared/engine/layer-stats';
import type { Network } from '../../../src-shared/engine/network';
import * as K from '../kernels/assembly/_layout';
import type { MemoryViews } from './context';
import type { LayerPlan, MemoryPlan } from './memory-plan';
import type { ThreadPool } from './threads';

/** f64 words before each layer's per-unit arrays in its sums: Σz, Σz², Σa, Σa², saturated. */
const HEAD = 5;

export class KernelProbe {
  /** The split the probe reads (1 validation, else 0 train) and its examples. */
  readonly split: number;
  readonly count: number;

  constructor(
    private readonly plan: MemoryPlan,
    private readonly views: MemoryViews,
    probeSize: number,
  ) {
    this.split = plan.splits[1].count > 0 ? 1 : 0;
    this.count = Math.min(probeSize, plan.splits[this.split].count);
  }

  /** Zeroes the sums (min and max a to ±∞) before the kernel measures the probe. */
  zero(): void {
    const { f32, f64 } = this.views;
    const nOut = this.plan.layers.at(-1)!.nOut;
    f64.fill(0, this.plan.probeOut / 8, this.plan.probeOut / 8 + nOut + Math.max(nOut, 2));
    this.plan.layers.forEach((layer, l) => {
      const sums = layer.probeSums / 8;
      f64.fill(0, sums, sums + HEAD);
      f64.fill(Infinity, sums + HEAD, sums + HEAD + layer.stride);
      f64.fill(-Infinity, sums + HEAD + layer.stride, sums + HEAD + 2 * layer.stride);
      f64.fill(0, sums + HEAD + 2 * layer.stride, sums + HEAD + 3 * layer.stride);
      f32.fill(0, layer.probeGw / 4, layer.probeGw / 4 + this.gradientFloats(layer, l));
      f32.fill(0, layer.probeGb / 4, layer.probeGb / 4 + layer.stride);
    });
  }

  /** Measures the probe now on this thread (the kernel holds the weights of `net`). */
  measure(pool: ThreadPool): void {
    this.zero();
    pool.run(K.CMD_PROBE, this.split, this.count, 1);
  }

  /** The statistics from the sums the kernel left (after measure(), or a snapshot's probe). */
  stats(net: Network, epochStart: Float[] | null): ProbeStats {
    const { f64 } = this.views;
    const out = this.plan.probeOut / 8;
    const nOut = this.plan.layers.at(-1)!.nOut;
    return probeStatsOf(
      net,
      {
        units: this.plan.layers.map((layer) => this.unitSums(layer)),
        gradientNorms: this.plan.layers.map((layer, l) => this.gradientNorms(layer, l)),
        outputSum: f64.subarray(out, out + nOut),
        predicted: f64.subarray(out + nOut, out + nOut + Math.max(nOut, 2)),
      },
      this.count,
      epochStart,
    );
  }

  private unitSums(layer: LayerPlan): UnitSums {
    const f64 = this.views.f64;
    const at = layer.probeSums / 8;
    const units = (k: number) =>
      f64.subarray(at + HEAD + k * layer.stride, at + HEAD + k * layer.stride + layer.nOut);
    return {
      sumZ: f64[at],
      sumZ2: f64[at + 1],
      sumA: f64[at + 2],
      sumA2: f64[at + 3],
      saturated: f64[at + 4],
      minA: units(0),
      maxA: units(1),
      alive: units(2),
    };
  }

  /** Floats of a layer's weight-gradient sums: layer 0 [nIn][row] input-major, else [nOut][row]. */
  private gradientFloats(layer: LayerPlan, l: number): number {
    return (l === 0 ? layer.nIn : layer.nOut) * layer.row;
  }

  /** ‖Σ∂C/∂w‖ and ‖Σ∂C/∂b‖ over the real weights, summed in the reference's order (row j of
   * the weights into unit j, inputs in order), so equal sums give equal norms. */
  private gradientNorms(layer: LayerPlan, l: number): { weights: number; biases: number } {
    const f32 = this.views.f32;
    const gw = layer.probeGw / 4;
    const index =
      l === 0
        ? (j: number, k: number) => k * layer.row + j
        : (j: number, k: number) => j * layer.row + k;
    let w = 0;
    for (let j = 0; j < layer.nOut; j++)
      for (let k = 0; k < layer.nIn; k++) {
        const g = f32[gw + index(j, k)];
        w += g * g;
      }
    let b = 0;
    for (let j = 0; j < layer.nOut; j++) {
      const g = f32[layer.probeGb / 4 + j];
      b += g * g;
    }
    return { weights: Math.sqrt(w), biases: Math.sqrt(b) };
  }
}
