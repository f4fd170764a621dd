/**
 * Writes the context block (kernels/assembly/_layout.ts) for a memory plan and a run config, and
 * fills the data the kernel reads but never writes: the pixel table, the encoded inputs and the
 * target vectors.
 */
import type { LoadedDataset, Split } from '../../../src-shared/datasets/types';
import { activationNames, activationsOf, costNames } from '../../../src-shared/experiment/config';
import type { RunConfig } from '../../../src-shared/experiment/config';
import * as K from '../kernels/assembly/_layout';
import { writeEncoded } from './encode';
import type { WasmMemory } from './kernel-module';
import type { LayerPlan, MemoryPlan, SlicePlan, SplitPlan, ThreadPlan } from './memory-plan';

/** Typed views on the whole shared memory. */
export interface MemoryViews {
  buffer: SharedArrayBuffer;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

export function viewsOf(memory: WasmMemory): MemoryViews {
  const buffer = memory.buffer as SharedArrayBuffer;
  return {
    buffer,
    i32: new Int32Array(buffer),
    f32: new Float32Array(buffer),
    f64: new Float64Array(buffer),
  };
}

/** Sets word `w` of the context block. */
function setWord(v: MemoryViews, ctx: number, w: number, value: number): void {
  v.i32[ctx / 4 + w] = value;
}

function setReal(v: MemoryViews, plan: MemoryPlan, w: number, value: number): void {
  v.f32[plan.ctx / 4 + w] = value;
}

/** Writes the run's constants and every pointer of the plan into the context block. */
export function writeContext(v: MemoryViews, plan: MemoryPlan, config: RunConfig): void {
  const acts = activationsOf(config);
  const flags =
    (config.trainBiases ? K.FLAG_TRAIN_BIASES : 0) | (plan.accumulate ? K.FLAG_ACCUMULATE : 0);
  const words: [number, number][] = [
    [K.G_LAYERS, plan.layers.length],
    [K.G_THREADS, plan.threads],
    [K.G_SLICES, plan.slices.length],
    [K.G_CAPACITY, plan.capacity],
    [K.G_COST, costNames.indexOf(config.cost)],
    [K.G_FLAGS, flags],
    [K.G_BATCH, config.batchSize],
    [K.G_TRAIN_COUNT, plan.splits[0].count],
    [K.G_ORDER, plan.order],
    [K.G_LUT, plan.lut],
    [K.G_CHUNK_COSTS, plan.chunkCosts],
    [K.G_BLOCK, plan.epochSplit.examples],
  ];
  for (const [w, value] of words) setWord(v, plan.ctx, w, value);
  setReal(v, plan, K.G_MOMENTUM, config.momentum);
  // The per-step coefficients use η of the epoch: see setLearningRate.
  plan.layers.forEach((layer, l) =>
    writeLayer(v, plan, l, layer, activationNames.indexOf(acts[l])),
  );
  plan.slices.forEach((slice, t) => writeSlice(v, plan, t, slice));
  plan.threadScratch.forEach((scratch, t) => writeThread(v, plan, t, scratch));
  plan.splits.forEach((split, s) => writeSplit(v, plan, s, split));
  const train = plan.splits[0];
  const block = { ...train, ...plan.epochSplit, count: plan.epochSplit.examples };
  writeSplit(v, plan, K.SPLIT_EPOCH, { ...block, costs: 0, predictions: 0 });
}

/** The snapshot context (memory-plan.ts SnapshotPlan): the live context with its own weights,
 * rows and list. Written after writeContext. */
export function writeSnapshotContext(v: MemoryViews, plan: MemoryPlan): void {
  const snap = plan.snapshot;
  if (!snap) return;
  new Uint8Array(v.buffer).copyWithin(snap.ctx, plan.ctx, plan.ctx + K.CTX_BYTES);
  const set = (w: number, value: number) => setWord(v, snap.ctx, w, value);
  snap.layers.forEach((layer, l) => {
    const base = K.LAYER_BASE + l * K.LAYER_WORDS;
    if (l > 0) set(base + K.L_W, layer.w);
    set(base + K.L_B, layer.b);
    set(base + K.L_Z, layer.z);
    set(base + K.L_A, layer.a);
  });
  snap.slices.forEach((w, t) => set(K.SLICE_BASE + t * K.SLICE_WORDS + K.SL_W, w));
  set(K.THREAD_BASE + K.TH_LIST, snap.list);
  set(K.THREAD_BASE + K.TH_LIST_LIMIT, 0);
}

/** The live weights and biases into the snapshot's. */
export function takeSnapshot(v: MemoryViews, plan: MemoryPlan): void {
  const bytes = new Uint8Array(v.buffer);
  for (const c of plan.snapshot?.copies ?? []) bytes.copyWithin(c.to, c.from, c.from + c.bytes);
}

/** η for the next epoch, and the decay coefficients ηλ₂/n and ηλ₁/n that depend on it. */
export function setLearningRate(
  v: MemoryViews,
  plan: MemoryPlan,
  config: RunConfig,
  eta: number,
): void {
  const n = plan.splits[0].count;
  v.f64[(plan.ctx + 4 * K.G_RATE) / 8] = eta;
  setReal(v, plan, K.G_DECAY, (eta * config.l2) / n);
  setReal(v, plan, K.G_SHRINK, (eta * config.l1) / n);
}

function writeLayer(v: MemoryViews, plan: MemoryPlan, l: number, p: LayerPlan, act: number): void {
  const base = K.LAYER_BASE + l * K.LAYER_WORDS;
  const fields: [number, number][] = [
    [K.L_IN, p.nIn],
    [K.L_OUT, p.nOut],
    [K.L_ROW, p.row],
    [K.L_STRIDE, p.stride],
    [K.L_ACT, act],
    [K.L_W, p.w],
    [K.L_B, p.b],
    [K.L_VW, p.vw],
    [K.L_VB, p.vb],
    [K.L_GW, p.gw],
    [K.L_GB, p.gb],
    [K.L_Z, p.z],
    [K.L_A, p.a],
    [K.L_D, p.d],
    [K.L_Z2, p.z2],
    [K.L_A2, p.a2],
  ];
  for (const [f, value] of fields) setWord(v, plan.ctx, base + f, value);
}

function writeSlice(v: MemoryViews, plan: MemoryPlan, t: number, p: SlicePlan): void {
  const base = K.SLICE_BASE + t * K.SLICE_WORDS;
  const fields: [number, number][] = [
    [K.SL_START, p.start],
    [K.SL_WIDTH, p.width],
    [K.SL_W, p.w],
    [K.SL_VW, p.vw],
    [K.SL_GW, p.gw],
  ];
  for (const [f, value] of fields) setWord(v, plan.ctx, base + f, value);
}

function writeThread(v: MemoryViews, plan: MemoryPlan, t: number, p: ThreadPlan): void {
  const base = K.THREAD_BASE + t * K.THREAD_WORDS;
  setWord(v, plan.ctx, base + K.TH_SCRATCH, p.scratch);
  setWord(v, plan.ctx, base + K.TH_LIST, p.list);
  setWord(v, plan.ctx, base + K.TH_LIST_LIMIT, p.listLimit);
}

/** A split's words; the epoch split also has its sources (see _gather.ts). */
function writeSplit(
  v: MemoryViews,
  plan: MemoryPlan,
  s: number,
  p: SplitPlan & { sources?: number },
): void {
  const base = K.SPLIT_BASE + s * K.SPLIT_WORDS;
  const fields: [number, number][] = [
    [K.SP_SOURCES, p.sources ?? 0],
    [K.SP_COUNT, p.count],
    [K.SP_FORMAT, p.format],
    [K.SP_DATA, p.data],
    [K.SP_OFFSETS, p.offsets],
    [K.SP_TARGETS, p.targets],
    [K.SP_COSTS, p.costs],
    [K.SP_PREDICTIONS, p.predictions],
  ];
  for (const [f, value] of fields) setWord(v, plan.ctx, base + f, value);
}

/** The pixel table fround(p / 255), the encoded inputs and the float64 targets of every split. */
export function writeData(v: MemoryViews, plan: MemoryPlan, data: LoadedDataset): void {
  for (let p = 0; p < 256; p++) v.f32[plan.lut / 4 + p] = p / 255;
  [data.train, data.validation, data.test].forEach((split, s) => {
    const p = plan.splits[s];
    writeEncoded(split, p.format, v.buffer, p.data, p.offsets);
    writeTargets(v, p, split, data.outputSize);
  });
}

/** Row i: the split's explicit targets, or one-hot of its label. */
function writeTargets(v: MemoryViews, p: SplitPlan, split: Split, outputs: number): void {
  const at = p.targets / 8;
  if (split.targets) {
    v.f64.set(split.targets.subarray(0, split.count * outputs), at);
    return;
  }
  for (let i = 0; i < split.count; i++) {
    const label = split.labels[i];
    if (label >= 0 && label < outputs) v.f64[at + i * outputs + label] = 1;
  }
}
