/**
 * The snapshot context: a second context block for scoring the weights of the last epoch on
 * thread 1 while the host trains the next one (CMD_EVALUATE_SNAPSHOT, train-ahead.ts). It is a
 * copy of the live context whose weights, biases, activation rows and input list point to its own
 * memory, planned here after the rest of the memory (memory-plan.ts).
 */
import { roundUp, type Allocator } from './allocator';
import { LAYER, SLICE, SPLIT, THREAD } from './context-fields';
import { CTX_BYTES } from './context-layout';
import { writeField, type MemoryViews } from './context';
import type { LayerPlan, MemoryPlan, SlicePlan } from './memory-plan';

/** A byte range copied from `from` to `to`. */
export interface Copy {
  from: number;
  to: number;
  bytes: number;
}

/** Where the snapshot context and its own memory lie. */
export interface SnapshotPlan {
  ctx: number;
  /** The live weights and biases into the snapshot's. */
  copies: Copy[];
  /** Per layer: snapshot weights (dense layers; 0 for layer 0), biases, one z, a and δ row (δ
   * for the probe). */
  layers: { w: number; b: number; z: number; a: number; d: number }[];
  /** Per first-layer slice: snapshot weights. */
  slices: number[];
  /** Decoded inputs of one example: nIn records. */
  list: number;
}

/** The snapshot's context block, weights, biases, one activation row per layer and one input
 * list, taken from `mem` after everything else. */
export function planSnapshot(
  mem: Allocator,
  layers: LayerPlan[],
  slices: SlicePlan[],
  nIn: number,
): SnapshotPlan {
  const ctx = mem.take(CTX_BYTES);
  const copies: Copy[] = [];
  const copy = (from: number, bytes: number): number => {
    const to = mem.take(bytes);
    copies.push({ from, to, bytes });
    return to;
  };
  const sliceCopies = slices.map((slice) => copy(slice.w, 4 * nIn * slice.width));
  const layerCopies = layers.map((layer, l) => ({
    w: l === 0 ? 0 : copy(layer.w, 4 * layer.nOut * layer.row),
    b: copy(layer.b, 4 * (l === 0 ? layer.row : roundUp(layer.nOut, 4))),
    z: mem.take(4 * layer.stride),
    a: mem.take(4 * layer.stride),
    d: mem.take(4 * layer.stride),
  }));
  return { ctx, copies, layers: layerCopies, slices: sliceCopies, list: mem.take(8 * nIn) };
}

/** The snapshot context: the live one with its own weights, rows and list (the probe's sums
 * are the live context's: one probe is measured at a time), scoring the first `trainScored`
 * training examples (the original ones of an expanded set). Written after writeContext. */
export function writeSnapshotContext(
  v: MemoryViews,
  plan: MemoryPlan,
  trainScored = plan.splits[0].count,
): void {
  const snap = plan.snapshot;
  if (!snap) return;
  new Uint8Array(v.buffer).copyWithin(snap.ctx, plan.ctx, plan.ctx + CTX_BYTES);
  writeField(v, snap.ctx, SPLIT, 0, 'SP_COUNT', trainScored);
  snap.layers.forEach((layer, l) => {
    if (l > 0) writeField(v, snap.ctx, LAYER, l, 'L_W', layer.w);
    writeField(v, snap.ctx, LAYER, l, 'L_B', layer.b);
    writeField(v, snap.ctx, LAYER, l, 'L_Z', layer.z);
    writeField(v, snap.ctx, LAYER, l, 'L_A', layer.a);
    writeField(v, snap.ctx, LAYER, l, 'L_D', layer.d);
  });
  snap.slices.forEach((w, t) => writeField(v, snap.ctx, SLICE, t, 'SL_W', w));
  writeField(v, snap.ctx, THREAD, 0, 'TH_LIST', snap.list);
  writeField(v, snap.ctx, THREAD, 0, 'TH_LIST_LIMIT', 0);
}

/** The live weights and biases into the snapshot's. */
export function takeSnapshot(v: MemoryViews, plan: MemoryPlan): void {
  const bytes = new Uint8Array(v.buffer);
  for (const c of plan.snapshot?.copies ?? []) bytes.copyWithin(c.to, c.from, c.from + c.bytes);
}
