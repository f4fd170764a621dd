/**
 * Where everything lives in the kernel's shared WebAssembly memory (byte addresses, 64-byte
 * aligned so no two threads' data share a cache line). Laid out once per session; the memory
 * never grows, so typed-array views on it stay valid.
 *
 * The first weight layer is split into slices of one width (a multiple of 4; one slice, or one
 * per thread when training may be shared), each stored input-major in its own block; dense layers are output-major
 * (row j = the weights into unit j) with rows of nIn rounded up to 16. Padding weights are 0 and
 * stay 0 (their δ is 0, and the kernel masks padded inputs in updates).
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { dropoutOf, optimizerOf } from '../../../src-shared/engine/options';
import { Allocator, roundUp } from './allocator';
import { CTX_BYTES } from './context-layout';
import { encodedSize, type EncodedSize } from './encode';
import { planSnapshot, type SnapshotPlan } from './snapshot';

export interface SlicePlan {
  /** First hidden unit and number of units (a multiple of 4; every slice has the same width). */
  start: number;
  width: number;
  w: number;
  /** Velocities or second moments (see LayerPlan.vw), Adam's first moments, gradient sums. */
  vw: number;
  mw: number;
  gw: number;
}

/** A thread's scratch. */
export interface ThreadPlan {
  /** i32 list starts [capacity], i32 list lengths [capacity], f32 scaled δ [slice width]. */
  scratch: number;
  /** Decoded inputs of a chunk: [listLimit + nIn] records of (i32 row offset, f32 value). */
  list: number;
  listLimit: number;
}

/** The encoded sizes of train, validation and test (one pass over each split's inputs). */
export type SplitSizes = [EncodedSize, EncodedSize, EncodedSize];

export function splitSizes(data: LoadedDataset): SplitSizes {
  return [encodedSize(data.train), encodedSize(data.validation), encodedSize(data.test)];
}

export interface LayerPlan {
  nIn: number;
  nOut: number;
  /** Floats per weight row (dense layers: nIn rounded up to 16) or the padded width n₁ (layer 0). */
  row: number;
  /** Floats per example in the z / a / δ buffers. */
  stride: number;
  /** With dropout on this layer's output (rate p > 0, else 0): its masks [maskRows][stride]
   * and dropped activations ã [capacity][stride]. */
  dropout: number;
  mask: number;
  ad: number;
  w: number;
  b: number;
  /** Velocities (momentum, Nesterov) or second moments (RMSProp's r, Adam's v) when
   * accumulating; mw, mb Adam's first moments (0 for the other optimizers). */
  vw: number;
  vb: number;
  mw: number;
  mb: number;
  gw: number;
  gb: number;
  z: number;
  a: number;
  d: number;
  z2: number;
  a2: number;
  /** The probe's sums (f64 [5 + 3 · stride]) and gradient sums (f32 weights, f32 biases). */
  probeSums: number;
  probeGw: number;
  probeGb: number;
}

export interface SplitPlan extends EncodedSize {
  count: number;
  data: number;
  offsets: number;
  targets: number;
  costs: number;
  predictions: number;
}

/** A block of training examples copied in the epoch's order (kernels/assembly/_gather.ts). */
export interface EpochSplitPlan {
  /** Examples per block: whole mini-batches, at least one. */
  examples: number;
  data: number;
  offsets: number;
  targets: number;
  sources: number;
}

export interface MemoryPlan {
  ctx: number;
  lut: number;
  order: number;
  chunkCosts: number;
  /** The probe's f64 output sums [nOut] and predicted-class counts [max(nOut, 2)]. */
  probeOut: number;
  /** Examples per chunk buffer. */
  capacity: number;
  threads: number;
  /** Slices of the first layer: 1, or `threads` when training may be shared. */
  slices: SlicePlan[];
  threadScratch: ThreadPlan[];
  /** Gradients are summed and one momentum / decay / optimizer step runs per batch. */
  accumulate: boolean;
  /** Adam's first moments are kept (mw, mb). */
  firstMoments: boolean;
  /** Rows of the dropout masks: the examples one training call may take (whole mini-batches);
   * 0 without dropout. */
  maskRows: number;
  layers: LayerPlan[];
  /** train, validation, test. */
  splits: [SplitPlan, SplitPlan, SplitPlan];
  epochSplit: EpochSplitPlan;
  /** Present when the session has a second thread to score with. */
  snapshot: SnapshotPlan | null;
  /** Total bytes, a whole number of 64 KiB pages. */
  bytes: number;
}

/** Examples of the epoch gathered and trained at a time: with MNIST about 350 KB of inputs and
 * 80 KB of targets, which stay in a 1 MB L2 cache while they are trained on. */
const GATHER_BLOCK = 1024;

/** Examples per gathered block: `block` (GATHER_BLOCK) rounded down to whole mini-batches, at
 * least one mini-batch, at most the split. */
export function blockExamples(count: number, batchSize: number, block = GATHER_BLOCK): number {
  return Math.min(count, Math.max(batchSize, Math.floor(block / batchSize) * batchSize));
}

/** Examples whose dropout masks are drawn at a time: with 100 hidden units 1.6 MB of masks. */
const MASK_BLOCK = 4096;

/** Most examples per chunk; larger mini-batches are summed chunk by chunk. */
export const MAX_CAPACITY = 1024;
/** Entries of a slice's decoded-input list (2 MiB): enough for a chunk of MNIST images. */
const LIST_ENTRIES = 262_144;
/** Chunk buffers stay below this many bytes. */
const BUFFER_BUDGET = 64 * 1024 * 1024;
const PAGE = 65536;

/** The padded width of the first layer: n rounded up so `slices` slices of one width, a
 * multiple of 4, cover it. */
export function paddedHidden(n: number, slices: number): number {
  return roundUp(n, 4 * slices);
}

/** Chunk capacity: MAX_CAPACITY examples (a mini-batch up to that size is one chunk, and an
 * evaluation needs few barriers), fewer when the buffers would exceed BUFFER_BUDGET. */
function capacityFor(strides: number[], threads: number): number {
  const perExample = strides.reduce((s, w, l) => s + w * 4 * (l === 0 ? 5 : 3), 8);
  const fits = Math.min(MAX_CAPACITY, Math.floor(BUFFER_BUDGET / perExample));
  // At least one row per thread: an evaluating thread works in its own row.
  return Math.max(threads, fits);
}

export function planMemory(
  config: RunConfig,
  data: LoadedDataset,
  sizes: SplitSizes,
  threads: number,
  sliceCount: number,
  heapBase: number,
): MemoryPlan {
  const layers = config.layers;
  const mem = new Allocator(heapBase);
  const ctx = mem.take(CTX_BYTES);
  const lut = mem.take(256 * 4);
  const order = mem.take(4 * data.train.count);
  const hidden = paddedHidden(layers[1], sliceCount);
  const strides = layers.slice(1).map((n, l) => roundUp(l === 0 ? hidden : n, 16));
  const capacity = capacityFor(strides, threads);
  const kind = optimizerOf(config).kind;
  const accumulate =
    config.momentum > 0 ||
    config.l2 > 0 ||
    config.l1 > 0 ||
    capacity < config.batchSize ||
    (kind !== 'sgd' && kind !== 'momentum');
  const state = { accumulate, firstMoments: kind === 'adam' };
  const chunkCosts = mem.take(8 * capacity);
  // Rate of each weight layer's output: neuron layer l + 1 (the output layer has none).
  const rates = strides.map((_, l) => dropoutOf(config)[l + 1] ?? 0);
  const maskRows = rates.some((p) => p > 0)
    ? Math.min(data.train.count, blockExamples(data.train.count, config.batchSize, MASK_BLOCK))
    : 0;
  const layerPlans = strides.map((stride, l) => ({
    ...planLayer(mem, layers[l], layers[l + 1], stride, l === 0 ? hidden : 0, capacity, state),
    ...planDropout(mem, rates[l], stride, maskRows, capacity),
  }));
  const width = hidden / sliceCount;
  const slices = Array.from({ length: sliceCount }, (_, t) =>
    planSlice(mem, layers[0], t * width, width, state),
  );
  const threadScratch = Array.from({ length: threads }, () =>
    planThread(mem, layers[0], width, capacity),
  );
  const outputs = layers[layers.length - 1];
  const splits = [data.train, data.validation, data.test].map((split, s) => ({
    ...sizes[s],
    count: split.count,
    data: mem.take(sizes[s].bytes),
    offsets: mem.take(4 * (split.count + 1)),
    targets: mem.take(8 * split.count * outputs),
    costs: mem.take(8 * split.count),
    predictions: mem.take(4 * split.count),
  })) as MemoryPlan['splits'];
  const block = blockExamples(data.train.count, config.batchSize);
  const epochSplit = {
    examples: block,
    data: mem.take(Math.min(sizes[0].bytes, block * sizes[0].maxExampleBytes)),
    offsets: mem.take(4 * (block + 1)),
    targets: mem.take(8 * block * outputs),
    sources: mem.take(4 * block),
  };
  const probeOut = mem.take(8 * (outputs + Math.max(outputs, 2)));
  const snapshot = threads > 1 ? planSnapshot(mem, layerPlans, slices, layers[0]) : null;
  // The gather reads whole 16-byte blocks, up to 15 bytes past an encoding or 8 past a target
  // row; whatever comes last in memory keeps this margin before the end.
  mem.take(16);
  const bytes = roundUp(mem.take(0), PAGE);
  return {
    ctx,
    lut,
    order,
    chunkCosts,
    probeOut,
    capacity,
    threads,
    slices,
    threadScratch,
    ...state,
    maskRows,
    layers: layerPlans,
    splits,
    epochSplit,
    snapshot,
    bytes,
  };
}

/** A layer's dropout buffers (see LayerPlan.mask), none when its rate is 0. */
function planDropout(
  mem: Allocator,
  rate: number,
  stride: number,
  maskRows: number,
  capacity: number,
): Pick<LayerPlan, 'dropout' | 'mask' | 'ad'> {
  if (rate === 0) return { dropout: 0, mask: 0, ad: 0 };
  return {
    dropout: rate,
    mask: mem.take(4 * maskRows * stride),
    ad: mem.take(4 * capacity * stride),
  };
}

/** Which optimizer arrays a session keeps besides the weights (see MemoryPlan). */
interface StatePlan {
  accumulate: boolean;
  firstMoments: boolean;
}

/** Layer buffers; `hidden` > 0 marks layer 0, whose weights live in the slices. */
function planLayer(
  mem: Allocator,
  nIn: number,
  nOut: number,
  stride: number,
  hidden: number,
  capacity: number,
  state: StatePlan,
): Omit<LayerPlan, 'dropout' | 'mask' | 'ad'> {
  const row = hidden > 0 ? hidden : roundUp(nIn, 16);
  const weights = hidden > 0 ? 0 : 4 * nOut * row;
  const biasBytes = 4 * (hidden > 0 ? hidden : roundUp(nOut, 4));
  const optional = (bytes: number) => (state.accumulate ? mem.take(bytes) : 0);
  const first = (bytes: number) => (state.firstMoments ? mem.take(bytes) : 0);
  const buffer = () => mem.take(4 * capacity * stride);
  const probeWeights = 4 * (hidden > 0 ? nIn * hidden : nOut * row);
  return {
    nIn,
    nOut,
    row,
    stride,
    w: weights > 0 ? mem.take(weights) : 0,
    b: mem.take(biasBytes),
    vw: weights > 0 ? optional(weights) : 0,
    vb: optional(biasBytes),
    mw: weights > 0 ? first(weights) : 0,
    mb: first(biasBytes),
    gw: weights > 0 ? optional(weights) : 0,
    gb: optional(biasBytes),
    z: buffer(),
    a: buffer(),
    d: buffer(),
    z2: hidden > 0 ? buffer() : 0,
    a2: hidden > 0 ? buffer() : 0,
    probeSums: mem.take(8 * (5 + 3 * stride)),
    probeGw: mem.take(probeWeights),
    probeGb: mem.take(4 * stride),
  };
}

function planSlice(
  mem: Allocator,
  nIn: number,
  start: number,
  width: number,
  state: StatePlan,
): SlicePlan {
  const bytes = 4 * nIn * width;
  return {
    start,
    width,
    w: mem.take(bytes),
    vw: state.accumulate ? mem.take(bytes) : 0,
    mw: state.firstMoments ? mem.take(bytes) : 0,
    gw: state.accumulate ? mem.take(bytes) : 0,
  };
}

function planThread(mem: Allocator, nIn: number, width: number, capacity: number): ThreadPlan {
  const listLimit = Math.min(LIST_ENTRIES, capacity * nIn);
  return {
    scratch: mem.take(4 * (2 * capacity + width)),
    list: mem.take(8 * (listLimit + nIn)),
    listLimit,
  };
}
