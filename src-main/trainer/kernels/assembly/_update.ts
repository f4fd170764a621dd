// @ts-nocheck -- AssemblyScript (usize, load<T>), type-checked by asc in `npm run build`.
/**
 * Phase 3 (the gradient of a chunk goes into the weights, or into the gradient sums when
 * FLAG_ACCUMULATE is set) and the once-per-batch momentum / weight-decay step. Each thread touches
 * only its own first-layer slices and its own dense row groups (biases of dense layers: thread 0).
 */
import {
  FLAG_ACCUMULATE,
  FLAG_TRAIN_BIASES,
  G_DECAY,
  G_FLAGS,
  G_LAYERS,
  G_MOMENTUM,
  G_SHRINK,
  G_THREADS,
  L_B,
  L_D,
  L_GB,
  L_GW,
  L_IN,
  L_ROW,
  L_STRIDE,
  L_VB,
  L_VW,
  L_W,
  SL_GW,
  SL_SCRATCH,
  SL_START,
  SL_VW,
  SL_W,
  SL_WIDTH,
} from './_layout';
import { layerPointer, layerWord, real, row, slicePointer, sliceWord, word } from './_ctx';
import { decode } from './_sparse';
import { sparseUpdate } from './_sparse';
import { applyStep, biasUpdate, denseUpdate } from './_dense';
import { aOf, exampleAt, rowStart } from './_phases';

/** BP3/BP4 of the first layer on slice t for chunk positions [first, first + count) of the
 * training order: w += x_k (scale δ), b += scale δ (scale −η/m, or 1 into the gradient sums). */
function sliceUpdate(ctx: usize, t: i32, order: usize, first: i32, count: i32, scale: f32): void {
  const width = sliceWord(ctx, t, SL_WIDTH);
  if (width == 0) return;
  const flags = word(ctx, G_FLAGS);
  const accumulate = (flags & FLAG_ACCUMULATE) != 0;
  const nIn = layerWord(ctx, 0, L_IN);
  const stride = layerWord(ctx, 0, L_STRIDE);
  const start = (<usize>sliceWord(ctx, t, SL_START)) << 2;
  const w = slicePointer(ctx, t, accumulate ? SL_GW : SL_W);
  const offsets = slicePointer(ctx, t, SL_SCRATCH);
  const values = offsets + ((<usize>nIn) << 2);
  const scaled = values + ((<usize>nIn) << 2);
  const delta = layerPointer(ctx, 0, L_D) + start;
  const s = f32x4.splat(scale);
  for (let x = 0; x < count; x++) {
    const dx = row(delta, x, stride);
    for (let g = 0; g < width; g += 4) {
      const at = (<usize>g) << 2;
      v128.store(scaled + at, f32x4.mul(s, v128.load(dx + at)));
    }
    const n = decode(ctx, 0, exampleAt(order, first + x), width << 2, offsets, values);
    sparseUpdate(w, width, n, offsets, values, scaled);
  }
  if ((flags & FLAG_TRAIN_BIASES) != 0) {
    const b = layerPointer(ctx, 0, accumulate ? L_GB : L_B) + start;
    biasUpdate(b, 0, width, count, delta, stride, scale);
  }
}

/** BP3/BP4 of dense layer l ≥ 1: this thread's row groups, and the biases on thread 0. */
function denseLayerUpdate(
  ctx: usize,
  l: i32,
  tid: i32,
  P: i32,
  count: i32,
  parity: i32,
  scale: f32,
): void {
  const flags = word(ctx, G_FLAGS);
  const accumulate = (flags & FLAG_ACCUMULATE) != 0;
  const rows = layerWord(ctx, l, L_IN);
  const width = layerWord(ctx, l, L_ROW);
  const stride = layerWord(ctx, l, L_STRIDE);
  const delta = layerPointer(ctx, l, L_D);
  denseUpdate(
    layerPointer(ctx, l, accumulate ? L_GW : L_W),
    width,
    rowStart(rows, tid, P),
    rowStart(rows, tid + 1, P),
    count,
    aOf(ctx, l - 1, parity),
    layerWord(ctx, l - 1, L_STRIDE),
    delta,
    stride,
    scale,
  );
  if (tid == 0 && (flags & FLAG_TRAIN_BIASES) != 0) {
    biasUpdate(
      layerPointer(ctx, l, accumulate ? L_GB : L_B),
      0,
      width,
      count,
      delta,
      stride,
      scale,
    );
  }
}

/** Phase 3 for one chunk. `scale` is −η/m (direct step) and is replaced by 1 when accumulating. */
export function updatePhase(
  ctx: usize,
  tid: i32,
  P: i32,
  order: usize,
  first: i32,
  count: i32,
  parity: i32,
  step: f32,
): void {
  const scale: f32 = (word(ctx, G_FLAGS) & FLAG_ACCUMULATE) != 0 ? 1 : -step;
  const slices = word(ctx, G_THREADS);
  for (let t = tid; t < slices; t += P) sliceUpdate(ctx, t, order, first, count, scale);
  const L = word(ctx, G_LAYERS);
  for (let l = 1; l < L; l++) denseLayerUpdate(ctx, l, tid, P, count, parity, scale);
}

/** Once per batch when accumulating: v ← μv − (η/m)Σ∇ − (ηλ₂/n)w − (ηλ₁/n)sgn w; w ← w + v on
 * this thread's weights; biases without the decay terms. */
export function applyPhase(ctx: usize, tid: i32, P: i32, step: f32): void {
  const mu = real(ctx, G_MOMENTUM);
  const decay = real(ctx, G_DECAY);
  const shrink = real(ctx, G_SHRINK);
  const biases = (word(ctx, G_FLAGS) & FLAG_TRAIN_BIASES) != 0;
  const nIn = layerWord(ctx, 0, L_IN);
  const slices = word(ctx, G_THREADS);
  for (let t = tid; t < slices; t += P) {
    const width = sliceWord(ctx, t, SL_WIDTH);
    const w = slicePointer(ctx, t, SL_W);
    applyStep(
      w,
      slicePointer(ctx, t, SL_VW),
      slicePointer(ctx, t, SL_GW),
      nIn * width,
      mu,
      step,
      decay,
      shrink,
    );
    if (!biases) continue;
    const start = (<usize>sliceWord(ctx, t, SL_START)) << 2;
    const b = layerPointer(ctx, 0, L_B) + start;
    applyStep(
      b,
      layerPointer(ctx, 0, L_VB) + start,
      layerPointer(ctx, 0, L_GB) + start,
      width,
      mu,
      step,
      0,
      0,
    );
  }
  const L = word(ctx, G_LAYERS);
  for (let l = 1; l < L; l++) {
    const width = layerWord(ctx, l, L_ROW);
    const rows = layerWord(ctx, l, L_IN);
    const r0 = rowStart(rows, tid, P);
    const at = (<usize>r0 * <usize>width) << 2;
    const n = (rowStart(rows, tid + 1, P) - r0) * width;
    applyStep(
      layerPointer(ctx, l, L_W) + at,
      layerPointer(ctx, l, L_VW) + at,
      layerPointer(ctx, l, L_GW) + at,
      n,
      mu,
      step,
      decay,
      shrink,
    );
    if (tid == 0 && biases) {
      applyStep(
        layerPointer(ctx, l, L_B),
        layerPointer(ctx, l, L_VB),
        layerPointer(ctx, l, L_GB),
        width,
        mu,
        step,
        0,
        0,
      );
    }
  }
}
