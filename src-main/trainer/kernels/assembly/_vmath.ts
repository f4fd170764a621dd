// @ts-nocheck -- AssemblyScript (v128, f32x4, i32x4), type-checked by asc in `npm run build`.
/**
 * Four-lane float32 math for the activations: exp by range reduction (Cephes expf: x = n ln 2 + r,
 * |r| ≤ ½ ln 2, a degree-6 polynomial for e^r, 2^n put straight into the exponent bits), then
 * σ(z) = 1 / (1 + e^{−z}) and tanh(z) = 1 − 2 / (e^{2z} + 1). About 2 ulp; NaN stays NaN because
 * min and max propagate it.
 */

export const ACT_SIGMOID = 0;
export const ACT_TANH = 1;
export const ACT_RELU = 2;
export const ACT_LEAKY = 3;
export const ACT_LINEAR = 4;
export const ACT_SOFTMAX = 5;

/**
 * Hidden activations and deltas smaller than this (2⁻⁶⁴ ≈ 5.4e-20) in magnitude are stored as 0,
 * as TensorFlow's flush-to-zero mode does with subnormals. Saturated sigmoid units otherwise fill
 * the network with tiny values whose products fall below float32's smallest normal number
 * (2⁻¹²⁶), and x86 computes every subnormal result ~100× slower: the founding network (784-15-10,
 * batch 1) slowed from 0.045 to 0.105 s per epoch within 7 epochs, and stays at 0.041 with this.
 * A value this small cannot change a float32 sum or weight above 2⁻⁴⁰ ≈ 1e-12 in magnitude (24
 * bits of mantissa), and its products with values above 2⁻⁶² stay normal. The output layer is never
 * flushed: its costs take logarithms of its activations, as the reference's do.
 */
export const TINY: f32 = 5.421010862427522e-20;

/** v with every lane of magnitude below TINY set to +0. */
export function flushTiny(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(f32x4.abs(v), f32x4.splat(TINY)));
}

/** float32's smallest normal number, 2⁻¹²⁶: below it values are subnormal. */
export const SMALLEST_NORMAL: f32 = 1.1754943508222875e-38;

/**
 * v with every subnormal lane set to +0: for optimizer state (velocities, moments), which decays
 * geometrically while a weight gets no gradient (a dead ReLU unit, a saturated sigmoid's flushed
 * δ, an input that is always 0 in the batch) and, once subnormal, never reaches 0 (0.9 · 2⁻¹⁴⁹
 * rounds back to 2⁻¹⁴⁹), so every later batch would compute with it at the subnormal rate. A
 * state this small moves no weight above 2⁻¹⁰² in magnitude.
 */
export function flushSubnormal(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(f32x4.abs(v), f32x4.splat(SMALLEST_NORMAL)));
}

/** Slope of leaky ReLU for z ≤ 0 (the reference engine's LEAKY_SLOPE). */
export const LEAKY_SLOPE: f32 = 0.01;

/** The constants of vexp, vsigmoid and vtanh as a static table, each in all four lanes: loaded
 * from memory they cost one instruction, while V8 rebuilds an immediate vector constant on every
 * use inside a loop. */
const K_LOW = 0;
const K_HIGH = 1;
const K_LOG2E = 2;
const K_ROUND = 3;
const K_LN2_HI = 4;
const K_LN2_LO = 5;
const K_P0 = 6;
const K_P1 = 7;
const K_P2 = 8;
const K_P3 = 9;
const K_P4 = 10;
const K_P5 = 11;
const K_ONE = 12;
const K_TWO = 13;
const K_T7 = 14;
const K_T5 = 15;
const K_T3 = 16;
const K_SMALL = 17;
// prettier-ignore
const TABLE = memory.data<f32>([
  -87, -87, -87, -87, // K_LOW
  88, 88, 88, 88, // K_HIGH
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341, // K_LOG2E
  12582912, 12582912, 12582912, 12582912, // K_ROUND
  0.693359375, 0.693359375, 0.693359375, 0.693359375, // K_LN2_HI
  -2.1219444e-4, -2.1219444e-4, -2.1219444e-4, -2.1219444e-4, // K_LN2_LO
  1.98756915e-4, 1.98756915e-4, 1.98756915e-4, 1.98756915e-4, // K_P0
  1.39819995e-3, 1.39819995e-3, 1.39819995e-3, 1.39819995e-3, // K_P1
  8.33345191e-3, 8.33345191e-3, 8.33345191e-3, 8.33345191e-3, // K_P2
  4.16657959e-2, 4.16657959e-2, 4.16657959e-2, 4.16657959e-2, // K_P3
  1.66666655e-1, 1.66666655e-1, 1.66666655e-1, 1.66666655e-1, // K_P4
  5.00000012e-1, 5.00000012e-1, 5.00000012e-1, 5.00000012e-1, // K_P5
  1, 1, 1, 1, // K_ONE
  2, 2, 2, 2, // K_TWO
  -0.053968254, -0.053968254, -0.053968254, -0.053968254, // K_T7
  0.13333334, 0.13333334, 0.13333334, 0.13333334, // K_T5
  -0.33333334, -0.33333334, -0.33333334, -0.33333334, // K_T3
  0.125, 0.125, 0.125, 0.125, // K_SMALL
]);

/** The exponent bias 127 in four i32 lanes. */
const BIAS = memory.data<i32>([127, 127, 127, 127]);

function k(i: i32): v128 {
  return v128.load(TABLE + ((<usize>i) << 4));
}

/**
 * e^x per lane, x clamped to [−87, 88] so 2^n stays a normal float32. n = round(x log₂e) comes
 * from adding 1.5·2²³, which rounds to an integer and leaves n + 0x4B400000 in the bits, so 2^n's
 * exponent field is those bits + 127 shifted into place. pmin/pmax are single instructions and
 * keep a NaN x (the comparison is false, x is returned).
 */
export function vexp(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, k(K_LOW)), k(K_HIGH));
  const t = f32x4.add(f32x4.mul(x, k(K_LOG2E)), k(K_ROUND));
  const n = f32x4.sub(t, k(K_ROUND));
  let r = f32x4.sub(x, f32x4.mul(n, k(K_LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, k(K_LN2_LO)));
  let p = k(K_P0);
  p = f32x4.add(f32x4.mul(p, r), k(K_P1));
  p = f32x4.add(f32x4.mul(p, r), k(K_P2));
  p = f32x4.add(f32x4.mul(p, r), k(K_P3));
  p = f32x4.add(f32x4.mul(p, r), k(K_P4));
  p = f32x4.add(f32x4.mul(p, r), k(K_P5));
  p = f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), f32x4.add(r, k(K_ONE)));
  // 2^n = (bits(t) + 127) << 23: the shift drops everything above n + 127.
  return f32x4.mul(p, i32x4.shl(i32x4.add(t, v128.load(BIAS)), 23));
}

/** σ(z) = 1 / (1 + e^{−z}). */
export function vsigmoid(z: v128): v128 {
  return f32x4.div(k(K_ONE), f32x4.add(k(K_ONE), vexp(f32x4.neg(z))));
}

/** tanh z = 1 − 2/(e^{2z} + 1); below |z| = 1/8 the odd Taylor series to z⁷ instead, because the
 * subtraction would cancel most digits there. */
export function vtanh(z: v128): v128 {
  const one = k(K_ONE);
  const wide = f32x4.sub(one, f32x4.div(k(K_TWO), f32x4.add(vexp(f32x4.add(z, z)), one)));
  const z2 = f32x4.mul(z, z);
  let p = k(K_T7);
  p = f32x4.add(f32x4.mul(p, z2), k(K_T5));
  p = f32x4.add(f32x4.mul(p, z2), k(K_T3));
  const small = f32x4.add(z, f32x4.mul(z, f32x4.mul(p, z2)));
  return v128.bitselect(small, wide, f32x4.lt(f32x4.abs(z), k(K_SMALL)));
}

/** a = σ(z) for four units; softmax is done per example elsewhere and passes z through. */
export function vactivate(act: i32, z: v128): v128 {
  if (act == ACT_SIGMOID) return vsigmoid(z);
  if (act == ACT_TANH) return vtanh(z);
  if (act == ACT_RELU) return f32x4.max(z, f32x4.splat(0.0));
  if (act == ACT_LEAKY) {
    return v128.bitselect(z, f32x4.mul(z, f32x4.splat(LEAKY_SLOPE)), f32x4.gt(z, f32x4.splat(0.0)));
  }
  return z;
}

/** σ'(z) from z and a = σ(z): a(1 − a) for sigmoid (and softmax's diagonal), 1 − a² for tanh;
 * ReLU's derivative at 0 is 0, as in the reference. */
export function derivative(act: i32, z: f32, a: f32): f32 {
  if (act == ACT_SIGMOID || act == ACT_SOFTMAX) return a * (1 - a);
  if (act == ACT_TANH) return 1 - a * a;
  if (act == ACT_RELU) return z > 0 ? 1 : 0;
  if (act == ACT_LEAKY) return z > 0 ? 1 : LEAKY_SLOPE;
  return 1;
}

/** a = σ(z) for n units (n a multiple of 4) in one loop per activation, so the loop holds no
 * branch; softmax is left to the output step (it needs the whole layer). `hidden`: the layer
 * feeds another, so a saturated sigmoid's a < TINY is stored as 0. */
export function activateRange(act: i32, z: usize, a: usize, n: i32, hidden: bool = false): void {
  const end = (<usize>n) << 2;
  if (act == ACT_SOFTMAX) return;
  if (act == ACT_SIGMOID && hidden) {
    for (let i: usize = 0; i < end; i += 16)
      v128.store(a + i, flushTiny(vsigmoid(v128.load(z + i))));
    return;
  }
  if (act == ACT_SIGMOID) {
    for (let i: usize = 0; i < end; i += 16) v128.store(a + i, vsigmoid(v128.load(z + i)));
    return;
  }
  if (act == ACT_TANH) {
    for (let i: usize = 0; i < end; i += 16) v128.store(a + i, vtanh(v128.load(z + i)));
    return;
  }
  for (let i: usize = 0; i < end; i += 16) v128.store(a + i, vactivate(act, v128.load(z + i)));
}

/** σ'(z) for four units, as `derivative` below. */
export function vderivative(act: i32, z: v128, a: v128): v128 {
  const one = f32x4.splat(1.0);
  if (act == ACT_SIGMOID || act == ACT_SOFTMAX) return f32x4.mul(a, f32x4.sub(one, a));
  if (act == ACT_TANH) return f32x4.sub(one, f32x4.mul(a, a));
  const positive = f32x4.gt(z, f32x4.splat(0.0));
  if (act == ACT_RELU) return v128.and(positive, one);
  if (act == ACT_LEAKY) return v128.bitselect(one, f32x4.splat(LEAKY_SLOPE), positive);
  return one;
}

/** Sum of the four lanes in a fixed order, (l0 + l1) + (l2 + l3), so results never depend on
 * who computes them. */
export function hsum(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}
