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

/** Slope of leaky ReLU for z ≤ 0 (the reference engine's LEAKY_SLOPE). */
export const LEAKY_SLOPE: f32 = 0.01;

/** e^x per lane, x clamped to [−87, 88] so 2^n stays a normal float32. */
export function vexp(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.1219444e-4)));
  let p = f32x4.splat(1.98756915e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), f32x4.add(r, f32x4.splat(1.0)));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** σ(z) = 1 / (1 + e^{−z}). */
export function vsigmoid(z: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(z))));
}

/** tanh z = 1 − 2/(e^{2z} + 1); below |z| = 1/8 the odd Taylor series to z⁷ instead, because the
 * subtraction would cancel most digits there. */
export function vtanh(z: v128): v128 {
  const one = f32x4.splat(1.0);
  const wide = f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(vexp(f32x4.add(z, z)), one)));
  const z2 = f32x4.mul(z, z);
  let p = f32x4.splat(-17.0 / 315.0);
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(2.0 / 15.0));
  p = f32x4.add(f32x4.mul(p, z2), f32x4.splat(-1.0 / 3.0));
  const small = f32x4.add(z, f32x4.mul(z, f32x4.mul(p, z2)));
  return v128.bitselect(small, wide, f32x4.lt(f32x4.abs(z), f32x4.splat(0.125)));
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
