// @ts-nocheck -- AssemblyScript (usize, __heap_base), type-checked by asc in `npm run build`.
/**
 * The fast training kernel: whole chunks of the epoch in one call, every thread calling `run` on
 * the same shared memory. The host (src-main/trainer/fast) lays out the memory and the context
 * block (_layout.ts), writes a command and bumps S_COMMAND_SEQ; worker threads wait for it in
 * `workerLoop`, the host's own thread calls `run` with tid 0.
 */
import {
  CMD_EVALUATE,
  CMD_EVALUATE_SNAPSHOT,
  CMD_PROBE,
  CMD_STOP,
  CMD_TRAIN,
  FLAG_ACCUMULATE,
  FLAG_DROPOUT,
  G_BATCH,
  G_BLOCK,
  G_CAPACITY,
  G_FLAGS,
  G_LAYERS,
  G_RATE,
  G_TRAIN_COUNT,
  S_ARG0,
  S_ARG1,
  S_ARG2,
  S_ARG3,
  S_BATCHES_DONE,
  S_COMMAND,
  S_DIVERGED,
  S_SNAPSHOT_DONE,
  S_TAKEN,
  SP_COUNT,
  SPLIT_EPOCH,
  L_OUT,
} from './_layout';
import { double, layerWord, splitWord, word } from './_ctx';
import { gatherPhase } from './_gather';
import { barrier, nextCommand } from './_sync';
import { addChunkCosts, backpropPhase, chunkCost, evaluateExamples, sparsePhase } from './_phases';
import { probeExamples } from './_probe';
import { applyPhase, updatePhase } from './_update';
import { activateRange } from './_vmath';

export { gemm } from './_gemm';

/** First free byte after the kernel's own static data: the host lays out memory from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** a = σ(z) for n floats (a multiple of 4) at z and a, of a hidden layer or not: the vector
 * activations, for tests. */
export function activate(act: i32, z: usize, a: usize, n: i32, hidden: bool): void {
  activateRange(act, z, a, n, hidden);
}

/** Runs the posted command as thread tid; returns after every participant finished it. A worker
 * first reads the whole command, then counts itself in S_TAKEN: the host writes the next command
 * only once every worker has (a worker that takes no part could otherwise read it late). */
export function run(ctx: usize, tid: i32): void {
  const command = word(ctx, S_COMMAND);
  const P = word(ctx, S_ARG2);
  const a0 = word(ctx, S_ARG0);
  const a1 = word(ctx, S_ARG1);
  const a3 = word(ctx, S_ARG3);
  if (tid > 0) atomic.add<i32>(ctx + ((<usize>S_TAKEN) << 2), 1);
  if (command == CMD_EVALUATE_SNAPSHOT) {
    if (tid == 1) evaluateSnapshot(ctx, <usize>a0, a1, a3);
    return;
  }
  if (tid < P) {
    if (command == CMD_TRAIN) train(ctx, tid, P, a0, a1);
    else if (command == CMD_EVALUATE) evaluate(ctx, tid, P, a0, a1, a3);
    barrier(ctx, P);
  }
}

/** Runs a command on the calling thread alone, without the mailbox (which a worker scoring a
 * snapshot may still be reading): arguments as in the mailbox, ARG2 = 1. */
export function runLocal(ctx: usize, command: i32, arg0: i32, arg1: i32, arg3: i32): void {
  if (command == CMD_TRAIN) train(ctx, 0, 1, arg0, arg1);
  else if (command == CMD_EVALUATE) evaluate(ctx, 0, 1, arg0, arg1, arg3);
  else if (command == CMD_PROBE) probeExamples(ctx, arg0, arg1);
}

/** A worker thread's life: run every command posted after sequence number `seen` until stop. */
export function workerLoop(ctx: usize, tid: i32, seen: i32): void {
  while (true) {
    seen = nextCommand(ctx, seen);
    if (word(ctx, S_COMMAND) == CMD_STOP) return;
    run(ctx, tid);
  }
}

/** Mini-batches [from, to) of the epoch's order, in blocks of whole batches (G_BLOCK examples):
 * each block's examples are first copied into the epoch split in that order (_gather.ts), small
 * enough to stay in cache while they are trained on; each batch's examples all see the weights
 * from the start of the batch (exact mini-batch SGD), in chunks of at most G_CAPACITY examples. */
function train(ctx: usize, tid: i32, P: i32, from: i32, to: i32): void {
  const B = word(ctx, G_BATCH);
  const n = word(ctx, G_TRAIN_COUNT);
  const nOut = layerWord(ctx, word(ctx, G_LAYERS) - 1, L_OUT);
  const blockBatches = max(1, word(ctx, G_BLOCK) / B);
  for (let b0 = from; b0 < to; b0 += blockBatches) {
    const b1 = min(to, b0 + blockBatches);
    gatherPhase(ctx, tid, P, b0 * B, min(n, b1 * B), nOut);
    if (!trainBlock(ctx, tid, P, b0, b1, from)) return;
  }
}

/** Batches [b0, b1), whose examples the epoch split holds from position 0, of the call that
 * started at batch `from` (row 0 of the dropout masks is its first example). Returns false when a
 * batch's cost was NaN or ±∞ (training stopped before its update). */
function trainBlock(ctx: usize, tid: i32, P: i32, b0: i32, b1: i32, from: i32): bool {
  const B = word(ctx, G_BATCH);
  const n = word(ctx, G_TRAIN_COUNT);
  const capacity = word(ctx, G_CAPACITY);
  // Position i of the epoch split is example order[b0 · B + i]: the phases read it in place.
  const s = SPLIT_EPOCH;
  const order: usize = 0;
  const eta = double(ctx, G_RATE);
  const accumulate = (word(ctx, G_FLAGS) & FLAG_ACCUMULATE) != 0;
  const dropout = (word(ctx, G_FLAGS) & FLAG_DROPOUT) != 0;
  let parity = 0;
  for (let b = b0; b < b1; b++) {
    const start = (b - b0) * B;
    const m = min(B, n - b * B);
    const step = <f32>(eta / <f64>m);
    for (let c0 = 0; c0 < m; c0 += capacity) {
      const count = min(capacity, m - c0);
      sparsePhase(ctx, tid, P, s, order, start + c0, count, parity);
      barrier(ctx, P);
      const maskRow = dropout ? (b - from) * B + c0 : -1;
      backpropPhase(ctx, tid, P, s, order, start + c0, count, parity, maskRow);
      barrier(ctx, P);
      if (tid == 0) addChunkCosts(ctx, count);
      // Every thread sees the same sum, so all stop together, before the update (as sgd.ts).
      if (!isFinite(chunkCost(ctx, count))) {
        if (tid == 0) store<i32>(ctx + ((<usize>S_DIVERGED) << 2), 1);
        return false;
      }
      updatePhase(ctx, tid, P, s, order, start + c0, count, parity, step);
      parity ^= 1;
    }
    if (accumulate) applyPhase(ctx, tid, P, step, m, b);
    if (tid == 0) store<i32>(ctx + ((<usize>S_BATCHES_DONE) << 2), b + 1);
  }
  return true;
}

/** Every example of every split through the snapshot context `snap` on this thread alone (its
 * weights, biases, z/a/δ rows and input list are its own; costs and predictions go to the
 * splits' arrays, the probe's sums to the probe's, which the host leaves alone until it is
 * done), then the probe (examples [0, probeCount) of split probeSplit), then S_SNAPSHOT_DONE is
 * bumped. */
function evaluateSnapshot(ctx: usize, snap: usize, probeSplit: i32, probeCount: i32): void {
  for (let s = 0; s < 3; s++) evaluateExamples(snap, 0, s, 0, splitWord(snap, s, SP_COUNT));
  probeExamples(snap, probeSplit, probeCount);
  const done = ctx + ((<usize>S_SNAPSHOT_DONE) << 2);
  atomic.add<i32>(done, 1);
  atomic.notify(done);
}

/** Cost and prediction of examples [from, to) of split s: thread tid of P takes its share of
 * the range and runs each example through the whole network by itself. */
function evaluate(ctx: usize, tid: i32, P: i32, s: i32, from: i32, to: i32): void {
  const total = min(to, splitWord(ctx, s, SP_COUNT)) - from;
  const lo = from + (total * tid) / P;
  evaluateExamples(ctx, tid, s, lo, from + (total * (tid + 1)) / P - lo);
}

// The conv kernel (issue 21): its own command loop and context (_conv.ts, _convlayout.ts).
export {
  convBackward,
  convForward,
  convRun,
  convRunLocal,
  convWorkerLoop,
  poolBackward,
  poolForward,
} from './_conv';
