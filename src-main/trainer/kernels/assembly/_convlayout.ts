/**
 * Word numbers of the conv kernel's context block (_conv.ts), shared by the AssemblyScript kernel
 * and its host (src-main/trainer/fast/conv-memory.ts): word w is at ctx + 4w. Words below
 * CONV_BASE are the synchronisation words of _layout.ts (barrier, mailbox), so the conv kernel
 * reuses _sync.ts unchanged. Plain constants: valid TypeScript and AssemblyScript alike.
 */
import { LAYER_BASE } from './_layout';

/** First word of the conv fields: everything below belongs to _layout.ts's sync words. */
export const CONV_BASE = LAYER_BASE;

export const CMD_CONV_TRAIN = 1;
export const CMD_CONV_EVALUATE = 2;
export const CMD_CONV_STOP = 3;

// Global words, CONV_BASE + …
/** i32: feature stages (conv2d or maxpool). */
export const C_STAGES = CONV_BASE + 0;
/** i32: dense weight layers. */
export const C_DENSE = CONV_BASE + 1;
/** i32: COST_* of _output.ts. */
export const C_COST = CONV_BASE + 2;
/** ptr: the epoch's example order (i32 per training example). */
export const C_ORDER = CONV_BASE + 3;
/** ptr: per-example slots (one per example of a batch, at least one per thread). */
export const C_SLOTS = CONV_BASE + 4;
export const C_SLOT_BYTES = CONV_BASE + 5;
/** Byte offset in a slot of the example's conv gradients (every conv's w then b, in order). */
export const C_SLOT_CONV = CONV_BASE + 6;
/** Byte offset in a slot of the example's cost (f64). */
export const C_SLOT_COST = CONV_BASE + 7;
/** ptr: the summed conv gradients, laid out as in a slot. */
export const C_CONV_GRAD = CONV_BASE + 8;
/** i32: floats of conv gradients (Σ F·C·k·k + F). */
export const C_CONV_COUNT = CONV_BASE + 9;
/** ptr: per-thread workspaces, C_WS_BYTES each. */
export const C_WS = CONV_BASE + 10;
export const C_WS_BYTES = CONV_BASE + 11;
/** Byte offset in a workspace of ∂C/∂(the stack's output) = (w¹)ᵀδ¹. */
export const C_WS_G = CONV_BASE + 12;
/** Byte offset in a workspace of ∂C/∂a^l scratch (BP2). */
export const C_WS_GA = CONV_BASE + 13;
/** i32: floats of one input image [C, H, W]. */
export const C_IN_VOL = CONV_BASE + 14;
/** Byte offset in a workspace of one image [C, H, W] as float32, converted from a byte split's
 * pixels (SP_BYTES) before the stack reads it. */
export const C_WS_IMAGE = CONV_BASE + 15;
/** f64 (even word): Σ C_x of the last trained batch. */
export const C_BATCH_COST = CONV_BASE + 16;
/** f64 (even word): η/m of the batch, and μ of momentum (0 for plain SGD). */
export const C_RATE = CONV_BASE + 18;
export const C_MU = CONV_BASE + 20;
/** i32: 1 when the kernel takes the step (SGD and momentum), 0 when the host does. */
export const C_UPDATE = CONV_BASE + 22;
/** i32: parameter arrays in the array table (what the kernel's step visits). */
export const C_ARRAYS = CONV_BASE + 23;

export const MAX_STAGES = 16;
export const STAGE_BASE = CONV_BASE + 32;
export const STAGE_WORDS = 20;
export const STAGE_CONV = 0;
export const STAGE_POOL = 1;
/** i32: STAGE_CONV or STAGE_POOL. */
export const ST_TYPE = 0;
/** Input channels, height, width. */
export const ST_C = 1;
export const ST_H = 2;
export const ST_W = 3;
/** Output channels (filters of a conv), height, width. */
export const ST_F = 4;
export const ST_OH = 5;
export const ST_OW = 6;
/** Kernel (or pool window), stride, padding, ACT_* of _vmath.ts. */
export const ST_K = 7;
export const ST_S = 8;
export const ST_P = 9;
export const ST_ACT = 10;
/** ptr: weights [F, C, k, k] and biases [F]. */
export const ST_WP = 11;
export const ST_BP = 12;
/** Byte offset of this conv's gradients in a slot's conv region (and in C_CONV_GRAD). */
export const ST_GRAD = 13;
/** Workspace byte offsets: the zero-padded input [C, H+2p, W+2p]; z; a (a pool's maxima); δ;
 * a pool's argmax (i32); ∂C/∂input (stages after the first); the padded ∂C/∂input. */
export const ST_XPAD = 14;
export const ST_Z = 15;
export const ST_A = 16;
export const ST_D = 17;
export const ST_ARG = 18;
export const ST_GIN = 19;

export const MAX_DENSE = 16;
export const DENSE_BASE = STAGE_BASE + MAX_STAGES * STAGE_WORDS;
export const DENSE_WORDS = 14;
export const D_IN = 0;
export const D_OUT = 1;
export const D_ACT = 2;
/** ptr: weights [out][in], biases, their summed gradients. */
export const D_W = 3;
export const D_B = 4;
export const D_GW = 5;
export const D_GB = 6;
/** Workspace byte offset of z. */
export const D_Z = 7;
/** Slot byte offsets: the layer's input a^{l−1}, its output a^l and its δ^l. */
export const D_X = 8;
export const D_A = 9;
export const D_D = 10;
/** Training with dropout on this layer's input a^{l−1} (else 0): the slot byte offset of the
 * example's mask (f32, 0 or 1/(1 − p) per unit, drawn by the host), and the workspace byte offset
 * where the undropped a^{l−1} is kept for σ' in BP2. */
export const D_MASK = 11;
export const D_KEEP = 12;

export const SPLIT_BASE = DENSE_BASE + MAX_DENSE * DENSE_WORDS;
export const SPLIT_WORDS = 8;
/** ptr: images [count][C·H·W] (f32, or u8 pixels when SP_BYTES is 1, scaled p/255 to float32
 * as the reference's ExampleReader); targets [count][out] f64; costs f64; predictions i32. */
export const SP_DATA = 0;
export const SP_TARGETS = 1;
export const SP_COUNT = 2;
export const SP_COSTS = 3;
export const SP_PRED = 4;
export const SP_BYTES = 5;

/** The parameter arrays the kernel's step visits: weights, ∂C/∂w, velocities (0: none), length,
 * and the step's decay ηλ/n and shrink ηλ₁/n (f64 each; 0 for biases). */
export const MAX_ARRAYS = 64;
export const ARRAY_BASE = SPLIT_BASE + 3 * SPLIT_WORDS;
export const ARRAY_WORDS = 8;
export const A_W = 0;
export const A_G = 1;
export const A_V = 2;
export const A_N = 3;
export const A_DECAY = 4;
export const A_SHRINK = 6;

export const CONV_CTX_BYTES = (ARRAY_BASE + MAX_ARRAYS * ARRAY_WORDS) * 4;
