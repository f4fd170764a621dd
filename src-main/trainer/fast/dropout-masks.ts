/**
 * The kernel's dropout masks, drawn on the host from the run's random stream exactly as the
 * reference draws them (engine/dropout.ts): for each training example in the epoch's order, just
 * after the epoch's shuffle, layer after layer from the lowest, unit after unit, u ~ U[0, 1) gives
 * 0 when u < p and 1/(1 − p) otherwise. The masks of one training call's examples are written
 * into the layers' mask rows (memory-plan.ts maskRows), which the kernel reads by position; the
 * conv session (conv-session.ts) draws a mini-batch's masks into its slots with drawMasks.
 */
import type { Rng } from '../../../src-shared/engine/rng';
import type { MemoryViews } from './context';
import type { MemoryPlan } from './memory-plan';

/** One dropped layer's masks in the kernel's memory: row i starts at f32 index at + i·stride. */
export interface MaskRows {
  rate: number;
  at: number;
  stride: number;
  units: number;
}

/** Draws the masks of `count` examples into rows 0 … count − 1: example after example, layer
 * after layer from the lowest, unit after unit, as the reference draws them. */
export function drawMasks(
  f32: Float32Array,
  layers: readonly MaskRows[],
  count: number,
  rng: Rng,
): void {
  for (let i = 0; i < count; i++) {
    for (const { rate, at, stride, units } of layers) {
      const scale = 1 / (1 - rate);
      const row = at + i * stride;
      for (let k = 0; k < units; k++) f32[row + k] = rng.next() < rate ? 0 : scale;
    }
  }
}

export class KernelMasks {
  private readonly layers: MaskRows[];

  constructor(
    private readonly plan: MemoryPlan,
    private readonly views: MemoryViews,
  ) {
    this.layers = plan.layers
      .filter((layer) => layer.dropout > 0)
      .map((layer) => ({
        ...{ rate: layer.dropout, at: layer.mask / 4 },
        ...{ stride: layer.stride, units: layer.nOut },
      }));
  }

  /** True when some layer drops units while training. */
  get active(): boolean {
    return this.layers.length > 0;
  }

  /** Mini-batches one training call may take: as many as the mask rows hold (all without
   * dropout). */
  batchesPerCall(batchSize: number): number {
    const n = this.plan.splits[0].count;
    if (!this.active || this.plan.maskRows >= n) return Math.ceil(n / batchSize);
    return this.plan.maskRows / batchSize;
  }

  /** Draws the masks of epoch positions [first, end) into mask rows 0 … end − first − 1. */
  draw(rng: Rng, first: number, end: number): void {
    if (end - first > this.plan.maskRows)
      throw new Error(
        `dropout: ${end - first} examples exceed the ${this.plan.maskRows} mask rows`,
      );
    drawMasks(this.views.f32, this.layers, end - first, rng);
  }
}
