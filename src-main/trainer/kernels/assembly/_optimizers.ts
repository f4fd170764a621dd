// @ts-nocheck -- AssemblyScript (v128, load<T>), type-checked by asc in `npm run build`.
/**
 * The once-per-batch steps of Nesterov momentum, RMSProp and Adam (the reference's
 * src-shared/engine/optimizers.ts, the same operations in the same order, in float32 four lanes at
 * a time) on `count` floats (a multiple of 4) of w, its state arrays and its summed gradient gsum
 * (zeroed here). Each reads the batch's gradient as g = gsum / m + (λ₂/n) w + (λ₁/n) sgn w, the
 * regularization terms given as 0 for biases. Padding (w = 0, gsum = 0, state 0) stays 0.
 * Subnormal velocities and first moments are stored as 0, second moments too unless ε is tiny
 * (flushSubnormal in _vmath.ts; the reference keeps them).
 */
import {
  G_BETA1,
  G_BETA2,
  G_EPSILON,
  G_MOMENTUM,
  G_OPTIMIZER,
  G_RATE,
  G_STEPS,
  OPT_ADAM,
  OPT_NESTEROV,
} from './_layout';
import { double, real, word } from './_ctx';
import { flushSubnormal, SMALLEST_NORMAL } from './_vmath';

// The coefficients of the current batch's step, set by prepareStep. Globals are per thread (each
// thread instantiates the module), so threads never share them.
let kind: i32 = 0;
let eta: f32 = 0;
let batch: f32 = 1;
let mu: f32 = 0;
let beta1: f32 = 0;
let beta2: f32 = 0;
let oneMinusBeta1: f32 = 0;
let oneMinusBeta2: f32 = 0;
let epsilon: f32 = 0;
let correction1: f32 = 1;
let correction2: f32 = 1;
/** Whether a subnormal second moment (RMSProp's r, Adam's v) may be stored as 0: only when that
 * cannot move √(r / c₂) + ε by more than 2⁻²⁶ of ε (a tiny ε makes even a subnormal r count). */
let flushSecond = false;

/** Reads the optimizer's coefficients for batch b of the epoch (m examples). Adam's bias
 * corrections 1 − βᵗ use t = G_STEPS + b + 1 and are computed in float64, as the reference does. */
export function prepareStep(ctx: usize, m: i32, b: i32): void {
  kind = word(ctx, G_OPTIMIZER);
  eta = <f32>double(ctx, G_RATE);
  batch = <f32>m;
  mu = real(ctx, G_MOMENTUM);
  epsilon = real(ctx, G_EPSILON);
  const b1 = double(ctx, G_BETA1);
  const b2 = double(ctx, G_BETA2);
  beta1 = <f32>b1;
  beta2 = <f32>b2;
  oneMinusBeta1 = <f32>(1 - b1);
  oneMinusBeta2 = <f32>(1 - b2);
  const t = <f64>(word(ctx, G_STEPS) + b + 1);
  correction1 = <f32>(1 - Math.pow(b1, t));
  correction2 = <f32>(1 - Math.pow(b2, t));
  const c2 = kind == OPT_ADAM ? <f64>correction2 : 1;
  flushSecond = Math.sqrt(<f64>SMALLEST_NORMAL / c2) < <f64>epsilon * Math.pow(2, -26);
}

/** A second moment as stored: subnormal lanes as 0 when flushSecond allows (see flushSubnormal). */
function second(r: v128): v128 {
  return flushSecond ? flushSubnormal(r) : r;
}

/** The prepared optimizer's step; `v` holds velocities (Nesterov) or second moments (RMSProp's
 * r, Adam's v), `m` Adam's first moments. */
export function optimizerStep(
  w: usize,
  v: usize,
  m: usize,
  gsum: usize,
  count: i32,
  l2: f32,
  l1: f32,
): void {
  if (kind == OPT_NESTEROV) nesterov(w, v, gsum, count, l2, l1);
  else if (kind == OPT_ADAM) adam(w, v, m, gsum, count, l2, l1);
  else rmsprop(w, v, gsum, count, l2, l1);
}

/** g = gsum / m + l2 · w + l1 · sgn w (the terms skipped when 0, as the reference does). */
function gradient(gsum: v128, w: v128, l2: f32, l1: f32): v128 {
  let g = f32x4.div(gsum, f32x4.splat(batch));
  if (l2 != 0) g = f32x4.add(g, f32x4.mul(f32x4.splat(l2), w));
  if (l1 != 0) {
    const one = f32x4.splat(1.0);
    const zero = f32x4.splat(0.0);
    const sign = f32x4.sub(v128.and(f32x4.gt(w, zero), one), v128.and(f32x4.lt(w, zero), one));
    g = f32x4.add(g, f32x4.mul(f32x4.splat(l1), sign));
  }
  return g;
}

/** v → μ v − η g, w → w + (μ v − η g). */
function nesterov(w: usize, v: usize, gsum: usize, count: i32, l2: f32, l1: f32): void {
  const rate = f32x4.splat(eta);
  const mus = f32x4.splat(mu);
  for (let i = 0; i < count; i += 4) {
    const at = (<usize>i) << 2;
    const wi = v128.load(w + at);
    const step = f32x4.neg(f32x4.mul(rate, gradient(v128.load(gsum + at), wi, l2, l1)));
    const vi = flushSubnormal(f32x4.add(f32x4.mul(mus, v128.load(v + at)), step));
    v128.store(v + at, vi);
    v128.store(w + at, f32x4.add(wi, f32x4.add(f32x4.mul(mus, vi), step)));
    v128.store(gsum + at, f32x4.splat(0.0));
  }
}

/** r → ρ r + (1 − ρ) g g, w → w − η g / (√r + ε). */
function rmsprop(w: usize, r: usize, gsum: usize, count: i32, l2: f32, l1: f32): void {
  const rate = f32x4.splat(eta);
  const rho = f32x4.splat(beta2);
  const rest = f32x4.splat(oneMinusBeta2);
  const eps = f32x4.splat(epsilon);
  for (let i = 0; i < count; i += 4) {
    const at = (<usize>i) << 2;
    const wi = v128.load(w + at);
    const g = gradient(v128.load(gsum + at), wi, l2, l1);
    const ri = second(
      f32x4.add(f32x4.mul(rho, v128.load(r + at)), f32x4.mul(f32x4.mul(rest, g), g)),
    );
    v128.store(r + at, ri);
    const step = f32x4.div(f32x4.mul(rate, g), f32x4.add(f32x4.sqrt(ri), eps));
    v128.store(w + at, f32x4.sub(wi, step));
    v128.store(gsum + at, f32x4.splat(0.0));
  }
}

/** m → β₁ m + (1 − β₁) g, v → β₂ v + (1 − β₂) g g, w → w − η (m / c₁) / (√(v / c₂) + ε). */
function adam(w: usize, v: usize, m: usize, gsum: usize, count: i32, l2: f32, l1: f32): void {
  const rate = f32x4.splat(eta);
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const rest1 = f32x4.splat(oneMinusBeta1);
  const rest2 = f32x4.splat(oneMinusBeta2);
  const c1 = f32x4.splat(correction1);
  const c2 = f32x4.splat(correction2);
  const eps = f32x4.splat(epsilon);
  for (let i = 0; i < count; i += 4) {
    const at = (<usize>i) << 2;
    const wi = v128.load(w + at);
    const g = gradient(v128.load(gsum + at), wi, l2, l1);
    const mi = flushSubnormal(f32x4.add(f32x4.mul(b1, v128.load(m + at)), f32x4.mul(rest1, g)));
    const vi = second(
      f32x4.add(f32x4.mul(b2, v128.load(v + at)), f32x4.mul(f32x4.mul(rest2, g), g)),
    );
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    const top = f32x4.mul(rate, f32x4.div(mi, c1));
    const step = f32x4.div(top, f32x4.add(f32x4.sqrt(f32x4.div(vi, c2)), eps));
    v128.store(w + at, f32x4.sub(wi, step));
    v128.store(gsum + at, f32x4.splat(0.0));
  }
}
