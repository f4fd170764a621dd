/**
 * The kernel's context block, described once: a table of 32-bit words at a fixed address in the
 * WebAssembly memory, written by the host (context.ts) and read by the AssemblyScript kernels.
 * This is the one list of its fields, region by region in memory order. Word numbers are never
 * written by hand: context-layout.ts computes them, and scripts/build-kernels.js renders them into
 * kernels/assembly/_layout.ts for the kernels (which cannot import host TypeScript).
 */
import { FAST_MAX_LAYERS, FAST_MAX_THREADS } from '../../../src-shared/experiment/fast-engine';

/** i32 and u32 are numbers, ptr a byte address in the memory (u32), f32 and f64 floats. */
export type FieldKind = 'i32' | 'u32' | 'ptr' | 'f32' | 'f64';

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly doc: string;
  /** Starts a new 64-byte cache line: words that threads write apart from each other. */
  readonly line?: boolean;
}

export type FieldList = Readonly<Record<string, FieldSpec>>;

/** `count` records of the same fields, one after the other (count 1: plain words). */
export interface RegionSpec<F extends FieldList = FieldList> {
  readonly name: string;
  readonly doc: string;
  readonly count: number;
  readonly fields: F;
}

/** The limits admission checks a config against (src-shared/experiment/fast-engine.ts). */
export const MAX_LAYERS = FAST_MAX_LAYERS;
export const MAX_THREADS = FAST_MAX_THREADS;
/** Splits 0 train, 1 validation, 2 test, and SPLIT_EPOCH. */
export const SPLIT_EPOCH = 3;

const field = (kind: FieldKind, doc: string, line?: boolean): FieldSpec => ({ kind, doc, line });

/** Named numbers of the protocol that are not words of the block. */
export const CONSTANTS = {
  MAX_LAYERS: { value: MAX_LAYERS, doc: 'Weight layers a network may have.' },
  MAX_THREADS: { value: MAX_THREADS, doc: 'Threads (and first-layer slices) a session may have.' },
  SPLIT_EPOCH: { value: SPLIT_EPOCH, doc: 'The split record of the epoch block (see SPLIT).' },
  FLAG_TRAIN_BIASES: { value: 1, doc: 'G_FLAGS bit: biases are trained.' },
  FLAG_ACCUMULATE: {
    value: 2,
    doc: 'G_FLAGS bit: gradients go to G buffers and one dense update runs per batch (momentum, L2, L1 or an optimizer beyond SGD).',
  },
  FLAG_DROPOUT: {
    value: 4,
    doc: "G_FLAGS bit: some layers' outputs are dropped while training (their L_MASK ≠ 0).",
  },
  OPT_SGD: { value: 0, doc: 'G_OPTIMIZER: SGD or momentum SGD (μ = G_MOMENTUM, 0 for SGD).' },
  OPT_NESTEROV: { value: 1, doc: 'G_OPTIMIZER: Nesterov momentum (μ = G_MOMENTUM).' },
  OPT_RMSPROP: { value: 2, doc: 'G_OPTIMIZER: RMSProp (ρ = G_BETA2, ε = G_EPSILON).' },
  OPT_ADAM: { value: 3, doc: 'G_OPTIMIZER: Adam (β₁ = G_BETA1, β₂ = G_BETA2, ε = G_EPSILON).' },
  CMD_TRAIN: {
    value: 1,
    doc: 'Train mini-batches [ARG0, ARG1) of the epoch order; ARG2 is the number of threads taking part.',
  },
  CMD_EVALUATE: { value: 2, doc: 'Evaluate examples [ARG1, ARG3) of split ARG0.' },
  CMD_STOP: { value: 3, doc: 'Workers leave workerLoop.' },
  CMD_EVALUATE_SNAPSHOT: {
    value: 4,
    doc: 'Thread 1 alone scores every split with the snapshot context at ARG0 (a copy of this context with its own weights, buffers and scratch) while the host trains on, then measures the probe: examples [0, ARG3) of split ARG1 (none when ARG3 is 0).',
  },
  CMD_PROBE: {
    value: 5,
    doc: "The calling thread alone measures the doctor's probe: examples [0, ARG1) of split ARG0 into the probe sums (L_PSUM, L_PGW, L_PGB, G_PROBE_OUT), which the host zeroed.",
  },
} as const;

export const RUN = {
  name: 'RUN',
  doc: 'The network and the run: written once per session.',
  count: 1,
  fields: {
    G_LAYERS: field('i32', 'Weight layers.'),
    G_THREADS: field('i32', 'Threads of the session.'),
    G_SLICES: field(
      'i32',
      'Slices of the first layer (1, or G_THREADS when training may run on several threads).',
    ),
    G_CAPACITY: field(
      'i32',
      'Examples per activation buffer (a mini-batch larger than this is done in chunks).',
    ),
    G_COST: field('i32', '0 quadratic, 1 cross-entropy, 2 log-likelihood.'),
    G_FLAGS: field('i32', 'FLAG_* bits.'),
    G_BATCH: field('i32', 'Mini-batch size.'),
    G_TRAIN_COUNT: field('i32', 'Examples of the training split.'),
    G_ORDER: field('ptr', "The epoch's example order (i32 indices into the training split)."),
    G_LUT: field('ptr', '256 f32: the exact value of each byte, fround(p / 255).'),
    G_BLOCK: field(
      'i32',
      'Examples per gathered block of the epoch (whole mini-batches; see _gather.ts).',
    ),
    G_MOMENTUM: field('f32', 'μ, the momentum coefficient (momentum and Nesterov).'),
    G_OPTIMIZER: field('i32', 'OPT_*: how the summed gradient becomes a step.'),
    G_EPSILON: field('f32', 'ε of RMSProp and Adam.'),
    G_BETA1: field(
      'f64',
      "Adam's β₁ (float64: the bias correction 1 − β₁ᵗ is computed from it as the reference does).",
    ),
    G_BETA2: field('f64', "Adam's β₂, or RMSProp's ρ."),
    G_CHUNK_COSTS: field('ptr', 'The per-example costs of the current chunk (f64 [capacity]).'),
    G_PROBE_OUT: field(
      'ptr',
      "The probe's f64 [nOut] sum of the output vectors, then f64 [max(nOut, 2)] count of each predicted class.",
    ),
  },
} as const satisfies RegionSpec;

export const EPOCH = {
  name: 'EPOCH',
  doc: 'The learning rate and what depends on it: written before every epoch (setLearningRate).',
  count: 1,
  fields: {
    G_RATE: field('f64', 'η of the current epoch.'),
    G_DECAY: field('f32', 'ηλ₂/n: the step subtracts G_DECAY · w (L2 weight decay).'),
    G_SHRINK: field('f32', 'ηλ₁/n: the step subtracts G_SHRINK · sgn w (L1).'),
    G_L2N: field('f32', 'λ₂/n: Nesterov, RMSProp and Adam add G_L2N · w to the gradient.'),
    G_L1N: field('f32', 'λ₁/n: Nesterov, RMSProp and Adam add G_L1N · sgn w to the gradient.'),
    G_STEPS: field(
      'i32',
      "Optimizer steps taken before this epoch (Adam's t; batch b of the epoch is step G_STEPS + b + 1).",
    ),
  },
} as const satisfies RegionSpec;

export const SYNC = {
  name: 'SYNC',
  doc: 'Synchronisation words, written while threads run: each group on its own cache line.',
  count: 1,
  fields: {
    S_BARRIER_COUNT: field(
      'i32',
      'Threads that have reached the barrier (the last resets it).',
      true,
    ),
    S_BARRIER_GEN: field(
      'i32',
      'Bumped by the last thread at the barrier; the others wait for it.',
      true,
    ),
    S_COMMAND_SEQ: field('i32', 'Bumped when a command is posted.', true),
    S_COMMAND: field(
      'i32',
      'CMD_*; it and its arguments are written before S_COMMAND_SEQ is bumped.',
      true,
    ),
    S_ARG0: field('i32', 'First argument.'),
    S_ARG1: field('i32', 'Second argument.'),
    S_ARG2: field('i32', 'Third argument.'),
    S_ARG3: field('i32', 'Fourth argument.'),
    S_EPOCH_COST: field(
      'f64',
      'Σ of the example costs of the batches trained in this epoch.',
      true,
    ),
    S_BATCHES_DONE: field('i32', 'Mini-batches of this epoch done (their updates applied).'),
    S_DIVERGED: field(
      'i32',
      "1 when a batch's cost was NaN or ±∞: training stopped before that batch's update.",
    ),
    S_READY: field(
      'i32',
      'Host only: worker threads that have instantiated the kernel and entered workerLoop.',
      true,
    ),
    S_SNAPSHOT_DONE: field(
      'i32',
      'Bumped by thread 1 when it has finished a CMD_EVALUATE_SNAPSHOT.',
      true,
    ),
    S_TAKEN: field(
      'i32',
      'Workers that have read the posted command (the host resets it when it posts one).',
      true,
    ),
  },
} as const satisfies RegionSpec;

export const LAYER = {
  name: 'LAYER',
  doc: 'One record per weight layer l (0-based).',
  count: MAX_LAYERS,
  fields: {
    L_IN: field('i32', 'Inputs of the layer.'),
    L_OUT: field('i32', 'Units of the layer.'),
    L_ROW: field(
      'i32',
      'Floats per weight row of a dense layer (row j: the weights into unit j): nIn rounded up to 16. Layer 0: its padded width (the sum of the slice widths).',
    ),
    L_STRIDE: field(
      'i32',
      "Floats per example in this layer's z / a / δ buffers: a multiple of 16 (one cache line).",
    ),
    L_ACT: field('i32', '0 sigmoid, 1 tanh, 2 relu, 3 leaky-relu, 4 linear, 5 softmax.'),
    L_W: field('ptr', 'Weights (dense layers; layer 0 keeps them in its slices).'),
    L_B: field('ptr', 'Biases.'),
    L_VW: field(
      'ptr',
      "Weight velocities (momentum, Nesterov) or second moments (RMSProp's r, Adam's v), when accumulating.",
    ),
    L_VB: field('ptr', 'Bias velocities or second moments, as L_VW.'),
    L_MW: field('ptr', "Adam's first moments m of the weights (0 for other optimizers)."),
    L_MB: field('ptr', "Adam's first moments m of the biases."),
    L_GW: field('ptr', 'Weight gradient sums (when accumulating).'),
    L_GB: field('ptr', 'Bias gradient sums (when accumulating).'),
    L_Z: field('ptr', 'Weighted inputs z [capacity][stride].'),
    L_A: field('ptr', 'Activations a [capacity][stride].'),
    L_D: field('ptr', 'Errors δ [capacity][stride].'),
    L_Z2: field('ptr', 'Layer 0 only: the second z buffer (chunks alternate between the two).'),
    L_A2: field('ptr', 'Layer 0 only: the second a buffer.'),
    L_MASK: field(
      'ptr',
      "Dropout masks of this layer's output (0: not dropped): f32 [rows][stride], 0 or 1/(1 − p) per unit, row i for epoch position from · G_BATCH + i of the CMD_TRAIN call [from, to) (the host draws them before each call).",
    ),
    L_AD: field(
      'ptr',
      "Training with L_MASK: the dropped activations ã = a ⊙ mask [capacity][stride], which the layer above reads forward and in BP4 (a keeps σ(z) for σ').",
    ),
    L_PSUM: field(
      'ptr',
      "The probe's f64 sums over (example, unit): Σz, Σz², Σa, Σa², saturated pairs; then per unit [stride] min a, [stride] max a, [stride] 1 once z > 0.",
    ),
    L_PGW: field(
      'ptr',
      "The probe's f32 Σ ∂C_x/∂w: dense layers [nOut][row] as L_W; layer 0 [nIn][row] input-major over the padded width.",
    ),
    L_PGB: field('ptr', "The probe's f32 Σ ∂C_x/∂b [stride]."),
  },
} as const satisfies RegionSpec;

export const SLICE = {
  name: 'SLICE',
  doc: 'Slices of the first (sparse) layer: G_SLICES slices of one width (a multiple of 4); slice t holds hidden units [start, start + width) and is trained by thread t mod P.',
  count: MAX_THREADS,
  fields: {
    SL_START: field('i32', 'First hidden unit.'),
    SL_WIDTH: field('i32', 'Hidden units.'),
    SL_W: field(
      'ptr',
      "The slice's weights: nIn rows of width floats, input-major (row k = the weights from input k).",
    ),
    SL_VW: field('ptr', 'Weight velocities or second moments, as L_VW.'),
    SL_MW: field('ptr', "Adam's first moments of the slice's weights."),
    SL_GW: field('ptr', 'Weight gradient sums (when accumulating).'),
  },
} as const satisfies RegionSpec;

export const SPLIT = {
  name: 'SPLIT',
  doc: "Splits 0 train, 1 validation, 2 test, and SPLIT_EPOCH: a block of the epoch's training examples copied in epoch order (no costs or predictions), so training reads memory front to back.",
  count: 4,
  fields: {
    SP_COUNT: field('i32', 'Examples.'),
    SP_FORMAT: field(
      'i32',
      '0: bytes, 2 per non-zero input (gap, value); 1: floats, 8 per non-zero input (index, value).',
    ),
    SP_DATA: field('ptr', 'The encoded inputs.'),
    SP_OFFSETS: field('ptr', "u32 [count + 1]: byte offset of each example's encoding in SP_DATA."),
    SP_TARGETS: field(
      'ptr',
      'f64 [count][nOut]: target vectors (float64 as in the reference engine).',
    ),
    SP_COSTS: field('ptr', "f64 [count]: each example's cost after CMD_EVALUATE."),
    SP_PREDICTIONS: field(
      'ptr',
      "i32 [count]: each example's predicted class (first arg max) after CMD_EVALUATE.",
    ),
    SP_SOURCES: field(
      'ptr',
      "SPLIT_EPOCH only, u32 [count]: byte offset in the training split's data of each position's encoding (found in a first pass of the gather, so the copy never waits for it).",
    ),
  },
} as const satisfies RegionSpec;

export const THREAD = {
  name: 'THREAD',
  doc: 'Per-thread scratch.',
  count: MAX_THREADS,
  fields: {
    TH_SCRATCH: field(
      'ptr',
      'i32 list start [capacity] (−1: not kept), i32 list length [capacity], then f32 scaled δ [width].',
    ),
    TH_LIST: field(
      'ptr',
      "The thread's decoded inputs of the current chunk: [limit + nIn] records of (i32 row offset, f32 value), valid for each of its slices (they have one width); examples are packed while they fit in `limit` records, the rest decoded again into the spare tail.",
    ),
    TH_LIST_LIMIT: field('i32', 'The `limit` of TH_LIST.'),
  },
} as const satisfies RegionSpec;

/** Every region, in memory order. */
export const REGIONS: readonly RegionSpec[] = [RUN, EPOCH, SYNC, LAYER, SLICE, SPLIT, THREAD];
