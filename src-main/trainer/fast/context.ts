/**
 * Writes the context block (context-fields.ts) for a memory plan and a run config, and fills the
 * data the kernel reads but never writes: the pixel table, the encoded inputs and the target
 * vectors. Every record is written whole through its field list, so a field cannot be forgotten.
 */
import type { LoadedDataset, Split } from '../../../src-shared/base/dataset';
import { activationNames, activationsOf, costNames } from '../../../src-shared/experiment/config';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { optimizerOf } from '../../../src-shared/engine/options';
import {
  CONSTANTS,
  EPOCH,
  LAYER,
  RUN,
  SLICE,
  SPLIT,
  SPLIT_EPOCH,
  THREAD,
  type FieldKind,
  type FieldList,
  type RegionSpec,
} from './context-fields';
import { regionLayout } from './context-layout';
import { writeEncoded } from './encode';
import type { WasmMemory } from './kernel-module';
import type { LayerPlan, MemoryPlan, SlicePlan, SplitPlan, ThreadPlan } from './memory-plan';

/** Typed views on the whole shared memory. */
export interface MemoryViews {
  buffer: SharedArrayBuffer;
  i32: Int32Array;
  u32: Uint32Array;
  f32: Float32Array;
  f64: Float64Array;
}

export function viewsOf(memory: WasmMemory): MemoryViews {
  const buffer = memory.buffer as SharedArrayBuffer;
  return {
    buffer,
    i32: new Int32Array(buffer),
    u32: new Uint32Array(buffer),
    f32: new Float32Array(buffer),
    f64: new Float64Array(buffer),
  };
}

/** A value for every field of a record. */
type Values<F extends FieldList> = { readonly [name in keyof F]: number };

/** Word `w` of the context block at byte `ctx`, stored as its field's kind. */
function setField(v: MemoryViews, ctx: number, w: number, kind: FieldKind, value: number): void {
  const at = ctx / 4 + w;
  if (kind === 'f32') v.f32[at] = value;
  else if (kind === 'f64') v.f64[at / 2] = value;
  else if (kind === 'i32') v.i32[at] = value;
  else v.u32[at] = value;
}

/** Field `name` of record `i` of a region (the context block at byte `ctx`). */
export function writeField<F extends FieldList>(
  v: MemoryViews,
  ctx: number,
  spec: RegionSpec<F>,
  i: number,
  name: keyof F & string,
  value: number,
): void {
  if (!Number.isInteger(i) || i < 0 || i >= spec.count)
    throw new Error(`context ${spec.name} record ${i}: expected 0 to ${spec.count - 1}`);
  const { base, words, offsets } = regionLayout(spec);
  setField(v, ctx, base + i * words + offsets[name], spec.fields[name].kind, value);
}

/** Every field of record `i` of a region. */
function writeRecord<F extends FieldList>(
  v: MemoryViews,
  ctx: number,
  spec: RegionSpec<F>,
  i: number,
  values: Values<F>,
): void {
  for (const name of Object.keys(spec.fields)) writeField(v, ctx, spec, i, name, values[name]);
}

/** Writes the run's constants and every pointer of the plan into the context block. The per-epoch
 * coefficients come with η: see setLearningRate. */
export function writeContext(v: MemoryViews, plan: MemoryPlan, config: RunConfig): void {
  const { FLAG_TRAIN_BIASES, FLAG_ACCUMULATE, FLAG_DROPOUT } = CONSTANTS;
  const flags =
    (config.trainBiases ? FLAG_TRAIN_BIASES.value : 0) |
    (plan.accumulate ? FLAG_ACCUMULATE.value : 0) |
    (plan.maskRows > 0 ? FLAG_DROPOUT.value : 0);
  writeRecord(v, plan.ctx, RUN, 0, {
    G_LAYERS: plan.layers.length,
    G_THREADS: plan.threads,
    G_SLICES: plan.slices.length,
    G_CAPACITY: plan.capacity,
    G_COST: costNames.indexOf(config.cost),
    G_FLAGS: flags,
    G_BATCH: config.batchSize,
    G_TRAIN_COUNT: plan.splits[0].count,
    G_ORDER: plan.order,
    G_LUT: plan.lut,
    G_BLOCK: plan.epochSplit.examples,
    ...optimizerWords(config),
    G_CHUNK_COSTS: plan.chunkCosts,
    G_PROBE_OUT: plan.probeOut,
  });
  const acts = activationsOf(config);
  plan.layers.forEach((layer, l) =>
    writeLayer(v, plan.ctx, l, layer, activationNames.indexOf(acts[l])),
  );
  plan.slices.forEach((slice, t) => writeSlice(v, plan.ctx, t, slice));
  plan.threadScratch.forEach((scratch, t) => writeThread(v, plan.ctx, t, scratch));
  plan.splits.forEach((split, s) => writeSplit(v, plan.ctx, s, split));
  const train = plan.splits[0];
  const block = { ...train, ...plan.epochSplit, count: plan.epochSplit.examples };
  writeSplit(v, plan.ctx, SPLIT_EPOCH, { ...block, costs: 0, predictions: 0 });
}

/** The optimizer's kind and coefficients (options.ts OptimizerSpec; unused ones 0). */
function optimizerWords(config: RunConfig) {
  const o = optimizerOf(config);
  const { OPT_SGD, OPT_NESTEROV, OPT_RMSPROP, OPT_ADAM } = CONSTANTS;
  const words = { G_MOMENTUM: 0, G_OPTIMIZER: OPT_SGD.value, G_EPSILON: 0, G_BETA1: 0, G_BETA2: 0 };
  switch (o.kind) {
    case 'sgd':
      return words;
    case 'momentum':
      return { ...words, G_MOMENTUM: o.momentum };
    case 'nesterov':
      return { ...words, G_MOMENTUM: o.momentum, G_OPTIMIZER: OPT_NESTEROV.value };
    case 'rmsprop':
      return { ...words, G_OPTIMIZER: OPT_RMSPROP.value, G_EPSILON: o.epsilon, G_BETA2: o.rho };
    case 'adam':
      return {
        ...{ G_MOMENTUM: 0, G_OPTIMIZER: OPT_ADAM.value, G_EPSILON: o.epsilon },
        ...{ G_BETA1: o.beta1, G_BETA2: o.beta2 },
      };
  }
}

/** η for the next epoch, the decay coefficients ηλ₂/n and ηλ₁/n that depend on it, λ₂/n and
 * λ₁/n, and the optimizer steps taken before the epoch (Adam's t). */
export function setLearningRate(
  v: MemoryViews,
  plan: MemoryPlan,
  config: RunConfig,
  eta: number,
  steps = 0,
): void {
  const n = plan.splits[0].count;
  writeRecord(v, plan.ctx, EPOCH, 0, {
    G_RATE: eta,
    G_DECAY: (eta * config.l2) / n,
    G_SHRINK: (eta * config.l1) / n,
    G_L2N: config.l2 / n,
    G_L1N: config.l1 / n,
    G_STEPS: steps,
  });
}

function writeLayer(v: MemoryViews, ctx: number, l: number, p: LayerPlan, act: number): void {
  writeRecord(v, ctx, LAYER, l, {
    L_IN: p.nIn,
    L_OUT: p.nOut,
    L_ROW: p.row,
    L_STRIDE: p.stride,
    L_ACT: act,
    L_W: p.w,
    L_B: p.b,
    L_VW: p.vw,
    L_VB: p.vb,
    L_MW: p.mw,
    L_MB: p.mb,
    L_GW: p.gw,
    L_GB: p.gb,
    L_Z: p.z,
    L_A: p.a,
    L_D: p.d,
    L_Z2: p.z2,
    L_A2: p.a2,
    L_MASK: p.mask,
    L_AD: p.ad,
    L_PSUM: p.probeSums,
    L_PGW: p.probeGw,
    L_PGB: p.probeGb,
  });
}

function writeSlice(v: MemoryViews, ctx: number, t: number, p: SlicePlan): void {
  writeRecord(v, ctx, SLICE, t, {
    SL_START: p.start,
    SL_WIDTH: p.width,
    SL_W: p.w,
    SL_VW: p.vw,
    SL_MW: p.mw,
    SL_GW: p.gw,
  });
}

function writeThread(v: MemoryViews, ctx: number, t: number, p: ThreadPlan): void {
  writeRecord(v, ctx, THREAD, t, {
    TH_SCRATCH: p.scratch,
    TH_LIST: p.list,
    TH_LIST_LIMIT: p.listLimit,
  });
}

/** A split's words; the epoch split also has its sources (see _gather.ts). */
function writeSplit(
  v: MemoryViews,
  ctx: number,
  s: number,
  p: SplitPlan & { sources?: number },
): void {
  writeRecord(v, ctx, SPLIT, s, {
    SP_COUNT: p.count,
    SP_FORMAT: p.format,
    SP_DATA: p.data,
    SP_OFFSETS: p.offsets,
    SP_TARGETS: p.targets,
    SP_COSTS: p.costs,
    SP_PREDICTIONS: p.predictions,
    SP_SOURCES: p.sources ?? 0,
  });
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
