// @ts-nocheck -- AssemblyScript (usize, v128, f32x4), type-checked by asc in `npm run build`.
/**
 * The conv kernel (Nielsen ch.6): conv2d and maxpool layers in front of a dense network, on
 * float32 [C, H, W] volumes (layers/tensor.ts's layout), with the same equations as the
 * reference's layers/conv2d.ts, maxpool.ts and feature-stack.ts. Context words: _convlayout.ts.
 *
 * Bit-identity across thread counts: every float is computed by one thread in an order that does
 * not depend on how many threads there are. A mini-batch (CMD_CONV_TRAIN) runs in two phases:
 * 1. per example (split by example): conv/pool forward, dense forward, cost, δ of every dense
 *    layer, ∂C/∂a⁰ = (w¹)ᵀδ¹, conv backward; the example's a^l, δ^l and conv gradients go into
 *    its own slot;
 * 2. after a barrier, the sums over the batch in example order: dense gradients Σ_x δ aᵀ split by
 *    output unit, conv gradients split by index, the batch cost on thread 0.
 * The step itself is the host's (the reference's updateMiniBatch on the same memory).
 * Dropout (a dense layer's input with D_MASK): the host writes each example's mask into its
 * slot; forward reads ã = a ⊙ mask (keeping a for σ'), BP2 multiplies (wᵀδ) by the mask, as
 * network.ts; scoring drops nothing. A byte split's image is converted to f32(p/255) as read.
 *
 * Stride 1 convolutions run four output columns per SIMD lane group; other strides take the
 * scalar loop (the same sums in the same order). Each output's sum is b + Σ_c Σ_u Σ_v in that
 * order; a conv's input is first copied into a zero-padded buffer, so no tap needs a bounds test.
 */
import {
  A_DECAY,
  A_G,
  A_N,
  A_SHRINK,
  A_V,
  A_W,
  ARRAY_BASE,
  ARRAY_WORDS,
  C_ARRAYS,
  C_MU,
  C_RATE,
  C_UPDATE,
  C_BATCH_COST,
  C_CONV_COUNT,
  C_CONV_GRAD,
  C_COST,
  C_DENSE,
  C_IN_VOL,
  C_ORDER,
  C_SLOT_BYTES,
  C_SLOT_CONV,
  C_SLOT_COST,
  C_SLOTS,
  C_STAGES,
  C_WS,
  C_WS_BYTES,
  C_WS_G,
  C_WS_GA,
  C_WS_IMAGE,
  CMD_CONV_EVALUATE,
  CMD_CONV_STOP,
  CMD_CONV_TRAIN,
  D_A,
  D_ACT,
  D_B,
  D_D,
  D_GB,
  D_GW,
  D_IN,
  D_KEEP,
  D_MASK,
  D_OUT,
  D_W,
  D_X,
  D_Z,
  DENSE_BASE,
  DENSE_WORDS,
  SP_BYTES,
  SP_COSTS,
  SP_COUNT,
  SP_DATA,
  SP_PRED,
  SP_TARGETS,
  SPLIT_BASE,
  SPLIT_WORDS,
  ST_A,
  ST_ACT,
  ST_ARG,
  ST_BP,
  ST_C,
  ST_D,
  ST_F,
  ST_GIN,
  ST_GRAD,
  ST_H,
  ST_K,
  ST_OH,
  ST_OW,
  ST_P,
  ST_S,
  ST_TYPE,
  ST_W,
  ST_WP,
  ST_XPAD,
  ST_Z,
  STAGE_BASE,
  STAGE_CONV,
  STAGE_WORDS,
} from './_convlayout';
import { S_ARG0, S_ARG1, S_ARG2, S_ARG3, S_COMMAND, S_TAKEN } from './_layout';
import { barrier, nextCommand } from './_sync';
import {
  ACT_SOFTMAX,
  activateRange,
  derivative,
  flushTiny,
  hsum,
  SMALLEST_NORMAL,
  TINY,
  vderivative,
} from './_vmath';
import { argmax, exampleCost, outputDelta, softmax } from './_output';

// ---- context access ------------------------------------------------------------------------

function word(ctx: usize, w: i32): i32 {
  return load<i32>(ctx + ((<usize>w) << 2));
}

function ptr(ctx: usize, w: i32): usize {
  return <usize>load<u32>(ctx + ((<usize>w) << 2));
}

function st(ctx: usize, s: i32, field: i32): i32 {
  return word(ctx, STAGE_BASE + s * STAGE_WORDS + field);
}

function dn(ctx: usize, l: i32, field: i32): i32 {
  return word(ctx, DENSE_BASE + l * DENSE_WORDS + field);
}

function sp(ctx: usize, s: i32, field: i32): i32 {
  return word(ctx, SPLIT_BASE + s * SPLIT_WORDS + field);
}

/** A pointer field of dense layer l. */
function dp(ctx: usize, l: i32, field: i32): usize {
  return ptr(ctx, DENSE_BASE + l * DENSE_WORDS + field);
}

/** A pointer field of split s. */
function spp(ctx: usize, s: i32, field: i32): usize {
  return ptr(ctx, SPLIT_BASE + s * SPLIT_WORDS + field);
}

/** Byte address of float i from base. */
function f(base: usize, i: i32): usize {
  return base + ((<usize>i) << 2);
}

/** Thread tid's workspace. */
function workspace(ctx: usize, tid: i32): usize {
  return ptr(ctx, C_WS) + <usize>tid * <usize>word(ctx, C_WS_BYTES);
}

function slot(ctx: usize, e: i32): usize {
  return ptr(ctx, C_SLOTS) + <usize>e * <usize>word(ctx, C_SLOT_BYTES);
}

/** n rounded up to a multiple of 4 (buffers are allocated so). */
function up4(n: i32): i32 {
  return (n + 3) & ~3;
}

function zero(p: usize, n: i32): void {
  memory.fill(p, 0, (<usize>n) << 2);
}

// ---- conv2d ------------------------------------------------------------------------------------

/** Copies x [C, H, W] into the stage's zero-padded [C, H+2p, W+2p] buffer (borders stay 0). */
function padInput(ctx: usize, s: i32, x: usize, ws: usize): usize {
  const C = st(ctx, s, ST_C);
  const H = st(ctx, s, ST_H);
  const W = st(ctx, s, ST_W);
  const p = st(ctx, s, ST_P);
  const Hp = H + 2 * p;
  const Wp = W + 2 * p;
  const xpad = ws + <usize>st(ctx, s, ST_XPAD);
  if (p == 0) {
    memory.copy(xpad, x, (<usize>(C * H * W)) << 2);
    return xpad;
  }
  zero(xpad, C * Hp * Wp);
  for (let c = 0; c < C; c++)
    for (let y = 0; y < H; y++)
      memory.copy(f(xpad, (c * Hp + y + p) * Wp + p), f(x, (c * H + y) * W), (<usize>W) << 2);
  return xpad;
}

/** z(f, i, j) = b_f + Σ_c Σ_u Σ_v w(f, c, u, v) · xpad(c, i·s + u, j·s + v), then a = σ(z). */
export function convForward(ctx: usize, s: i32, x: usize, ws: usize): void {
  const C = st(ctx, s, ST_C);
  const F = st(ctx, s, ST_F);
  const OH = st(ctx, s, ST_OH);
  const OW = st(ctx, s, ST_OW);
  const k = st(ctx, s, ST_K);
  const stride = st(ctx, s, ST_S);
  const p = st(ctx, s, ST_P);
  const Hp = st(ctx, s, ST_H) + 2 * p;
  const Wp = st(ctx, s, ST_W) + 2 * p;
  const w = ptr(ctx, STAGE_BASE + s * STAGE_WORDS + ST_WP);
  const b = ptr(ctx, STAGE_BASE + s * STAGE_WORDS + ST_BP);
  const xpad = padInput(ctx, s, x, ws);
  const z = ws + <usize>st(ctx, s, ST_Z);
  const vecEnd = stride == 1 ? OW & ~3 : 0;
  for (let fi = 0; fi < F; fi++) {
    const bias = load<f32>(f(b, fi));
    const wf = f(w, fi * C * k * k);
    for (let i = 0; i < OH; i++) {
      const zrow = f(z, (fi * OH + i) * OW);
      for (let j = 0; j < OW; j++) store<f32>(f(zrow, j), bias);
      for (let c = 0; c < C; c++)
        for (let u = 0; u < k; u++) {
          const xrow = f(xpad, (c * Hp + i * stride + u) * Wp);
          for (let v = 0; v < k; v++) {
            const wv = load<f32>(f(wf, (c * k + u) * k + v));
            const wvec = f32x4.splat(wv);
            let j = 0;
            for (; j < vecEnd; j += 4) {
              const at = f(zrow, j);
              v128.store(at, f32x4.add(v128.load(at), f32x4.mul(wvec, v128.load(f(xrow, j + v)))));
            }
            for (; j < OW; j++) {
              const at = f(zrow, j);
              store<f32>(at, load<f32>(at) + wv * load<f32>(f(xrow, j * stride + v)));
            }
          }
        }
    }
  }
  activateRange(st(ctx, s, ST_ACT), z, ws + <usize>st(ctx, s, ST_A), up4(F * OH * OW), true);
}

/**
 * From gA = ∂C/∂a: δ = gA ⊙ σ'(z); writes ∂C/∂w (F·C·k·k floats) then ∂C/∂b (F) at `grad`, and
 * ∂C/∂x into gX [C, H, W] unless gX is 0. Needs the stage's padded input from convForward.
 */
export function convBackward(
  ctx: usize,
  s: i32,
  ws: usize,
  gA: usize,
  grad: usize,
  gX: usize,
): void {
  const C = st(ctx, s, ST_C);
  const F = st(ctx, s, ST_F);
  const OH = st(ctx, s, ST_OH);
  const OW = st(ctx, s, ST_OW);
  const k = st(ctx, s, ST_K);
  const act = st(ctx, s, ST_ACT);
  const z = ws + <usize>st(ctx, s, ST_Z);
  const a = ws + <usize>st(ctx, s, ST_A);
  const d = ws + <usize>st(ctx, s, ST_D);
  const n = up4(F * OH * OW);
  for (let i = 0; i < n; i += 4) {
    const g = v128.load(f(gA, i));
    const delta = f32x4.mul(g, vderivative(act, v128.load(f(z, i)), v128.load(f(a, i))));
    v128.store(f(d, i), flushTiny(delta));
  }
  convWeightGradient(ctx, s, ws, d, grad);
  const positions = OH * OW;
  const gb = f(grad, F * C * k * k);
  for (let fi = 0; fi < F; fi++) {
    let sum: f64 = 0;
    const df = f(d, fi * positions);
    for (let o = 0; o < positions; o++) sum += <f64>load<f32>(f(df, o));
    store<f32>(f(gb, fi), <f32>sum);
  }
  if (gX != 0) convInputGradient(ctx, s, ws, d, gX);
}

/** ∂C/∂w(f, c, u, v) = Σ_i Σ_j δ(f, i, j) · xpad(c, i·s + u, j·s + v). */
function convWeightGradient(ctx: usize, s: i32, ws: usize, d: usize, grad: usize): void {
  const C = st(ctx, s, ST_C);
  const F = st(ctx, s, ST_F);
  const OH = st(ctx, s, ST_OH);
  const OW = st(ctx, s, ST_OW);
  const k = st(ctx, s, ST_K);
  const stride = st(ctx, s, ST_S);
  const p = st(ctx, s, ST_P);
  const Hp = st(ctx, s, ST_H) + 2 * p;
  const Wp = st(ctx, s, ST_W) + 2 * p;
  const xpad = ws + <usize>st(ctx, s, ST_XPAD);
  const vecEnd = stride == 1 ? OW & ~3 : 0;
  for (let fi = 0; fi < F; fi++)
    for (let c = 0; c < C; c++)
      for (let u = 0; u < k; u++)
        for (let v = 0; v < k; v++) {
          let acc = f32x4.splat(0);
          let tail: f32 = 0;
          for (let i = 0; i < OH; i++) {
            const drow = f(d, (fi * OH + i) * OW);
            const xrow = f(xpad, (c * Hp + i * stride + u) * Wp);
            let j = 0;
            for (; j < vecEnd; j += 4)
              acc = f32x4.add(acc, f32x4.mul(v128.load(f(drow, j)), v128.load(f(xrow, j + v))));
            for (; j < OW; j++) tail += load<f32>(f(drow, j)) * load<f32>(f(xrow, j * stride + v));
          }
          store<f32>(f(grad, ((fi * C + c) * k + u) * k + v), hsum(acc) + tail);
        }
}

/** ∂C/∂x(c, y, x) = Σ over the taps that read it of w(f, c, u, v) · δ(f, i, j), summed in the
 * padded buffer (filters, channels, taps, rows in order), then its interior copied to gX. */
function convInputGradient(ctx: usize, s: i32, ws: usize, d: usize, gX: usize): void {
  const C = st(ctx, s, ST_C);
  const H = st(ctx, s, ST_H);
  const W = st(ctx, s, ST_W);
  const F = st(ctx, s, ST_F);
  const OH = st(ctx, s, ST_OH);
  const OW = st(ctx, s, ST_OW);
  const k = st(ctx, s, ST_K);
  const stride = st(ctx, s, ST_S);
  const p = st(ctx, s, ST_P);
  const Hp = H + 2 * p;
  const Wp = W + 2 * p;
  const w = ptr(ctx, STAGE_BASE + s * STAGE_WORDS + ST_WP);
  // The padded input is no longer needed once the weight gradient is taken: reuse it.
  const gpad = ws + <usize>st(ctx, s, ST_XPAD);
  zero(gpad, C * Hp * Wp);
  const vecEnd = stride == 1 ? OW & ~3 : 0;
  for (let fi = 0; fi < F; fi++)
    for (let c = 0; c < C; c++)
      for (let u = 0; u < k; u++)
        for (let v = 0; v < k; v++) {
          const wv = load<f32>(f(w, ((fi * C + c) * k + u) * k + v));
          const wvec = f32x4.splat(wv);
          for (let i = 0; i < OH; i++) {
            const drow = f(d, (fi * OH + i) * OW);
            const grow = f(gpad, (c * Hp + i * stride + u) * Wp + v);
            let j = 0;
            for (; j < vecEnd; j += 4) {
              const at = f(grow, j);
              v128.store(at, f32x4.add(v128.load(at), f32x4.mul(wvec, v128.load(f(drow, j)))));
            }
            for (; j < OW; j++) {
              const at = f(grow, j * stride);
              store<f32>(at, load<f32>(at) + wv * load<f32>(f(drow, j)));
            }
          }
        }
  for (let c = 0; c < C; c++)
    for (let y = 0; y < H; y++)
      memory.copy(f(gX, (c * H + y) * W), f(gpad, (c * Hp + y + p) * Wp + p), (<usize>W) << 2);
}

// ---- maxpool -----------------------------------------------------------------------------------

/** y(c, i, j) = max over the window of x; argmax = the winner's index into x (first maximum in
 * row-major order wins ties, as the reference). */
export function poolForward(ctx: usize, s: i32, x: usize, ws: usize): void {
  const C = st(ctx, s, ST_C);
  const H = st(ctx, s, ST_H);
  const W = st(ctx, s, ST_W);
  const OH = st(ctx, s, ST_OH);
  const OW = st(ctx, s, ST_OW);
  const size = st(ctx, s, ST_K);
  const stride = st(ctx, s, ST_S);
  const y = ws + <usize>st(ctx, s, ST_A);
  const arg = ws + <usize>st(ctx, s, ST_ARG);
  for (let c = 0; c < C; c++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++) {
        let best = -1;
        let bestValue: f32 = 0;
        for (let u = 0; u < size; u++) {
          const r = (c * H + i * stride + u) * W + j * stride;
          for (let v = 0; v < size; v++) {
            const value = load<f32>(f(x, r + v));
            if (best < 0 || value > bestValue) {
              best = r + v;
              bestValue = value;
            }
          }
        }
        const o = (c * OH + i) * OW + j;
        store<f32>(f(y, o), bestValue);
        store<i32>(f(arg, o), best);
      }
}

/** gX = 0 but at each window's winner, which gets (the sum of) its outputs' gradients gY. */
export function poolBackward(ctx: usize, s: i32, ws: usize, gY: usize, gX: usize): void {
  const n = st(ctx, s, ST_F) * st(ctx, s, ST_OH) * st(ctx, s, ST_OW);
  zero(gX, st(ctx, s, ST_C) * st(ctx, s, ST_H) * st(ctx, s, ST_W));
  const arg = ws + <usize>st(ctx, s, ST_ARG);
  for (let o = 0; o < n; o++) {
    const at = f(gX, load<i32>(f(arg, o)));
    store<f32>(at, load<f32>(at) + load<f32>(f(gY, o)));
  }
}

// ---- the stack and the dense network, one example ----------------------------------------------

/** Runs image x through every stage; returns the last stage's output. */
function stackForward(ctx: usize, x: usize, ws: usize): usize {
  const S = word(ctx, C_STAGES);
  for (let s = 0; s < S; s++) {
    if (st(ctx, s, ST_TYPE) == STAGE_CONV) convForward(ctx, s, x, ws);
    else poolForward(ctx, s, x, ws);
    x = ws + <usize>st(ctx, s, ST_A);
  }
  return x;
}

/** From g = ∂C/∂(stack output), every conv's gradients into the slot's conv region. */
function stackBackward(ctx: usize, ws: usize, g: usize, grads: usize): void {
  for (let s = word(ctx, C_STAGES) - 1; s >= 0; s--) {
    const gX = s > 0 ? ws + <usize>st(ctx, s, ST_GIN) : 0;
    if (st(ctx, s, ST_TYPE) == STAGE_CONV)
      convBackward(ctx, s, ws, g, grads + <usize>st(ctx, s, ST_GRAD), gX);
    else if (gX != 0) poolBackward(ctx, s, ws, g, gX);
    g = gX;
  }
}

/** Σ_k a_k b_k in four lanes, then the lanes (hsum) and the tail in order. */
function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  const end = n & ~3;
  let k = 0;
  for (; k < end; k += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(f(a, k)), v128.load(f(b, k))));
  let sum = hsum(acc);
  for (; k < n; k++) sum += load<f32>(f(a, k)) * load<f32>(f(b, k));
  return sum;
}

/** y += α x for n floats. */
function axpy(alpha: f32, x: usize, y: usize, n: i32): void {
  const av = f32x4.splat(alpha);
  const end = n & ~3;
  let k = 0;
  for (; k < end; k += 4)
    v128.store(f(y, k), f32x4.add(v128.load(f(y, k)), f32x4.mul(av, v128.load(f(x, k)))));
  for (; k < n; k++) store<f32>(f(y, k), load<f32>(f(y, k)) + alpha * load<f32>(f(x, k)));
}

/** Dense forward of the example in `sl` (its a⁰ written): z into ws, a^l into the slot. While
 * training, a layer whose input is dropped first keeps a^{l−1} in the workspace and then reads
 * ã^{l−1} = a^{l−1} ⊙ mask in place (dropout.ts apply), which BP4 (sumRow) reads too. */
function denseForward(ctx: usize, ws: usize, sl: usize, train: bool): void {
  const L = word(ctx, C_DENSE);
  for (let l = 0; l < L; l++) {
    const nIn = dn(ctx, l, D_IN);
    const nOut = dn(ctx, l, D_OUT);
    const act = dn(ctx, l, D_ACT);
    const w = dp(ctx, l, D_W);
    const b = dp(ctx, l, D_B);
    const x = sl + <usize>dn(ctx, l, D_X);
    const maskAt = dn(ctx, l, D_MASK);
    if (train && maskAt != 0) dropInput(x, sl + <usize>maskAt, ws + <usize>dn(ctx, l, D_KEEP), nIn);
    const z = ws + <usize>dn(ctx, l, D_Z);
    const a = sl + <usize>dn(ctx, l, D_A);
    for (let j = 0; j < nOut; j++)
      store<f32>(f(z, j), load<f32>(f(b, j)) + dot(f(w, j * nIn), x, nIn));
    if (act == ACT_SOFTMAX) softmax(z, a, nOut);
    else activateRange(act, z, a, up4(nOut), l < L - 1);
  }
}

/** keep = x, then x = x ⊙ mask, over n floats. */
function dropInput(x: usize, mask: usize, keep: usize, n: i32): void {
  memory.copy(keep, x, (<usize>n) << 2);
  for (let k = 0; k < n; k++) store<f32>(f(x, k), load<f32>(f(x, k)) * load<f32>(f(mask, k)));
}

/** Cost and δ of every dense layer of the example in `sl` (after denseForward), then
 * ∂C/∂a⁰ = (w¹)ᵀδ¹ into the workspace's G. Returns C_x. */
function denseBackward(ctx: usize, ws: usize, sl: usize, y: usize): f64 {
  const L = word(ctx, C_DENSE);
  const cost = word(ctx, C_COST);
  const top = L - 1;
  const nOut = dn(ctx, top, D_OUT);
  const zL = ws + <usize>dn(ctx, top, D_Z);
  const aL = sl + <usize>dn(ctx, top, D_A);
  const c = exampleCost(cost, aL, y, nOut);
  outputDelta(cost, dn(ctx, top, D_ACT), zL, aL, y, sl + <usize>dn(ctx, top, D_D), nOut);
  const ga = ws + <usize>word(ctx, C_WS_GA);
  for (let l = top; l >= 0; l--) {
    const nIn = dn(ctx, l, D_IN);
    const out = dn(ctx, l, D_OUT);
    const w = dp(ctx, l, D_W);
    const d = sl + <usize>dn(ctx, l, D_D);
    const g = l > 0 ? ga : ws + <usize>word(ctx, C_WS_G);
    zero(g, nIn);
    for (let j = 0; j < out; j++) {
      const dj = load<f32>(f(d, j));
      if (dj != 0) axpy(dj, f(w, j * nIn), g, nIn);
    }
    if (l == 0) break;
    // BP2: δ^{l−1} = g ⊙ σ'(z^{l−1}), with a^{l−1} = this layer's input; when that input was
    // dropped, g ⊙ mask first and σ' from the undropped a^{l−1} (network.ts propagateDelta).
    const below = l - 1;
    const act = dn(ctx, below, D_ACT);
    const z = ws + <usize>dn(ctx, below, D_Z);
    let a = sl + <usize>dn(ctx, l, D_X);
    const maskAt = dn(ctx, l, D_MASK);
    if (maskAt != 0) {
      const mask = sl + <usize>maskAt;
      for (let k = 0; k < nIn; k++) store<f32>(f(g, k), load<f32>(f(g, k)) * load<f32>(f(mask, k)));
      a = ws + <usize>dn(ctx, l, D_KEEP);
    }
    const db = sl + <usize>dn(ctx, below, D_D);
    for (let k = 0; k < nIn; k++) {
      const delta = load<f32>(f(g, k)) * derivative(act, load<f32>(f(z, k)), load<f32>(f(a, k)));
      store<f32>(f(db, k), Math.abs(delta) < TINY ? 0 : delta);
    }
  }
  return c;
}

/** Example x's image [C, H, W] as float32: in place, or a byte split's pixels p converted into
 * the workspace as f32(p / 255), the value of the reference's float32 lookup table. */
function imageOf(ctx: usize, split: i32, x: i32, ws: usize): usize {
  const inVol = word(ctx, C_IN_VOL);
  const data = spp(ctx, split, SP_DATA);
  if (sp(ctx, split, SP_BYTES) == 0) return data + ((<usize>x * <usize>inVol) << 2);
  const pixels = data + <usize>x * <usize>inVol;
  const image = ws + <usize>word(ctx, C_WS_IMAGE);
  for (let i = 0; i < inVol; i++)
    store<f32>(f(image, i), <f32>(<f64>load<u8>(pixels + <usize>i) / 255.0));
  return image;
}

/** The whole example `x` of split `split` on the workspace `ws` and slot `sl`; with `train`, also
 * its backward pass. Returns C_x; the output a^L is in the slot. */
function runExample(ctx: usize, split: i32, x: i32, ws: usize, sl: usize, train: bool): f64 {
  const L = word(ctx, C_DENSE);
  const nOut = dn(ctx, L - 1, D_OUT);
  const y = spp(ctx, split, SP_TARGETS) + ((<usize>x * <usize>nOut) << 3);
  const out = stackForward(ctx, imageOf(ctx, split, x, ws), ws);
  memory.copy(sl + <usize>dn(ctx, 0, D_X), out, (<usize>dn(ctx, 0, D_IN)) << 2);
  denseForward(ctx, ws, sl, train);
  if (!train) return exampleCost(word(ctx, C_COST), sl + <usize>dn(ctx, L - 1, D_A), y, nOut);
  const c = denseBackward(ctx, ws, sl, y);
  stackBackward(ctx, ws, ws + <usize>word(ctx, C_WS_G), sl + <usize>word(ctx, C_SLOT_CONV));
  return c;
}

// ---- commands ----------------------------------------------------------------------------------

/** One mini-batch: examples order[start … start + count) of the training split (split 0). Every
 * thread adds up the batch cost (the same sum in the same order); when it is finite and
 * C_UPDATE is set, the threads then take the step, as sgd.ts stops before a non-finite batch. */
function trainBatch(ctx: usize, tid: i32, P: i32, start: i32, count: i32): void {
  const order = ptr(ctx, C_ORDER);
  const ws = workspace(ctx, tid);
  const lo = (count * tid) / P;
  const hi = (count * (tid + 1)) / P;
  const costAt = <usize>word(ctx, C_SLOT_COST);
  for (let e = lo; e < hi; e++) {
    const sl = slot(ctx, e);
    const x = load<i32>(f(order, start + e));
    store<f64>(sl + costAt, runExample(ctx, 0, x, ws, sl, true));
  }
  barrier(ctx, P);
  sumDense(ctx, tid, P, count);
  sumConv(ctx, tid, P, count);
  let cost: f64 = 0;
  for (let e = 0; e < count; e++) cost += load<f64>(slot(ctx, e) + costAt);
  if (tid == 0) store<f64>(ctx + ((<usize>C_BATCH_COST) << 2), cost);
  if (word(ctx, C_UPDATE) == 0 || !isFinite(cost)) return;
  barrier(ctx, P);
  stepArrays(ctx, tid, P);
}

/** sgd.ts's stepArray on every array of the table, the floats of all of them shared out among
 * the threads: v → μv − (η/m)∇ − decay·w − shrink·sgn(w), w → w + v, in float64 with float32
 * stores as the reference's float32 arrays (without velocities and terms: w → w − (η/m)∇). */
function stepArrays(ctx: usize, tid: i32, P: i32): void {
  const arrays = word(ctx, C_ARRAYS);
  let total = 0;
  for (let a = 0; a < arrays; a++) total += word(ctx, ARRAY_BASE + a * ARRAY_WORDS + A_N);
  const lo = (total * tid) / P;
  const hi = (total * (tid + 1)) / P;
  const rate = load<f64>(ctx + ((<usize>C_RATE) << 2));
  const mu = load<f64>(ctx + ((<usize>C_MU) << 2));
  let first = 0;
  for (let a = 0; a < arrays; a++) {
    const at = ARRAY_BASE + a * ARRAY_WORDS;
    const n = word(ctx, at + A_N);
    const i0 = max(lo - first, 0);
    const i1 = min(hi - first, n);
    if (i0 < i1) {
      const decay = load<f64>(ctx + ((<usize>(at + A_DECAY)) << 2));
      const shrink = load<f64>(ctx + ((<usize>(at + A_SHRINK)) << 2));
      const w = ptr(ctx, at + A_W);
      const g = ptr(ctx, at + A_G);
      const v = ptr(ctx, at + A_V);
      stepRange(w, g, v, i0, i1, rate, decay, shrink, mu);
    }
    first += n;
  }
}

function stepRange(
  w: usize,
  g: usize,
  v: usize,
  i0: i32,
  i1: i32,
  rate: f64,
  decay: f64,
  shrink: f64,
  mu: f64,
): void {
  if (v == 0 && decay == 0 && shrink == 0) {
    for (let i = i0; i < i1; i++)
      store<f32>(f(w, i), <f32>(<f64>load<f32>(f(w, i)) - rate * <f64>load<f32>(f(g, i))));
    return;
  }
  for (let i = i0; i < i1; i++) {
    const wi = <f64>load<f32>(f(w, i));
    let step = -rate * <f64>load<f32>(f(g, i));
    if (decay != 0) step -= decay * wi;
    if (shrink != 0) step -= shrink * (wi > 0 ? 1.0 : wi < 0 ? -1.0 : wi);
    if (v != 0) {
      // A subnormal velocity is kept as 0, as in the dense kernel (flushSubnormal).
      let vi = <f32>(mu * <f64>load<f32>(f(v, i)) + step);
      if (Math.abs(vi) < SMALLEST_NORMAL) vi = 0;
      store<f32>(f(v, i), vi);
      step = <f64>vi;
    }
    store<f32>(f(w, i), <f32>(wi + step));
  }
}

/** Dense gradients of the batch: row j of layer l gets Σ_e δ_e[j] a_e^{l−1}, in example order;
 * the rows of all layers are shared out among the threads. */
function sumDense(ctx: usize, tid: i32, P: i32, count: i32): void {
  const L = word(ctx, C_DENSE);
  let rows = 0;
  for (let l = 0; l < L; l++) rows += dn(ctx, l, D_OUT);
  const lo = (rows * tid) / P;
  const hi = (rows * (tid + 1)) / P;
  let first = 0;
  for (let l = 0; l < L; l++) {
    const nOut = dn(ctx, l, D_OUT);
    const j0 = max(lo - first, 0);
    const j1 = min(hi - first, nOut);
    for (let j = j0; j < j1; j++) sumRow(ctx, l, j, count);
    first += nOut;
  }
}

function sumRow(ctx: usize, l: i32, j: i32, count: i32): void {
  const nIn = dn(ctx, l, D_IN);
  const gw = f(dp(ctx, l, D_GW), j * nIn);
  const dOff = <usize>dn(ctx, l, D_D) + ((<usize>j) << 2);
  const xOff = <usize>dn(ctx, l, D_X);
  zero(gw, nIn);
  let gb: f32 = 0;
  for (let e = 0; e < count; e++) {
    const sl = slot(ctx, e);
    const dj = load<f32>(sl + dOff);
    gb += dj;
    if (dj != 0) axpy(dj, sl + xOff, gw, nIn);
  }
  store<f32>(f(dp(ctx, l, D_GB), j), gb);
}

/** Conv gradients of the batch: float i of the conv region summed over the slots in order. */
function sumConv(ctx: usize, tid: i32, P: i32, count: i32): void {
  const Q = word(ctx, C_CONV_COUNT);
  const lo = (Q * tid) / P;
  const hi = (Q * (tid + 1)) / P;
  const out = ptr(ctx, C_CONV_GRAD);
  const off = <usize>word(ctx, C_SLOT_CONV);
  for (let i = lo; i < hi; i++) store<f32>(f(out, i), 0);
  for (let e = 0; e < count; e++) {
    const src = slot(ctx, e) + off;
    let i = lo;
    for (; i < hi && (i & 3) != 0; i++)
      store<f32>(f(out, i), load<f32>(f(out, i)) + load<f32>(f(src, i)));
    for (; i + 4 <= hi; i += 4)
      v128.store(f(out, i), f32x4.add(v128.load(f(out, i)), v128.load(f(src, i))));
    for (; i < hi; i++) store<f32>(f(out, i), load<f32>(f(out, i)) + load<f32>(f(src, i)));
  }
}

/** Cost and predicted class of examples [from, to) of split `split`, shared out by range;
 * thread tid uses slot tid. */
function evaluateRange(ctx: usize, tid: i32, P: i32, split: i32, from: i32, to: i32): void {
  const total = to - from;
  const lo = from + (total * tid) / P;
  const hi = from + (total * (tid + 1)) / P;
  const ws = workspace(ctx, tid);
  const sl = slot(ctx, tid);
  const L = word(ctx, C_DENSE);
  const aL = sl + <usize>dn(ctx, L - 1, D_A);
  const nOut = dn(ctx, L - 1, D_OUT);
  const costs = spp(ctx, split, SP_COSTS);
  const pred = spp(ctx, split, SP_PRED);
  for (let x = lo; x < hi; x++) {
    store<f64>(costs + ((<usize>x) << 3), runExample(ctx, split, x, ws, sl, false));
    store<i32>(f(pred, x), argmax(aL, nOut));
  }
}

function command(ctx: usize, cmd: i32, tid: i32, P: i32, a0: i32, a1: i32, a3: i32): void {
  if (cmd == CMD_CONV_TRAIN) trainBatch(ctx, tid, P, a0, a1);
  else if (cmd == CMD_CONV_EVALUATE) evaluateRange(ctx, tid, P, a0, a1, a3);
}

/** Runs the posted command as thread tid of ARG2 (the mailbox of _sync.ts, as fast.ts's run). */
export function convRun(ctx: usize, tid: i32): void {
  const cmd = word(ctx, S_COMMAND);
  const P = word(ctx, S_ARG2);
  const a0 = word(ctx, S_ARG0);
  const a1 = word(ctx, S_ARG1);
  const a3 = word(ctx, S_ARG3);
  if (tid > 0) atomic.add<i32>(ctx + ((<usize>S_TAKEN) << 2), 1);
  if (tid < P) {
    command(ctx, cmd, tid, P, a0, a1, a3);
    barrier(ctx, P);
  }
}

/** A command on the calling thread alone (P = 1), without the mailbox. */
export function convRunLocal(ctx: usize, cmd: i32, a0: i32, a1: i32, a3: i32): void {
  command(ctx, cmd, 0, 1, a0, a1, a3);
}

/** A worker thread's life: every command posted after `seen` until CMD_CONV_STOP. */
export function convWorkerLoop(ctx: usize, tid: i32, seen: i32): void {
  while (true) {
    seen = nextCommand(ctx, seen);
    if (word(ctx, S_COMMAND) == CMD_CONV_STOP) return;
    convRun(ctx, tid);
  }
}
