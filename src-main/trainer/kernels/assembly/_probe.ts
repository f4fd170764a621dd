// @ts-nocheck -- AssemblyScript (usize, load<T>), type-checked by asc in `npm run build`.
/**
 * The doctor's probe (src-shared/engine/layer-stats.ts probeStats) in the kernel: for each probe
 * example, in order, the forward pass, the output δ and BP2 in buffer row 0 of the context given
 * (the live one, or the snapshot's on thread 1), then the sums the host turns into layer
 * statistics: per layer Σz, Σz², Σa, Σa² and the saturated (example, unit) pairs in f64, each
 * unit's min and max a and whether z was ever > 0, the output vectors' sum and the predicted
 * classes, and the probe's gradient Σ_x ∂C_x/∂w, ∂C_x/∂b in f32 (BP3, BP4), as the reference
 * sums them. The host zeroes the sums first (min and max start at ±∞).
 */
import {
  G_LAYERS,
  G_PROBE_OUT,
  L_A,
  L_ACT,
  L_D,
  L_IN,
  L_OUT,
  L_PGB,
  L_PGW,
  L_PSUM,
  L_ROW,
  L_STRIDE,
  L_Z,
  SL_WIDTH,
  TH_LIST,
} from './_layout';
import { layerPointer, layerWord, pointer, sliceWord, threadPointer, word } from './_ctx';
import {
  backwardDense,
  forwardDense,
  forwardSlices,
  outputStep,
  predicted,
  targetOf,
} from './_phases';
import { ACT_SIGMOID, ACT_SOFTMAX, ACT_TANH } from './_vmath';

/** Examples [0, count) of split s through the context `ctx` (thread row 0, list of thread 0). */
export function probeExamples(ctx: usize, s: i32, count: i32): void {
  const list = threadPointer(ctx, 0, TH_LIST);
  const rowBytes = sliceWord(ctx, 0, SL_WIDTH) << 2;
  const L = word(ctx, G_LAYERS);
  for (let e = 0; e < count; e++) {
    const n = forwardSlices(ctx, 0, 1, s, e, list, 0, 0);
    forwardDense(ctx, 0, 0);
    outputStep(ctx, 0, 0, targetOf(ctx, s, e), true);
    backwardDense(ctx, 0, 0);
    for (let l = 0; l < L; l++) addUnits(ctx, l);
    addOutput(ctx, L - 1);
    addFirstGradient(ctx, n, list, rowBytes);
    for (let l = 1; l < L; l++) addDenseGradient(ctx, l);
  }
}

/** σ'(z) below 1% of its maximum (sigmoid and softmax a(1 − a) < 0.0025, tanh 1 − a² < 0.01),
 * in f64 as derivative() computes it; other activations never saturate. */
function saturated(act: i32, a: f64): bool {
  if (act == ACT_SIGMOID || act == ACT_SOFTMAX) return a * (1 - a) < 0.01 * 0.25;
  if (act == ACT_TANH) return 1 - a * a < 0.01;
  return false;
}

/** The unit sums of layer l for the example in row 0. */
function addUnits(ctx: usize, l: i32): void {
  const n = layerWord(ctx, l, L_OUT);
  const stride = <usize>layerWord(ctx, l, L_STRIDE);
  const act = layerWord(ctx, l, L_ACT);
  const z = layerPointer(ctx, l, L_Z);
  const a = layerPointer(ctx, l, L_A);
  const sums = layerPointer(ctx, l, L_PSUM);
  const minA = sums + 40;
  const maxA = minA + (stride << 3);
  const alive = maxA + (stride << 3);
  let sz = load<f64>(sums);
  let sz2 = load<f64>(sums, 8);
  let sa = load<f64>(sums, 16);
  let sa2 = load<f64>(sums, 24);
  let sat = load<f64>(sums, 32);
  for (let j = 0; j < n; j++) {
    const at = (<usize>j) << 3;
    const zj = <f64>load<f32>(z + ((<usize>j) << 2));
    const aj = <f64>load<f32>(a + ((<usize>j) << 2));
    sz += zj;
    sz2 += zj * zj;
    sa += aj;
    sa2 += aj * aj;
    if (saturated(act, aj)) sat += 1;
    if (aj < load<f64>(minA + at)) store<f64>(minA + at, aj);
    if (aj > load<f64>(maxA + at)) store<f64>(maxA + at, aj);
    if (zj > 0) store<f64>(alive + at, 1);
  }
  store<f64>(sums, sz);
  store<f64>(sums, sz2, 8);
  store<f64>(sums, sa, 16);
  store<f64>(sums, sa2, 24);
  store<f64>(sums, sat, 32);
}

/** The output vector's sum and the predicted class (left by outputStep). */
function addOutput(ctx: usize, l: i32): void {
  const n = layerWord(ctx, l, L_OUT);
  const a = layerPointer(ctx, l, L_A);
  const out = pointer(ctx, G_PROBE_OUT);
  for (let j = 0; j < n; j++) {
    const at = out + ((<usize>j) << 3);
    store<f64>(at, load<f64>(at) + <f64>load<f32>(a + ((<usize>j) << 2)));
  }
  const counts = out + ((<usize>n) << 3) + ((<usize>predicted) << 3);
  store<f64>(counts, load<f64>(counts) + 1);
}

/** Σw[p] += x · δ[p] for p < n (rounded up to 2): each pair in f64 lanes (exact products, one
 * rounding per sum) and rounded once to f32, the same numbers as a scalar f64 step, two at a time. */
function addScaled(w: usize, d: usize, x: f64, n: i32): void {
  const x2 = f64x2.splat(x);
  for (let p = 0; p < n; p += 2) {
    const at = w + ((<usize>p) << 2);
    const g = f64x2.promote_low_f32x4(v128.load64_zero(at));
    const dp = f64x2.promote_low_f32x4(v128.load64_zero(d + ((<usize>p) << 2)));
    v128.store64_lane(at, f32x4.demote_f64x2_zero(f64x2.add(g, f64x2.mul(x2, dp))), 0);
  }
}

/** BP3 and BP4 of layer 0 over the example's non-zero inputs: Σb += δ, Σw[k][j] += x_k δ_j.
 * Sums are stored in f32 and each step is done in f64 and rounded once, as the reference's
 * nablaW (JavaScript numbers into a Float32Array). Padded units (up to the row's width) may get
 * sums too; the host reads only the real ones. */
function addFirstGradient(ctx: usize, n: i32, list: usize, rowBytes: i32): void {
  const units = layerWord(ctx, 0, L_OUT);
  const padded = layerWord(ctx, 0, L_ROW);
  const d = layerPointer(ctx, 0, L_D);
  addBiasGradient(ctx, 0, d, units);
  const gw = layerPointer(ctx, 0, L_PGW);
  for (let i = 0; i < n; i++) {
    const r = list + ((<usize>i) << 3);
    const k = load<i32>(r) / rowBytes;
    addScaled(gw + ((<usize>(k * padded)) << 2), d, <f64>load<f32>(r, 4), units);
  }
}

/** BP3 and BP4 of dense layer l: Σb += δ, Σw[j][k] += δ_j a_k over the real inputs (and one
 * padded input when nIn is odd, within the row; the host reads only the real ones). */
function addDenseGradient(ctx: usize, l: i32): void {
  const nOut = layerWord(ctx, l, L_OUT);
  const nIn = layerWord(ctx, l, L_IN);
  const row = layerWord(ctx, l, L_ROW);
  const d = layerPointer(ctx, l, L_D);
  const below = layerPointer(ctx, l - 1, L_A);
  addBiasGradient(ctx, l, d, nOut);
  const gw = layerPointer(ctx, l, L_PGW);
  for (let j = 0; j < nOut; j++) {
    const dj = <f64>load<f32>(d + ((<usize>j) << 2));
    addScaled(gw + ((<usize>(j * row)) << 2), below, dj, nIn);
  }
}

function addBiasGradient(ctx: usize, l: i32, d: usize, n: i32): void {
  const gb = layerPointer(ctx, l, L_PGB);
  for (let j = 0; j < n; j++) {
    const at = gb + ((<usize>j) << 2);
    store<f32>(at, load<f32>(at) + load<f32>(d + ((<usize>j) << 2)));
  }
}
