/**
 * The kernel's context block: one table of 32-bit words at a fixed address in the WebAssembly
 * memory, written by the TypeScript host (src-main/trainer/fast/layout.ts) and read by the
 * AssemblyScript kernels. This file is valid TypeScript and AssemblyScript, so both sides import
 * the same word indices. Word w lives at byte ctx + 4w; f32 and pointer fields are one word, f64
 * fields two (8-byte aligned).
 */

/** Bytes reserved for the context block. */
export const CTX_BYTES = 8192;

// Network and run (i32 words unless marked).
export const G_LAYERS = 0;
export const G_THREADS = 1;
/** Slices of the first layer (1, or G_THREADS when training may run on several threads). */
export const G_SLICES = 13;
/** Examples per activation buffer (a mini-batch larger than this is done in chunks). */
export const G_CAPACITY = 2;
/** 0 quadratic, 1 cross-entropy, 2 log-likelihood. */
export const G_COST = 3;
/** FLAG_* bits. */
export const G_FLAGS = 4;
export const G_BATCH = 5;
export const G_TRAIN_COUNT = 6;
/** Pointer to the epoch's example order (i32 indices into the training split). */
export const G_ORDER = 7;
/** Pointer to 256 f32: the exact value of each byte, fround(p / 255). */
export const G_LUT = 8;
/** Examples per gathered block of the epoch (whole mini-batches; see _gather.ts). */
export const G_BLOCK = 14;
/** f32: μ, the momentum coefficient. */
export const G_MOMENTUM = 10;
/** f32: the factor every weight is multiplied by per step, 1 − ηλ₂/n (L2 weight decay). */
export const G_DECAY = 11;
/** f32: ηλ₁/n, the L1 shrink per step. */
export const G_SHRINK = 12;

/** Pointer to the per-example costs of the current chunk (f64 [capacity]). */
export const G_CHUNK_COSTS = 20;
/** f64 (words 24–25): η of the current epoch. */
export const G_RATE = 24;

export const FLAG_TRAIN_BIASES = 1;
/** Gradients go to G buffers and one dense update runs per batch (momentum, L2 or L1). */
export const FLAG_ACCUMULATE = 2;

// Synchronisation words, each on its own 64-byte cache line.
export const S_BARRIER_COUNT = 64;
export const S_BARRIER_GEN = 80;
export const S_COMMAND_SEQ = 96;
/** The command and its arguments share one line: written before S_COMMAND_SEQ is bumped. */
export const S_COMMAND = 112;
export const S_ARG0 = 113;
export const S_ARG1 = 114;
export const S_ARG2 = 115;
export const S_ARG3 = 116;
/** f64 (words 128–129): Σ of the example costs of the batches trained in this epoch. */
export const S_EPOCH_COST = 128;
/** Mini-batches of this epoch done (their updates applied). */
export const S_BATCHES_DONE = 130;
/** Set to 1 when a batch's cost was NaN or ±∞: training stopped before that batch's update. */
export const S_DIVERGED = 131;
/** Host only: worker threads that have instantiated the kernel and entered workerLoop. */
export const S_READY = 144;
/** Bumped by thread 1 when it has finished a CMD_EVALUATE_SNAPSHOT. */
export const S_SNAPSHOT_DONE = 160;
/** Workers that have read the posted command (the host resets it when it posts one). */
export const S_TAKEN = 176;

/** Train mini-batches [ARG0, ARG1) of the epoch's order. ARG2 is always the number of threads
 * taking part. */
export const CMD_TRAIN = 1;
/** Evaluate examples [ARG1, ARG3) of split ARG0. */
export const CMD_EVALUATE = 2;
export const CMD_STOP = 3;
/** Thread 1 alone scores every split with the weights of the snapshot context at ARG0 (a copy of
 * this context whose weights, buffers and scratch are its own), while the host trains on. */
export const CMD_EVALUATE_SNAPSHOT = 4;

// Layers: LAYER_WORDS words per weight layer l (0-based) from LAYER_BASE.
export const LAYER_BASE = 256;
export const LAYER_WORDS = 32;
export const MAX_LAYERS = 16;
export const L_IN = 0;
export const L_OUT = 1;
/** Floats per weight row of a dense layer (row j: the weights into unit j): nIn rounded up to 16.
 * Layer 0: its padded width (the sum of the slice widths). */
export const L_ROW = 2;
/** Floats per example in this layer's z / a / δ buffers: a multiple of 16 (one cache line). */
export const L_STRIDE = 3;
/** 0 sigmoid, 1 tanh, 2 relu, 3 leaky-relu, 4 linear, 5 softmax. */
export const L_ACT = 4;
export const L_W = 5;
export const L_B = 6;
export const L_VW = 7;
export const L_VB = 8;
export const L_GW = 9;
export const L_GB = 10;
export const L_Z = 11;
export const L_A = 12;
export const L_D = 13;
/** Layer 0 only: the second z and a buffers (chunks alternate between the two). */
export const L_Z2 = 14;
export const L_A2 = 15;

// Slices of the first (sparse) layer: G_SLICES slices of equal width (a multiple of 4); slice t
// holds hidden units [start, start + width) and is trained by thread t mod P.
export const SLICE_BASE = 768;
export const SLICE_WORDS = 8;
export const MAX_THREADS = 64;
export const SL_START = 0;
export const SL_WIDTH = 1;
/** The slice's weights: nIn rows of width floats, input-major (row k = the weights from input k). */
export const SL_W = 2;
export const SL_VW = 3;
export const SL_GW = 4;

// Per-thread scratch: THREAD_WORDS words per thread from THREAD_BASE.
export const THREAD_BASE = 1344;
export const THREAD_WORDS = 4;
/** i32 list start [capacity] (−1: not kept), i32 list length [capacity], then f32 scaled δ [width]. */
export const TH_SCRATCH = 0;
/** The thread's decoded inputs of the current chunk: [limit + nIn] records of (i32 row offset,
 * f32 value), valid for each of its slices (they have one width); examples are packed while they
 * fit in `limit` records, the rest decoded again into the spare tail. */
export const TH_LIST = 1;
export const TH_LIST_LIMIT = 2;

// Splits 0 train, 1 validation, 2 test, and SPLIT_EPOCH.
export const SPLIT_BASE = 1280;
/** A block of the current epoch's training examples copied in epoch order (COUNT, FORMAT, DATA,
 * OFFSETS, TARGETS, SOURCES; no costs or predictions), so training reads memory front to back. */
export const SPLIT_EPOCH = 3;
export const SPLIT_WORDS = 16;
export const SP_COUNT = 0;
/** 0: bytes, 2 per non-zero input (gap, value); 1: floats, 8 per non-zero input (index, value). */
export const SP_FORMAT = 1;
export const SP_DATA = 2;
/** u32 [count + 1]: byte offset of each example's encoding in SP_DATA. */
export const SP_OFFSETS = 3;
/** f64 [count][nOut]: target vectors (float64 as in the reference engine). */
export const SP_TARGETS = 4;
/** f64 [count]: each example's cost after CMD_EVALUATE. */
export const SP_COSTS = 5;
/** i32 [count]: each example's predicted class (first arg max) after CMD_EVALUATE. */
export const SP_PREDICTIONS = 6;
/** SPLIT_EPOCH only, u32 [count]: byte offset in the training split's data of each position's
 * encoding (found in a first pass of the gather, so the copy never waits for it). */
export const SP_SOURCES = 7;
