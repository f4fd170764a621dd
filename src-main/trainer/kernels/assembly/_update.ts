// @ts-nocheck -- AssemblyScript (usize, load<T>), type-checked by asc in `npm run build`.
/**
 * Phase 3 (the gradient of a chunk goes into the weights, or into the gradient sums when
 * FLAG_ACCUMULATE is set) and the once-per-batch momentum / weight-decay / optimizer step. Each thread touches
 * only its own first-layer slices and its own dense row groups (biases of dense layers: thread 0).
 */
import {
  FLAG_ACCUMULATE,
  FLAG_TRAIN_BIASES,
  G_CAPACITY,
  G_DECAY,
  G_FLAGS,
  G_L1N,
  G_L2N,
  G_LAYERS,
  G_MOMENTUM,
  G_OPTIMIZER,
  OPT_SGD,
  G_SHRINK,
  G_SLICES,
  L_B,
  L_D,
  L_GB,
  L_GW,
  L_IN,
  L_MB,
  L_MW,
  L_OUT,
  L_ROW,
  L_STRIDE,
  L_VB,
  L_VW,
  L_W,
  SL_GW,
  SL_MW,
  SL_START,
  SL_VW,
  SL_W,
  SL_WIDTH,
  TH_LIST,
  TH_LIST_LIMIT,
  TH_SCRATCH,
} from './_layout';
import {
  layerPointer,
  layerWord,
  real,
  row,
  slicePointer,
  sliceWord,
  threadPointer,
  threadWord,
  word,
} from './_ctx';
import { decode, sparseUpdate } from './_sparse';
import { applyStep, biasUpdate, denseUpdate } from './_dense';
import { columnStart, exampleAt, trainedInputOf } from './_phases';
import { optimizerStep, prepareStep } from './_optimizers';
import { flushTiny } from './_vmath';

/** BP3/BP4 of the first layer on this thread's slices (t = tid, tid + P, …) for chunk positions
 * [first, first + count) of the training order: w += x_k (scale δ), b += scale δ (scale −η/m, or
 * 1 into the gradient sums). The decoded inputs come from phase 1's lists where they were kept. */
function slicesUpdate(
  ctx: usize,
  tid: i32,
  P: i32,
  s: i32,
  order: usize,
  first: i32,
  count: i32,
  scale: f32,
): void {
  const slices = word(ctx, G_SLICES);
  if (tid >= slices) return;
  const width = sliceWord(ctx, 0, SL_WIDTH);
  const capacity = word(ctx, G_CAPACITY);
  const lists = threadPointer(ctx, tid, TH_SCRATCH);
  const lengths = lists + ((<usize>capacity) << 2);
  const limit = threadWord(ctx, tid, TH_LIST_LIMIT);
  const records = threadPointer(ctx, tid, TH_LIST);
  for (let x = 0; x < count; x++) {
    const kept = load<i32>(lists + ((<usize>x) << 2));
    let n = load<i32>(lengths + ((<usize>x) << 2));
    const list = records + ((<usize>(kept >= 0 ? kept : limit)) << 3);
    if (kept < 0) n = decode(ctx, s, exampleAt(order, first + x), width << 2, list);
    for (let t = tid; t < slices; t += P) sliceExampleUpdate(ctx, tid, t, x, n, list, scale);
  }
  if ((word(ctx, G_FLAGS) & FLAG_TRAIN_BIASES) == 0) return;
  const accumulate = (word(ctx, G_FLAGS) & FLAG_ACCUMULATE) != 0;
  const stride = layerWord(ctx, 0, L_STRIDE);
  for (let t = tid; t < slices; t += P) {
    const start = (<usize>sliceWord(ctx, t, SL_START)) << 2;
    const b = layerPointer(ctx, 0, accumulate ? L_GB : L_B) + start;
    biasUpdate(b, 0, width, count, layerPointer(ctx, 0, L_D) + start, stride, scale);
  }
}

/** BP4 of chunk row x on slice t: its δ scaled into the thread's scratch (below TINY as 0, so
 * that x_k · scaled is never subnormal for byte pixels), then w += x_k · scaled. */
function sliceExampleUpdate(
  ctx: usize,
  tid: i32,
  t: i32,
  x: i32,
  n: i32,
  list: usize,
  scale: f32,
): void {
  const width = sliceWord(ctx, t, SL_WIDTH);
  const accumulate = (word(ctx, G_FLAGS) & FLAG_ACCUMULATE) != 0;
  const capacity = word(ctx, G_CAPACITY);
  const scaled = threadPointer(ctx, tid, TH_SCRATCH) + ((<usize>capacity) << 3);
  const start = (<usize>sliceWord(ctx, t, SL_START)) << 2;
  const dx = row(layerPointer(ctx, 0, L_D), x, layerWord(ctx, 0, L_STRIDE)) + start;
  const s = f32x4.splat(scale);
  for (let g = 0; g < width; g += 4) {
    const at = (<usize>g) << 2;
    v128.store(scaled + at, flushTiny(f32x4.mul(s, v128.load(dx + at))));
  }
  sparseUpdate(slicePointer(ctx, t, accumulate ? SL_GW : SL_W), width, n, list, scaled);
}

/** BP3/BP4 of dense layer l ≥ 1: this thread's column groups of every row, biases on thread 0. */
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
  const nOut = layerWord(ctx, l, L_OUT);
  const width = layerWord(ctx, l, L_ROW);
  const stride = layerWord(ctx, l, L_STRIDE);
  const delta = layerPointer(ctx, l, L_D);
  denseUpdate(
    layerPointer(ctx, l, accumulate ? L_GW : L_W),
    nOut,
    width,
    layerWord(ctx, l, L_IN),
    columnStart(width, tid, P),
    columnStart(width, tid + 1, P),
    count,
    trainedInputOf(ctx, l - 1, parity),
    layerWord(ctx, l - 1, L_STRIDE),
    delta,
    stride,
    scale,
  );
  if (tid == 0 && (flags & FLAG_TRAIN_BIASES) != 0) {
    const b = layerPointer(ctx, l, accumulate ? L_GB : L_B);
    biasUpdate(b, 0, (nOut + 3) & ~3, count, delta, stride, scale);
  }
}

/** Phase 3 for one chunk (positions of split s through `order`, as phase 2). `scale` is −η/m (direct step) and is replaced by 1 when accumulating. */
export function updatePhase(
  ctx: usize,
  tid: i32,
  P: i32,
  s: i32,
  order: usize,
  first: i32,
  count: i32,
  parity: i32,
  step: f32,
): void {
  const scale: f32 = (word(ctx, G_FLAGS) & FLAG_ACCUMULATE) != 0 ? 1 : -step;
  slicesUpdate(ctx, tid, P, s, order, first, count, scale);
  const L = word(ctx, G_LAYERS);
  for (let l = 1; l < L; l++) denseLayerUpdate(ctx, l, tid, P, count, parity, scale);
}

/** Once per batch when accumulating, on this thread's weights (biases without the decay
 * terms): batch b of the epoch, m examples, step = η/m. SGD and momentum:
 * v ← μv − (η/m)Σ∇ − (ηλ₂/n)w − (ηλ₁/n)sgn w; w ← w + v. The other optimizers: _optimizers.ts. */
export function applyPhase(ctx: usize, tid: i32, P: i32, step: f32, m: i32, b: i32): void {
  if (word(ctx, G_OPTIMIZER) != OPT_SGD) {
    prepareStep(ctx, m, b);
    optimizerPhase(ctx, tid, P);
    return;
  }
  const mu = real(ctx, G_MOMENTUM);
  const decay = real(ctx, G_DECAY);
  const shrink = real(ctx, G_SHRINK);
  const biases = (word(ctx, G_FLAGS) & FLAG_TRAIN_BIASES) != 0;
  const nIn = layerWord(ctx, 0, L_IN);
  const slices = word(ctx, G_SLICES);
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
  for (let l = 1; l < L; l++) applyDense(ctx, l, tid, P, mu, step, decay, shrink, biases);
}

/** The prepared optimizer's step (prepareStep) on this thread's slices and column groups, as
 * applyPhase's SGD step: biases without the regularization terms, dense biases on thread 0. */
function optimizerPhase(ctx: usize, tid: i32, P: i32): void {
  const l2 = real(ctx, G_L2N);
  const l1 = real(ctx, G_L1N);
  const biases = (word(ctx, G_FLAGS) & FLAG_TRAIN_BIASES) != 0;
  const nIn = layerWord(ctx, 0, L_IN);
  const slices = word(ctx, G_SLICES);
  for (let t = tid; t < slices; t += P) {
    const width = sliceWord(ctx, t, SL_WIDTH);
    const w = slicePointer(ctx, t, SL_W);
    const v = slicePointer(ctx, t, SL_VW);
    const m = slicePointer(ctx, t, SL_MW);
    optimizerStep(w, v, m, slicePointer(ctx, t, SL_GW), nIn * width, l2, l1);
    if (!biases) continue;
    const start = (<usize>sliceWord(ctx, t, SL_START)) << 2;
    optimizerStep(
      layerPointer(ctx, 0, L_B) + start,
      layerPointer(ctx, 0, L_VB) + start,
      layerPointer(ctx, 0, L_MB) + start,
      layerPointer(ctx, 0, L_GB) + start,
      width,
      0,
      0,
    );
  }
  const L = word(ctx, G_LAYERS);
  for (let l = 1; l < L; l++) optimizerDense(ctx, l, tid, P, l2, l1, biases);
}

/** The optimizer's step on this thread's column groups of dense layer l (biases: thread 0). */
function optimizerDense(
  ctx: usize,
  l: i32,
  tid: i32,
  P: i32,
  l2: f32,
  l1: f32,
  biases: bool,
): void {
  const width = layerWord(ctx, l, L_ROW);
  const nOut = layerWord(ctx, l, L_OUT);
  const c0 = columnStart(width, tid, P);
  const n = columnStart(width, tid + 1, P) - c0;
  const w = layerPointer(ctx, l, L_W);
  const v = layerPointer(ctx, l, L_VW);
  const m = layerPointer(ctx, l, L_MW);
  const g = layerPointer(ctx, l, L_GW);
  for (let j = 0; j < nOut; j++) {
    const at = (<usize>j * <usize>width + <usize>c0) << 2;
    optimizerStep(w + at, v + at, m + at, g + at, n, l2, l1);
  }
  if (tid == 0 && biases) {
    const b = layerPointer(ctx, l, L_B);
    const vb = layerPointer(ctx, l, L_VB);
    const mb = layerPointer(ctx, l, L_MB);
    optimizerStep(b, vb, mb, layerPointer(ctx, l, L_GB), (nOut + 3) & ~3, 0, 0);
  }
}

/** The once-per-batch step on this thread's column groups of dense layer l (biases: thread 0). */
function applyDense(
  ctx: usize,
  l: i32,
  tid: i32,
  P: i32,
  mu: f32,
  step: f32,
  decay: f32,
  shrink: f32,
  biases: bool,
): void {
  const width = layerWord(ctx, l, L_ROW);
  const nOut = layerWord(ctx, l, L_OUT);
  const c0 = columnStart(width, tid, P);
  const n = columnStart(width, tid + 1, P) - c0;
  const w = layerPointer(ctx, l, L_W);
  const v = layerPointer(ctx, l, L_VW);
  const g = layerPointer(ctx, l, L_GW);
  for (let j = 0; j < nOut; j++) {
    const at = (<usize>j * <usize>width + <usize>c0) << 2;
    applyStep(w + at, v + at, g + at, n, mu, step, decay, shrink);
  }
  if (tid == 0 && biases) {
    const b = layerPointer(ctx, l, L_B);
    const vb = layerPointer(ctx, l, L_VB);
    applyStep(b, vb, layerPointer(ctx, l, L_GB), (nOut + 3) & ~3, mu, step, 0, 0);
  }
}
