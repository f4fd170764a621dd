// @ts-nocheck -- AssemblyScript (v128, load<T>), type-checked by asc in `npm run build`.
/**
 * Dense weight layers after the first. Weights are output-major like the reference engine's:
 * w[j][k] at w + 4(j·row + k), row = nIn rounded up to 16 with zero padding (so threads can split
 * the columns of every row at cache-line boundaries). Forward products are row dot products, four
 * inputs per lane with the lanes added in a fixed order; BP2 and the update run four inputs per
 * lane too.
 */
import { activateRange, flushSubnormal, flushTiny, hsum, vderivative } from './_vmath';

/** z_j = b_j + Σ_k w[j][k] a_k for the nOut units, then a' = σ(z) (not for softmax, done per
 * example later) over whole four-unit groups. */
export function denseForward(
  act: i32,
  w: usize,
  b: usize,
  nOut: i32,
  row: i32,
  aIn: usize,
  z: usize,
  a: usize,
  hidden: bool,
): void {
  let wj = w;
  const rowBytes = (<usize>row) << 2;
  for (let j = 0; j < nOut; j++) {
    let s0 = f32x4.splat(0.0);
    let s1 = f32x4.splat(0.0);
    let s2 = f32x4.splat(0.0);
    let s3 = f32x4.splat(0.0);
    for (let g = 0; g < row; g += 16) {
      const at = (<usize>g) << 2;
      s0 = f32x4.add(s0, f32x4.mul(v128.load(wj + at), v128.load(aIn + at)));
      s1 = f32x4.add(s1, f32x4.mul(v128.load(wj + at, 16), v128.load(aIn + at, 16)));
      s2 = f32x4.add(s2, f32x4.mul(v128.load(wj + at, 32), v128.load(aIn + at, 32)));
      s3 = f32x4.add(s3, f32x4.mul(v128.load(wj + at, 48), v128.load(aIn + at, 48)));
    }
    const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
    const at = (<usize>j) << 2;
    store<f32>(z + at, load<f32>(b + at) + hsum(s));
    wj += rowBytes;
  }
  activateRange(act, z, a, (nOut + 3) & ~3, hidden);
}

/**
 * BP2 for one example: δ'_k = (Σ_j w[j][k] δ_j) · σ'(z'_k, a'_k) for the `row` units k of the
 * layer below (padding gives 0), sixteen k per sweep over the nOut rows. With dropout on the
 * layer below (`mask` ≠ 0, its row of the example's masks), the sum is multiplied by mask_k
 * before σ', as the reference's BP2 does.
 */
export function backDelta(
  actBelow: i32,
  w: usize,
  nOut: i32,
  row: i32,
  delta: usize,
  zBelow: usize,
  aBelow: usize,
  deltaBelow: usize,
  mask: usize = 0,
): void {
  const rowBytes = (<usize>row) << 2;
  for (let g = 0; g < row; g += 16) {
    const at = (<usize>g) << 2;
    let s0 = f32x4.splat(0.0);
    let s1 = f32x4.splat(0.0);
    let s2 = f32x4.splat(0.0);
    let s3 = f32x4.splat(0.0);
    let p = w + at;
    for (let j = 0; j < nOut; j++) {
      const d = f32x4.splat(load<f32>(delta + ((<usize>j) << 2)));
      s0 = f32x4.add(s0, f32x4.mul(d, v128.load(p)));
      s1 = f32x4.add(s1, f32x4.mul(d, v128.load(p, 16)));
      s2 = f32x4.add(s2, f32x4.mul(d, v128.load(p, 32)));
      s3 = f32x4.add(s3, f32x4.mul(d, v128.load(p, 48)));
      p += rowBytes;
    }
    if (mask != 0) {
      s0 = f32x4.mul(s0, v128.load(mask + at));
      s1 = f32x4.mul(s1, v128.load(mask + at, 16));
      s2 = f32x4.mul(s2, v128.load(mask + at, 32));
      s3 = f32x4.mul(s3, v128.load(mask + at, 48));
    }
    storeDelta(actBelow, zBelow + at, aBelow + at, deltaBelow + at, s0);
    storeDelta(actBelow, zBelow + at + 16, aBelow + at + 16, deltaBelow + at + 16, s1);
    storeDelta(actBelow, zBelow + at + 32, aBelow + at + 32, deltaBelow + at + 32, s2);
    storeDelta(actBelow, zBelow + at + 48, aBelow + at + 48, deltaBelow + at + 48, s3);
  }
}

/** Inverted dropout of one example's activations: out = a ⊙ mask over `n` floats (a multiple of
 * 16, the layer's stride). */
export function dropRow(a: usize, mask: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(out + at, f32x4.mul(v128.load(a + at), v128.load(mask + at)));
  }
}

/** δ = g ⊙ σ'(z), below TINY stored as 0 (see TINY). */
function storeDelta(act: i32, z: usize, a: usize, d: usize, g: v128): void {
  v128.store(d, flushTiny(f32x4.mul(g, vderivative(act, v128.load(z), v128.load(a)))));
}

/**
 * BP4 for the columns [c0, c1) (multiples of 16) of the nOut rows, over the `count` examples of
 * a chunk: w[j][k] += (scale · δ_j) a_k, example after example. scale is −η/m for a direct SGD
 * step, 1 for a gradient accumulator. Sixteen weights stay in registers while the examples are
 * added in order; inputs k ≥ nIn are masked to 0 so padding stays 0.
 */
export function denseUpdate(
  w: usize,
  nOut: i32,
  row: i32,
  nIn: i32,
  c0: i32,
  c1: i32,
  count: i32,
  a: usize,
  aStride: i32,
  delta: usize,
  dStride: i32,
  scale: f32,
): void {
  // Groups of four inputs that are all real; the group holding nIn (if any) is masked.
  const full = min(c1, nIn & ~3);
  const mask = laneMask(nIn - full);
  const aBytes = (<usize>aStride) << 2;
  const dBytes = (<usize>dStride) << 2;
  for (let j = 0; j < nOut; j++) {
    const wj = w + ((<usize>j * <usize>row) << 2);
    const dj = delta + ((<usize>j) << 2);
    let g = c0;
    for (; g + 16 <= full; g += 16) {
      const at = (<usize>g) << 2;
      updateSixteen(wj + at, a + at, aBytes, dj, dBytes, count, scale);
    }
    for (; g < full; g += 4) {
      const at = (<usize>g) << 2;
      updateFour(wj + at, a + at, aBytes, dj, dBytes, count, scale, laneMask(4));
    }
    if (g < c1 && g < nIn) {
      const at = (<usize>g) << 2;
      updateFour(wj + at, a + at, aBytes, dj, dBytes, count, scale, mask);
    }
  }
}

/** w[0..16) += Σ_x (scale · d_x) a_x[0..16), x in order; a_x at a + x·aBytes, d_x at d + x·dBytes. */
function updateSixteen(
  w: usize,
  a: usize,
  aBytes: usize,
  d: usize,
  dBytes: usize,
  count: i32,
  scale: f32,
): void {
  let w0 = v128.load(w);
  let w1 = v128.load(w, 16);
  let w2 = v128.load(w, 32);
  let w3 = v128.load(w, 48);
  for (let x = 0; x < count; x++) {
    const s = f32x4.splat(scale * load<f32>(d));
    w0 = f32x4.add(w0, f32x4.mul(s, v128.load(a)));
    w1 = f32x4.add(w1, f32x4.mul(s, v128.load(a, 16)));
    w2 = f32x4.add(w2, f32x4.mul(s, v128.load(a, 32)));
    w3 = f32x4.add(w3, f32x4.mul(s, v128.load(a, 48)));
    a += aBytes;
    d += dBytes;
  }
  v128.store(w, w0);
  v128.store(w, w1, 16);
  v128.store(w, w2, 32);
  v128.store(w, w3, 48);
}

/** As updateSixteen for four weights, the inputs masked by `mask`. */
function updateFour(
  w: usize,
  a: usize,
  aBytes: usize,
  d: usize,
  dBytes: usize,
  count: i32,
  scale: f32,
  mask: v128,
): void {
  let w0 = v128.load(w);
  for (let x = 0; x < count; x++) {
    const s = f32x4.splat(scale * load<f32>(d));
    w0 = f32x4.add(w0, f32x4.mul(s, v128.and(v128.load(a), mask)));
    a += aBytes;
    d += dBytes;
  }
  v128.store(w, w0);
}

/** All ones in lanes i < n (n ≥ 4: every lane), zeros elsewhere. */
function laneMask(n: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(n));
}

/** BP3 over a chunk: b[j] += scale · δ_j for j in [j0, j1) (multiples of 4), example after
 * example, four biases at a time held in a register. */
export function biasUpdate(
  b: usize,
  j0: i32,
  j1: i32,
  count: i32,
  delta: usize,
  dStride: i32,
  scale: f32,
): void {
  const s = f32x4.splat(scale);
  const dBytes = (<usize>dStride) << 2;
  for (let g = j0; g < j1; g += 4) {
    const at = (<usize>g) << 2;
    let bg = v128.load(b + at);
    let d = delta + at;
    for (let x = 0; x < count; x++) {
      bg = f32x4.add(bg, f32x4.mul(s, v128.load(d)));
      d += dBytes;
    }
    v128.store(b + at, bg);
  }
}

/**
 * The step of momentum SGD with weight decay (sgd.ts `stepArray`), for `count` floats (a multiple
 * of 4) of w, its velocity v and its summed gradient gsum (zeroed here):
 *   step = −(η/m)·gsum − (ηλ₂/n)·w − (ηλ₁/n)·sgn(w);  with μ > 0: v ← μv + step (a subnormal
 *   v stored as 0), step = v;
 *   w ← w + step.
 * μ = 0 keeps no velocity, so an infinite step never turns into 0 · ∞ = NaN later.
 */
export function applyStep(
  w: usize,
  v: usize,
  gsum: usize,
  count: i32,
  momentum: f32,
  rate: f32,
  decay: f32,
  shrink: f32,
): void {
  const mu = f32x4.splat(momentum);
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  for (let i = 0; i < count; i += 4) {
    const at = (<usize>i) << 2;
    const wi = v128.load(w + at);
    let step = f32x4.neg(f32x4.mul(f32x4.splat(rate), v128.load(gsum + at)));
    if (decay != 0) step = f32x4.sub(step, f32x4.mul(f32x4.splat(decay), wi));
    if (shrink != 0) {
      const sign = f32x4.sub(v128.and(f32x4.gt(wi, zero), one), v128.and(f32x4.lt(wi, zero), one));
      step = f32x4.sub(step, f32x4.mul(f32x4.splat(shrink), sign));
    }
    if (momentum != 0) {
      // A subnormal velocity is kept as 0 (see flushSubnormal), and w moves by what v holds.
      step = flushSubnormal(f32x4.add(f32x4.mul(mu, v128.load(v + at)), step));
      v128.store(v + at, step);
    }
    v128.store(w + at, f32x4.add(wi, step));
    v128.store(gsum + at, zero);
  }
}
