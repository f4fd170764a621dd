// @ts-nocheck -- AssemblyScript (usize, load<T>), type-checked by asc in `npm run build`.
/**
 * The phases of one chunk of examples, each split over the P participating threads so that every
 * number is computed by exactly one thread in an order that does not depend on P:
 * 1. the sparse first layer, thread t doing slices t, t + P, …;
 * 2. per example (examples split in P contiguous ranges): the dense layers, the output layer
 *    (cost, BP1) and BP2 down to δ of the first layer;
 * 3. the updates (BP3, BP4): first-layer slices as in 1, dense columns in groups of 16.
 * Chunks alternate between two first-layer z/a buffers, so phase 1 of the next chunk may run
 * while another thread is still in phase 3 of this one. Evaluation needs none of this: each
 * thread runs whole examples (evaluateExamples).
 */
import {
  G_CAPACITY,
  G_CHUNK_COSTS,
  G_COST,
  G_LAYERS,
  G_SLICES,
  L_A,
  L_A2,
  L_ACT,
  L_AD,
  L_B,
  L_D,
  L_IN,
  L_MASK,
  L_OUT,
  L_ROW,
  L_STRIDE,
  L_W,
  L_Z,
  L_Z2,
  S_EPOCH_COST,
  SL_START,
  SL_W,
  SL_WIDTH,
  SP_COSTS,
  SP_PREDICTIONS,
  SP_TARGETS,
  TH_LIST,
  TH_LIST_LIMIT,
  TH_SCRATCH,
} from './_layout';
import {
  layerPointer,
  layerWord,
  pointer,
  row,
  slicePointer,
  sliceWord,
  splitPointer,
  threadPointer,
  threadWord,
  word,
} from './_ctx';
import { bytesFormat, decode, sparseForward, sparseForwardDecoding } from './_sparse';
import { backDelta, denseForward, dropRow } from './_dense';
import { argmax, exampleCost, outputDelta, softmax } from './_output';
import { ACT_SOFTMAX } from './_vmath';

/** Example index of chunk position i: order[i], or i itself when order is 0 (evaluation, and
 * training, which reads the epoch split in place). */
export function exampleAt(order: usize, i: i32): i32 {
  return order != 0 ? load<i32>(order + ((<usize>i) << 2)) : i;
}

export function zOf(ctx: usize, l: i32, parity: i32): usize {
  return layerPointer(ctx, l, l == 0 && parity != 0 ? L_Z2 : L_Z);
}

export function aOf(ctx: usize, l: i32, parity: i32): usize {
  return layerPointer(ctx, l, l == 0 && parity != 0 ? L_A2 : L_A);
}

/** Phase 1 of training: z and a of the first layer for chunk positions [first, first + count) on
 * this thread's slices (t = tid, tid + P, …). Each example is decoded once for all of them (the
 * slices have one width), and the decoded list is kept for phase 3 while it fits. */
export function sparsePhase(
  ctx: usize,
  tid: i32,
  P: i32,
  s: i32,
  order: usize,
  first: i32,
  count: i32,
  parity: i32,
): void {
  if (tid >= word(ctx, G_SLICES)) return;
  const nIn = layerWord(ctx, 0, L_IN);
  const capacity = word(ctx, G_CAPACITY);
  const lists = threadPointer(ctx, tid, TH_SCRATCH);
  const lengths = lists + ((<usize>capacity) << 2);
  const limit = threadWord(ctx, tid, TH_LIST_LIMIT);
  const records = threadPointer(ctx, tid, TH_LIST);
  let used = 0;
  for (let x = 0; x < count; x++) {
    const keep = used + nIn <= limit;
    const list = records + ((<usize>(keep ? used : limit)) << 3);
    const n = forwardSlices(ctx, tid, P, s, exampleAt(order, first + x), list, x, parity);
    store<i32>(lists + ((<usize>x) << 2), keep ? used : -1);
    store<i32>(lengths + ((<usize>x) << 2), n);
    if (keep) used += n;
  }
}

/** The first layer of example e of split s, as chunk row x, on slices t = tid, tid + P, …: its
 * inputs decoded into `list` (by the first slice's sweep for byte images, else by decode());
 * returns their count. */
export function forwardSlices(
  ctx: usize,
  tid: i32,
  P: i32,
  s: i32,
  e: i32,
  list: usize,
  x: i32,
  parity: i32,
): i32 {
  const slices = word(ctx, G_SLICES);
  const stride = layerWord(ctx, 0, L_STRIDE);
  const act = layerWord(ctx, 0, L_ACT);
  const hidden = word(ctx, G_LAYERS) > 1;
  const z = row(zOf(ctx, 0, parity), x, stride);
  const a = row(aOf(ctx, 0, parity), x, stride);
  const b = layerPointer(ctx, 0, L_B);
  const rowBytes = sliceWord(ctx, 0, SL_WIDTH) << 2;
  let t = tid;
  let n: i32;
  if (bytesFormat(ctx, s) && t < slices) {
    const width = sliceWord(ctx, t, SL_WIDTH);
    const start = (<usize>sliceWord(ctx, t, SL_START)) << 2;
    const w = slicePointer(ctx, t, SL_W);
    n = sparseForwardDecoding(
      ctx,
      s,
      e,
      rowBytes,
      act,
      w,
      width,
      list,
      b + start,
      z + start,
      a + start,
      hidden,
    );
    t += P;
  } else n = decode(ctx, s, e, rowBytes, list);
  for (; t < slices; t += P) {
    const width = sliceWord(ctx, t, SL_WIDTH);
    const start = (<usize>sliceWord(ctx, t, SL_START)) << 2;
    const w = slicePointer(ctx, t, SL_W);
    sparseForward(act, w, width, n, list, b + start, z + start, a + start, hidden);
  }
  return n;
}

/** Row `maskRow` of layer l's dropout masks, or 0 when its output is not dropped or the pass
 * is not training (maskRow < 0). */
export function maskOf(ctx: usize, l: i32, maskRow: i32): usize {
  const masks = layerPointer(ctx, l, L_MASK);
  if (masks == 0 || maskRow < 0) return 0;
  return row(masks, maskRow, layerWord(ctx, l, L_STRIDE));
}

/** The activations of layer l the layer above reads while training: ã (L_AD) when its output
 * is dropped, else a. */
export function trainedInputOf(ctx: usize, l: i32, parity: i32): usize {
  return layerPointer(ctx, l, L_MASK) != 0 ? layerPointer(ctx, l, L_AD) : aOf(ctx, l, parity);
}

/** The dense layers 1 … L−1 of chunk example x (after phase 1). While training with dropout,
 * `maskRow` is the example's row of the masks (else −1): each dropped layer's ã is made first. */
export function forwardDense(ctx: usize, x: i32, parity: i32, maskRow: i32 = -1): void {
  const L = word(ctx, G_LAYERS);
  for (let l = 1; l < L; l++) {
    const mask = maskOf(ctx, l - 1, maskRow);
    const strideBelow = layerWord(ctx, l - 1, L_STRIDE);
    let below = row(aOf(ctx, l - 1, parity), x, strideBelow);
    if (mask != 0) {
      const dropped = row(layerPointer(ctx, l - 1, L_AD), x, strideBelow);
      dropRow(below, mask, dropped, strideBelow);
      below = dropped;
    }
    const stride = layerWord(ctx, l, L_STRIDE);
    denseForward(
      layerWord(ctx, l, L_ACT),
      layerPointer(ctx, l, L_W),
      layerPointer(ctx, l, L_B),
      layerWord(ctx, l, L_OUT),
      layerWord(ctx, l, L_ROW),
      below,
      row(zOf(ctx, l, parity), x, stride),
      row(aOf(ctx, l, parity), x, stride),
      l < L - 1,
    );
  }
}

/** Output layer of chunk example x against target row y: softmax if used, then the cost; δ^L
 * too when `withDelta`. Returns the cost; the predicted class is left in `predicted`. */
export let predicted: i32 = 0;
export function outputStep(ctx: usize, x: i32, parity: i32, y: usize, withDelta: bool): f64 {
  const l = word(ctx, G_LAYERS) - 1;
  const act = layerWord(ctx, l, L_ACT);
  const n = layerWord(ctx, l, L_OUT);
  const stride = layerWord(ctx, l, L_STRIDE);
  const z = row(zOf(ctx, l, parity), x, stride);
  const a = row(aOf(ctx, l, parity), x, stride);
  if (act == ACT_SOFTMAX) softmax(z, a, n);
  predicted = argmax(a, n);
  const cost = word(ctx, G_COST);
  if (withDelta) outputDelta(cost, act, z, a, y, row(layerPointer(ctx, l, L_D), x, stride), n);
  return exampleCost(cost, a, y, n);
}

/** BP2 from the output layer down to δ of the first layer, for chunk example x (its row of the
 * dropout masks `maskRow` while training with dropout, else −1). */
export function backwardDense(ctx: usize, x: i32, parity: i32, maskRow: i32 = -1): void {
  for (let l = word(ctx, G_LAYERS) - 1; l >= 1; l--) {
    const strideBelow = layerWord(ctx, l - 1, L_STRIDE);
    backDelta(
      layerWord(ctx, l - 1, L_ACT),
      layerPointer(ctx, l, L_W),
      layerWord(ctx, l, L_OUT),
      layerWord(ctx, l, L_ROW),
      row(layerPointer(ctx, l, L_D), x, layerWord(ctx, l, L_STRIDE)),
      row(zOf(ctx, l - 1, parity), x, strideBelow),
      row(aOf(ctx, l - 1, parity), x, strideBelow),
      row(layerPointer(ctx, l - 1, L_D), x, strideBelow),
      maskOf(ctx, l - 1, maskRow),
    );
  }
}

/** Target row of example e of split s. */
export function targetOf(ctx: usize, s: i32, e: i32): usize {
  const n = <usize>layerWord(ctx, word(ctx, G_LAYERS) - 1, L_OUT);
  return splitPointer(ctx, s, SP_TARGETS) + ((<usize>e * n) << 3);
}

/** Phase 2 of training: forward, cost and back-propagation of this thread's examples (chunk
 * position i is example exampleAt(order, i) of split s, and has row maskRow + i of the dropout
 * masks; maskRow −1: no dropout). */
export function backpropPhase(
  ctx: usize,
  tid: i32,
  P: i32,
  s: i32,
  order: usize,
  first: i32,
  count: i32,
  parity: i32,
  maskRow: i32,
): void {
  const costs = pointer(ctx, G_CHUNK_COSTS);
  const x1 = (count * (tid + 1)) / P;
  for (let x = (count * tid) / P; x < x1; x++) {
    const masks = maskRow < 0 ? -1 : maskRow + x;
    forwardDense(ctx, x, parity, masks);
    const y = targetOf(ctx, s, exampleAt(order, first + x));
    store<f64>(costs + ((<usize>x) << 3), outputStep(ctx, x, parity, y, true));
    backwardDense(ctx, x, parity, masks);
  }
}

/**
 * Evaluation of examples [first, first + count) of split s, each entirely on this thread (every
 * slice, the dense layers, the output) in its own buffer row `tid`: cost and predicted class into
 * the split's result arrays. No other thread is involved, so no barrier is needed.
 */
export function evaluateExamples(ctx: usize, tid: i32, s: i32, first: i32, count: i32): void {
  const costs = splitPointer(ctx, s, SP_COSTS);
  const predictions = splitPointer(ctx, s, SP_PREDICTIONS);
  const list =
    threadPointer(ctx, tid, TH_LIST) + ((<usize>threadWord(ctx, tid, TH_LIST_LIMIT)) << 3);
  for (let e = first; e < first + count; e++) {
    forwardSlices(ctx, 0, 1, s, e, list, tid, 0);
    forwardDense(ctx, tid, 0);
    store<f64>(costs + ((<usize>e) << 3), outputStep(ctx, tid, 0, targetOf(ctx, s, e), false));
    store<i32>(predictions + ((<usize>e) << 2), predicted);
  }
}

/** Thread 0 adds the chunk's example costs, in order, to the epoch's sum. */
export function addChunkCosts(ctx: usize, count: i32): void {
  const costs = pointer(ctx, G_CHUNK_COSTS);
  const at = ctx + ((<usize>S_EPOCH_COST) << 2);
  let sum = load<f64>(at);
  for (let x = 0; x < count; x++) sum += load<f64>(costs + ((<usize>x) << 3));
  store<f64>(at, sum);
}

/** Σ of the chunk's example costs. */
export function chunkCost(ctx: usize, count: i32): f64 {
  const costs = pointer(ctx, G_CHUNK_COSTS);
  let sum: f64 = 0;
  for (let x = 0; x < count; x++) sum += load<f64>(costs + ((<usize>x) << 3));
  return sum;
}

/** First column of the columns [columnStart(tid), columnStart(tid + 1)) of a dense layer's rows
 * (`row` floats, a multiple of 16) that thread tid of P updates: whole groups of 16 columns, so
 * two threads never write one cache line. */
export function columnStart(row: i32, tid: i32, P: i32): i32 {
  return (((row >> 4) * tid) / P) << 4;
}
