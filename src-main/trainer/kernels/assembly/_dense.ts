// @ts-nocheck -- AssemblyScript (v128, load<T>), type-checked by asc in `npm run build`.
/**
 * Dense weight layers after the first. Weights are input-major: w[k][j] at w + 4(k·row + j), row =
 * nOut rounded up to 4 with zero padding, so a forward product runs four output units per lane
 * group and BP2 reads one contiguous row per input unit.
 */
import { derivative, hsum, vactivate } from './_vmath';

/** z = b + Σ_k a_k w[k][·] and a' = σ(z) (skipped for softmax) for one example; z, a' have room
 * for `row` floats. Sixteen units per sweep over the inputs, then four at a time. */
export function denseForward(
  act: i32,
  w: usize,
  b: usize,
  nIn: i32,
  row: i32,
  aIn: usize,
  z: usize,
  a: usize,
): void {
  const rowBytes = (<usize>row) << 2;
  let g = 0;
  for (; g + 16 <= row; g += 16) {
    const at = (<usize>g) << 2;
    let s0 = v128.load(b + at);
    let s1 = v128.load(b + at, 16);
    let s2 = v128.load(b + at, 32);
    let s3 = v128.load(b + at, 48);
    let p = w + at;
    for (let k = 0; k < nIn; k++) {
      const x = f32x4.splat(load<f32>(aIn + ((<usize>k) << 2)));
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(p)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(p, 16)));
      s2 = f32x4.add(s2, f32x4.mul(x, v128.load(p, 32)));
      s3 = f32x4.add(s3, f32x4.mul(x, v128.load(p, 48)));
      p += rowBytes;
    }
    storeFour(act, z + at, a + at, s0, s1, s2, s3);
  }
  for (; g < row; g += 4) {
    const at = (<usize>g) << 2;
    let s0 = v128.load(b + at);
    let p = w + at;
    for (let k = 0; k < nIn; k++) {
      s0 = f32x4.add(s0, f32x4.mul(f32x4.splat(load<f32>(aIn + ((<usize>k) << 2))), v128.load(p)));
      p += rowBytes;
    }
    v128.store(z + at, s0);
    v128.store(a + at, vactivate(act, s0));
  }
}

function storeFour(act: i32, z: usize, a: usize, s0: v128, s1: v128, s2: v128, s3: v128): void {
  v128.store(z, s0);
  v128.store(z, s1, 16);
  v128.store(z, s2, 32);
  v128.store(z, s3, 48);
  v128.store(a, vactivate(act, s0));
  v128.store(a, vactivate(act, s1), 16);
  v128.store(a, vactivate(act, s2), 32);
  v128.store(a, vactivate(act, s3), 48);
}

/**
 * BP2 for one example: δ'_k = (Σ_j w[k][j] δ_j) · σ'(z'_k, a'_k) for the nIn units k of the layer
 * below (activation actBelow, its z' and a'). δ's padding lanes are 0, so padded weights add 0.
 */
export function backDelta(
  actBelow: i32,
  w: usize,
  nIn: i32,
  row: i32,
  delta: usize,
  zBelow: usize,
  aBelow: usize,
  deltaBelow: usize,
): void {
  const rowBytes = (<usize>row) << 2;
  let p = w;
  for (let k = 0; k < nIn; k++) {
    let s = f32x4.splat(0.0);
    for (let g = 0; g < row; g += 4) {
      const at = (<usize>g) << 2;
      s = f32x4.add(s, f32x4.mul(v128.load(p + at), v128.load(delta + at)));
    }
    const at = (<usize>k) << 2;
    const d = derivative(actBelow, load<f32>(zBelow + at), load<f32>(aBelow + at));
    store<f32>(deltaBelow + at, hsum(s) * d);
    p += rowBytes;
  }
}

/**
 * BP4 for rows [r0, r1) over the `count` examples of a chunk: w[k][·] += (scale · a_k) δ, example
 * after example. scale is −η/m for a direct SGD step, 1 for a gradient accumulator. a and δ are
 * chunk buffers with aStride and dStride floats per example.
 */
export function denseUpdate(
  w: usize,
  row: i32,
  r0: i32,
  r1: i32,
  count: i32,
  a: usize,
  aStride: i32,
  delta: usize,
  dStride: i32,
  scale: f32,
): void {
  for (let k = r0; k < r1; k++) {
    const wk = w + ((<usize>k * <usize>row) << 2);
    for (let x = 0; x < count; x++) {
      const ak = load<f32>(a + ((<usize>x * <usize>aStride + <usize>k) << 2));
      const s = f32x4.splat(scale * ak);
      const dx = delta + ((<usize>x * <usize>dStride) << 2);
      for (let g = 0; g < row; g += 4) {
        const at = (<usize>g) << 2;
        v128.store(wk + at, f32x4.add(v128.load(wk + at), f32x4.mul(s, v128.load(dx + at))));
      }
    }
  }
}

/** BP3 over a chunk: b[j] += scale · δ_j for j in [j0, j1) (multiples of 4), example after
 * example. */
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
  for (let x = 0; x < count; x++) {
    const dx = delta + ((<usize>x * <usize>dStride) << 2);
    for (let g = j0; g < j1; g += 4) {
      const at = (<usize>g) << 2;
      v128.store(b + at, f32x4.add(v128.load(b + at), f32x4.mul(s, v128.load(dx + at))));
    }
  }
}

/**
 * The step of momentum SGD with weight decay (sgd.ts `stepArray`), for `count` floats (a multiple
 * of 4) of w, its velocity v and its summed gradient gsum (zeroed here):
 *   step = −(η/m)·gsum − (ηλ₂/n)·w − (ηλ₁/n)·sgn(w);  with μ > 0: v ← μv + step, step = v;
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
      step = f32x4.add(f32x4.mul(mu, v128.load(v + at)), step);
      v128.store(v + at, step);
    }
    v128.store(w + at, f32x4.add(wi, step));
    v128.store(gsum + at, zero);
  }
}
