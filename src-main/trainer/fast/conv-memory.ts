/**
 * The memory of a fast conv session (conv-session.ts): one shared WebAssembly.Memory holding the
 * conv kernel's context block (_convlayout.ts), the parameters and their summed gradients, the
 * per-example slots of a mini-batch, one workspace per thread and the three splits as [C, H, W]
 * images with float64 targets. Images of byte pixels (MNIST) stay bytes, converted by the kernel
 * to the reference's float32 values as it reads them: a quarter of the memory, so the 5× expanded
 * training set (expand.ts; 250,000 MNIST images, 196 MB) fits the wasm32 memory with room to
 * spare, where float32 would take 784 MB. The host's Network, FeatureStack and Gradients then get
 * float32 views of the parameters and gradients here instead of their own arrays, so the
 * reference's update, checkpoint and probe code read and write the kernel's numbers directly.
 */
import type { LoadedDataset, Split } from '../../../src-shared/base/dataset';
import type { Float } from '../../../src-shared/engine/activations';
import type { FeaturePlan } from '../../../src-shared/engine/layers/feature-stack';
import { conv2dWeightCount } from '../../../src-shared/engine/layers/conv2d';
import { volume } from '../../../src-shared/engine/layers/tensor';
import { Gradients } from '../../../src-shared/engine/network';
import type { StartState } from '../../../src-shared/engine/start-state';
import { activationNames, costNames } from '../../../src-shared/experiment/config';
import { dropoutOf, optimizerOf, type TrainingOptions } from '../../../src-shared/engine/options';
import * as C from '../kernels/assembly/_convlayout';
import { Allocator, roundUp } from './allocator';
import type { MaskRows } from './dropout-masks';
import { kernelHeapBase, wasm, type WasmMemory } from './kernel-module';

const up4 = (n: number) => roundUp(n, 4);

/** Where each split's arrays are: images, targets, per-example costs and predictions. */
export interface SplitPlace {
  count: number;
  /** Images as bytes (1 byte per value) rather than float32. */
  bytes: boolean;
  data: number;
  targets: number;
  costs: number;
  predictions: number;
}

export interface ConvMemory {
  memory: WasmMemory;
  ctx: number;
  f32: Float32Array;
  f64: Float64Array;
  i32: Int32Array;
  /** The epoch's example order (training split). */
  order: Int32Array;
  splits: SplitPlace[];
  /** Mini-batch slots: at least the batch size and the thread count. */
  slots: number;
  /** Gradients whose arrays are views of the kernel's (columns: every input, see below). */
  grads: Gradients;
  /** The dropped dense layers' masks in the slots (row i: slot i), lowest layer first. */
  masks: MaskRows[];
}

/** Byte layout of one stage: its workspace offsets and its gradients' offset in a slot. */
interface StagePlace {
  xpad: number;
  z: number;
  a: number;
  d: number;
  arg: number;
  gin: number;
  grad: number;
}

/** Lays out the workspace of one thread and the conv region of a slot. */
function layoutStages(plan: FeaturePlan, ws: Allocator, grads: { end: number }): StagePlace[] {
  return plan.layers.map((g, s) => {
    const out = 4 * up4(volume(g.output));
    const place = { xpad: 0, z: 0, a: 0, d: 0, arg: 0, gin: 0, grad: grads.end };
    if (g.type === 'conv2d') {
      const p = g.padding;
      const padded = g.input.channels * (g.input.height + 2 * p) * (g.input.width + 2 * p);
      place.xpad = ws.take(4 * up4(padded));
      place.z = ws.take(out);
      place.a = ws.take(out);
      place.d = ws.take(out);
      grads.end += 4 * (g.filters * g.input.channels * g.kernel * g.kernel + g.filters);
    } else {
      place.a = ws.take(out);
      place.arg = ws.take(out);
    }
    if (s > 0) place.gin = ws.take(4 * up4(volume(g.input)));
    return place;
  });
}

/** Byte offsets inside one thread's workspace and inside one example's slot. */
interface Local {
  stages: StagePlace[];
  denseZ: number[];
  /** Per weight layer l, with dropout on its input a^{l−1}: the mask's slot offset and the
   * undropped input's workspace offset (0 and 0 without). */
  masks: number[];
  keeps: number[];
  wsImage: number;
  wsG: number;
  wsGA: number;
  wsBytes: number;
  slotCost: number;
  /** a⁰ … a^L */
  acts: number[];
  deltas: number[];
  slotConv: number;
  slotBytes: number;
  /** Bytes of one example's conv gradients. */
  convBytes: number;
}

/** `rates[l]`: the dropout rate of neuron layer l (dropoutOf), the input of weight layer l. */
function layoutLocal(plan: FeaturePlan, sizes: readonly number[], rates: number[]): Local {
  const L = sizes.length - 1;
  const ws = new Allocator(0);
  const convGrads = { end: 0 };
  const stages = layoutStages(plan, ws, convGrads);
  const denseZ = sizes.slice(1).map((n) => ws.take(4 * up4(n)));
  const wsG = ws.take(4 * up4(sizes[0]));
  const wsGA = ws.take(4 * up4(Math.max(...sizes.slice(0, L))));
  const wsImage = ws.take(4 * up4(volume(plan.input)));
  const keeps = sizes.slice(0, L).map((n, l) => (rates[l] > 0 ? ws.take(4 * up4(n)) : 0));
  const slot = new Allocator(0);
  const slotCost = slot.take(8);
  const acts = sizes.map((n) => slot.take(4 * up4(n)));
  const deltas = sizes.slice(1).map((n) => slot.take(4 * up4(n)));
  const slotConv = slot.take(convGrads.end);
  // Offset 0 is the cost's, so a mask's offset is never 0.
  const masks = sizes.slice(0, L).map((n, l) => (rates[l] > 0 ? slot.take(4 * up4(n)) : 0));
  return {
    ...{ stages, denseZ, masks, keeps, wsImage, wsG, wsGA, wsBytes: roundUp(ws.end, 64) },
    ...{ slotCost, acts, deltas, slotConv, slotBytes: roundUp(slot.end, 64) },
    convBytes: convGrads.end,
  };
}

/** Addresses in the kernel's memory. */
interface Global {
  ctx: number;
  dense: { w: number; b: number; gw: number; gb: number }[];
  /** Per stage: a conv's weights and biases, null for a pool. */
  convParams: ({ w: number; b: number } | null)[];
  convGrad: number;
  /** Per velocity set (dense, then conv), per array. */
  velocityAt: number[][];
  slotBase: number;
  wsBase: number;
  orderAt: number;
  places: SplitPlace[];
  end: number;
}

/** The velocity arrays of `state` in the order Global.velocityAt lists them. */
function velocitySets(state: StartState): Float[][] {
  const sets = [state.velocities, state.features?.velocities];
  return sets.flatMap((v) => (v ? [v.w, v.b] : []));
}

function layoutGlobal(
  data: LoadedDataset,
  plan: FeaturePlan,
  state: StartState,
  local: Local,
  counts: { slots: number; threads: number },
): Global {
  const sizes = state.net.sizes;
  const alloc = new Allocator(kernelHeapBase());
  const ctx = alloc.take(C.CONV_CTX_BYTES);
  const dense = sizes.slice(1).map((nOut, l) => ({
    w: alloc.take(4 * nOut * sizes[l]),
    b: alloc.take(4 * nOut),
    gw: alloc.take(4 * nOut * sizes[l]),
    gb: alloc.take(4 * nOut),
  }));
  const convParams = plan.layers.map((g) =>
    g.type === 'conv2d'
      ? { w: alloc.take(4 * conv2dWeightCount(g)), b: alloc.take(4 * g.filters) }
      : null,
  );
  const convGrad = alloc.take(local.convBytes);
  // Velocities (momentum, Nesterov) live here too, so the kernel's step can keep them.
  const velocityAt = velocitySets(state).map((set) => set.map((a) => alloc.take(4 * a.length)));
  const slotBase = alloc.take(counts.slots * local.slotBytes);
  const wsBase = alloc.take(counts.threads * local.wsBytes);
  const orderAt = alloc.take(4 * data.train.count);
  const [inVol, nOut] = [volume(plan.input), sizes[sizes.length - 1]];
  const places = [data.train, data.validation, data.test].map((split) => ({
    count: split.count,
    bytes: split.inputs instanceof Uint8Array,
    data: alloc.take((split.inputs instanceof Uint8Array ? 1 : 4) * split.count * inVol),
    targets: alloc.take(8 * split.count * nOut),
    costs: alloc.take(8 * split.count),
    predictions: alloc.take(4 * split.count),
  }));
  return {
    ...{ ctx, dense, convParams, convGrad, velocityAt, slotBase, wsBase, orderAt, places },
    end: alloc.end,
  };
}

/** Allocates the whole memory for `config` on `data` (its training split the one trained on:
 * the expanded set with `expand`) and fills it from `state`; afterwards the state's parameter
 * arrays are views of the kernel's. */
export function buildConvMemory(
  config: TrainingOptions,
  data: LoadedDataset,
  plan: FeaturePlan,
  state: StartState,
  threads: number,
): ConvMemory {
  if (plan.layers.length > C.MAX_STAGES || state.net.depth > C.MAX_DENSE)
    throw new Error(
      `fast conv engine: at most ${C.MAX_STAGES} conv/pool and ${C.MAX_DENSE} dense layers`,
    );
  const slots = Math.max(config.batchSize, threads);
  const rates = dropoutOf(config);
  const local = layoutLocal(plan, state.net.sizes, rates);
  const global = layoutGlobal(data, plan, state, local, { slots, threads });
  const pages = Math.ceil(global.end / 65536) + 1;
  if (pages > MAX_PAGES)
    throw new Error(
      `fast conv engine: ${(global.end / 2 ** 30).toFixed(2)} GiB of memory needed, more than the kernel's 4 GiB`,
    );
  const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  const buffer = memory.buffer;
  const words = new Int32Array(buffer);
  const [f32, f64] = [new Float32Array(buffer), new Float64Array(buffer)];
  const set = (word: number, value: number) => (words[global.ctx / 4 + word] = value);
  writeGlobals(set, config, plan, state, local, global);
  writeStages(set, plan, local, global);
  writeDense(set, state, local, global);
  const nOut = state.net.sizes[state.net.depth];
  const u8 = new Uint8Array(buffer);
  [data.train, data.validation, data.test].forEach((split, s) =>
    writeSplit(split, global.places[s], plan, nOut, { u8, f32, f64 }),
  );
  const grads = moveState(buffer, plan, state, local, global);
  return {
    ...{ memory, ctx: global.ctx, f32, f64, i32: words, slots, grads },
    order: new Int32Array(buffer, global.orderAt, data.train.count),
    splits: global.places,
    masks: maskRows(rates, state.net.sizes, local, global.slotBase),
  };
}

/** A wasm32 memory's pages (64 KiB each): 4 GiB. */
const MAX_PAGES = 65536;

/** Where the host draws each dropped layer's masks: row i in slot i. */
function maskRows(rates: number[], sizes: readonly number[], local: Local, slotBase: number) {
  return local.masks.flatMap((offset, l) =>
    offset === 0
      ? []
      : [
          {
            ...{ rate: rates[l], at: (slotBase + offset) / 4 },
            ...{ stride: local.slotBytes / 4, units: sizes[l] },
          },
        ],
  );
}

type SetWord = (word: number, value: number) => void;

function writeGlobals(
  set: SetWord,
  config: TrainingOptions,
  plan: FeaturePlan,
  state: StartState,
  local: Local,
  global: Global,
): void {
  set(C.C_STAGES, plan.layers.length);
  set(C.C_DENSE, state.net.depth);
  set(C.C_COST, costNames.indexOf(config.cost));
  set(C.C_ORDER, global.orderAt);
  set(C.C_SLOTS, global.slotBase);
  set(C.C_SLOT_BYTES, local.slotBytes);
  set(C.C_SLOT_CONV, local.slotConv);
  set(C.C_SLOT_COST, local.slotCost);
  set(C.C_CONV_GRAD, global.convGrad);
  set(C.C_CONV_COUNT, local.convBytes / 4);
  set(C.C_WS, global.wsBase);
  set(C.C_WS_BYTES, local.wsBytes);
  set(C.C_WS_G, local.wsG);
  set(C.C_WS_GA, local.wsGA);
  set(C.C_IN_VOL, volume(plan.input));
  set(C.C_WS_IMAGE, local.wsImage);
  global.places.forEach((p, s) => {
    const at = (field: number, value: number) =>
      set(C.SPLIT_BASE + s * C.SPLIT_WORDS + field, value);
    at(C.SP_DATA, p.data);
    at(C.SP_TARGETS, p.targets);
    at(C.SP_COUNT, p.count);
    at(C.SP_COSTS, p.costs);
    at(C.SP_PRED, p.predictions);
    at(C.SP_BYTES, p.bytes ? 1 : 0);
  });
}

function writeStages(set: SetWord, plan: FeaturePlan, local: Local, global: Global): void {
  plan.layers.forEach((g, s) => {
    const at = (field: number, value: number) =>
      set(C.STAGE_BASE + s * C.STAGE_WORDS + field, value);
    const conv = g.type === 'conv2d';
    at(C.ST_TYPE, conv ? C.STAGE_CONV : C.STAGE_POOL);
    at(C.ST_C, g.input.channels);
    at(C.ST_H, g.input.height);
    at(C.ST_W, g.input.width);
    at(C.ST_F, g.output.channels);
    at(C.ST_OH, g.output.height);
    at(C.ST_OW, g.output.width);
    at(C.ST_K, conv ? g.kernel : g.size);
    at(C.ST_S, g.stride);
    at(C.ST_P, conv ? g.padding : 0);
    at(C.ST_ACT, conv ? activationNames.indexOf(g.activation) : 0);
    at(C.ST_WP, global.convParams[s]?.w ?? 0);
    at(C.ST_BP, global.convParams[s]?.b ?? 0);
    const p = local.stages[s];
    at(C.ST_GRAD, p.grad);
    at(C.ST_XPAD, p.xpad);
    at(C.ST_Z, p.z);
    at(C.ST_A, p.a);
    at(C.ST_D, p.d);
    at(C.ST_ARG, p.arg);
    at(C.ST_GIN, p.gin);
  });
}

function writeDense(set: SetWord, state: StartState, local: Local, global: Global): void {
  const { sizes, activations } = state.net;
  global.dense.forEach((d, l) => {
    const at = (field: number, value: number) =>
      set(C.DENSE_BASE + l * C.DENSE_WORDS + field, value);
    at(C.D_IN, sizes[l]);
    at(C.D_OUT, sizes[l + 1]);
    at(C.D_ACT, activationNames.indexOf(activations[l]));
    at(C.D_W, d.w);
    at(C.D_B, d.b);
    at(C.D_GW, d.gw);
    at(C.D_GB, d.gb);
    at(C.D_Z, local.denseZ[l]);
    at(C.D_X, local.acts[l]);
    at(C.D_A, local.acts[l + 1]);
    at(C.D_D, local.deltas[l]);
    at(C.D_MASK, local.masks[l]);
    at(C.D_KEEP, local.keeps[l]);
  });
}

/** Moves the state's parameters and velocities into the kernel's memory (values first, then the
 * state's arrays become views) and returns Gradients and sets the stack's gradients as views of
 * the kernel's sums. */
function moveState(
  buffer: ArrayBuffer | SharedArrayBuffer,
  plan: FeaturePlan,
  state: StartState,
  local: Local,
  global: Global,
): Gradients {
  const view = (at: number, n: number) => new Float32Array(buffer, at, n);
  const move = (arrays: Float[], i: number, at: number) => {
    const v = view(at, arrays[i].length);
    v.set(arrays[i]);
    arrays[i] = v;
  };
  const net = state.net;
  global.dense.forEach((d, l) => {
    move(net.weights, l, d.w);
    move(net.biases, l, d.b);
  });
  velocitySets(state).forEach((set, k) =>
    set.forEach((_, i) => move(set, i, global.velocityAt[k][i])),
  );
  const grads = new Gradients(net);
  global.dense.forEach((d, l) => {
    grads.nablaW[l] = view(d.gw, grads.nablaW[l].length);
    grads.nablaB[l] = view(d.gb, grads.nablaB[l].length);
  });
  // The kernel fills every column of ∂C/∂w¹, so the plain step (first-layer.ts) takes them all.
  const all = Int32Array.from({ length: net.sizes[0] }, (_, k) => k);
  grads.columns.add({ nz: all, xv: new Float32Array(0), nzCount: net.sizes[0] });
  const stack = state.features!.stack;
  let conv = 0;
  plan.layers.forEach((g, s) => {
    const p = global.convParams[s];
    if (!p) return;
    move(stack.params.w, conv, p.w);
    move(stack.params.b, conv, p.b);
    const [wCount, at] = [stack.grads.w[conv].length, global.convGrad + local.stages[s].grad];
    stack.grads.w[conv] = view(at, wCount);
    stack.grads.b[conv] = view(at + 4 * wCount, g.output.channels);
    conv++;
  });
  return grads;
}

/** A split's images in [C, H, W] order (the reference's FeatureStack.forward order): byte
 * pixels as they are (the kernel scales them), other values as float32; its targets as float64. */
function writeSplit(
  split: Split,
  place: SplitPlace,
  plan: FeaturePlan,
  nOut: number,
  views: { u8: Uint8Array; f32: Float32Array; f64: Float64Array },
): void {
  const { channels: Ch, height: H, width: W } = plan.input;
  const inVol = Ch * H * W;
  const [images, first] = place.bytes ? [views.u8, place.data] : [views.f32, place.data / 4];
  for (let i = 0; i < split.count; i++) {
    const base = first + i * inVol;
    const row = i * split.inputSize;
    if (Ch === 1) images.set(split.inputs.subarray(row, row + inVol), base);
    else
      for (let c = 0; c < Ch; c++)
        for (let p = 0; p < H * W; p++)
          images[base + c * H * W + p] = split.inputs[row + p * Ch + c];
  }
  const f64 = views.f64;
  const targets = place.targets / 8;
  if (split.targets) f64.set(split.targets.subarray(0, split.count * nOut), targets);
  else
    for (let i = 0; i < split.count; i++) {
      const label = split.labels[i];
      if (label >= 0 && label < nOut) f64[targets + i * nOut + label] = 1;
    }
}

/** A float32 view's byte address in the kernel's memory (0 for none). */
const address = (a: Float | null | undefined): number => (a ? a.byteOffset : 0);

/**
 * The array table of the kernel's step (sgd.ts's updateMiniBatch for SGD and momentum) at
 * learning rate η: conv arrays with updateFeatures's terms η·(λ/n), dense ones with
 * updateMiniBatch's (ηλ)/n (the same float64 expressions, so the same roundings), biases without
 * terms and left out when they do not train. Returns false (the host steps) for other optimizers.
 */
export function writeStepTable(
  mem: ConvMemory,
  config: TrainingOptions,
  state: StartState,
  eta: number,
  n: number,
): boolean {
  const spec = optimizerOf(config);
  const words = mem.i32;
  const base = mem.ctx / 4;
  const kernelSteps = spec.kind === 'sgd' || spec.kind === 'momentum';
  words[base + C.C_UPDATE] = kernelSteps ? 1 : 0;
  if (!kernelSteps) return false;
  const rows: [Float, Float, Float | null, number, number][] = [];
  const add = (w: Float[], g: Float[], v: Float[] | undefined, decay: number, shrink: number) =>
    w.forEach((a, i) => rows.push([a, g[i], v?.[i] ?? null, decay, shrink]));
  const stack = state.features!.stack;
  const fv = state.features!.velocities;
  add(stack.params.w, stack.grads.w, fv?.w, eta * (config.l2 / n), eta * (config.l1 / n));
  add(
    state.net.weights,
    mem.grads.nablaW,
    state.velocities?.w,
    (eta * config.l2) / n,
    (eta * config.l1) / n,
  );
  if (config.trainBiases) {
    add(stack.params.b, stack.grads.b, fv?.b, 0, 0);
    add(state.net.biases, mem.grads.nablaB, state.velocities?.b, 0, 0);
  }
  if (rows.length > C.MAX_ARRAYS)
    throw new Error(`fast conv engine: more than ${C.MAX_ARRAYS} parameter arrays`);
  words[base + C.C_ARRAYS] = rows.length;
  mem.f64[(mem.ctx + 4 * C.C_MU) / 8] = spec.kind === 'momentum' ? spec.momentum : 0;
  rows.forEach(([w, g, v, decay, shrink], k) => {
    const at = base + C.ARRAY_BASE + k * C.ARRAY_WORDS;
    words[at + C.A_W] = address(w);
    words[at + C.A_G] = address(g);
    words[at + C.A_V] = address(v);
    words[at + C.A_N] = w.length;
    mem.f64[(4 * (at + C.A_DECAY)) / 8] = decay;
    mem.f64[(4 * (at + C.A_SHRINK)) / 8] = shrink;
  });
  return true;
}

/** The host takes the steps (the kernel only sums the gradients). */
export function clearStepTable(mem: ConvMemory): void {
  mem.i32[mem.ctx / 4 + C.C_UPDATE] = 0;
}

/** η/m of the next batch, for the kernel's step. */
export function writeStepRate(mem: ConvMemory, rate: number): void {
  mem.f64[(mem.ctx + 4 * C.C_RATE) / 8] = rate;
}
