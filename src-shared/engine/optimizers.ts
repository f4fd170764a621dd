/**
 * The steps of the optimizers beyond plain and momentum SGD (those stay in sgd.ts, shared with the
 * fast path): Nesterov momentum, RMSProp and Adam, each on one parameter array. Every one reads the
 * batch's gradient as g_i = (1/m) Σ_x ∂C_x/∂w_i + (λ/n) w_i + (λ₁/n) sgn(w_i) (L2 and L1 as a part of
 * the gradient, as in the book; biases get no regularization) and applies the equations written
 * out in options.ts's OptimizerSpec.
 */
import type { Float } from './activations';
import type { OptimizerSpec } from './options';
import { newFloat, type Network } from './network';

/** Arrays shaped like the weights and biases (velocities, moment estimates). */
export interface ParameterArrays {
  w: Float[];
  b: Float[];
}

export function zeroParameterArrays(net: Network): ParameterArrays {
  return {
    w: net.weights.map((w) => newFloat(net.precision, w.length)),
    b: net.biases.map((b) => newFloat(net.precision, b.length)),
  };
}

/** RMSProp's running mean of g² (`second`), or Adam's m (`first`), v (`second`) and step t. */
export interface Moments {
  first: ParameterArrays | null;
  second: ParameterArrays;
  /** Steps taken so far: Adam's t, for its bias correction 1 − βᵗ. */
  steps: number;
}

/** Moment arrays the optimizer keeps: 0 for SGD, momentum and Nesterov (they keep velocities). */
export function momentCount(spec: OptimizerSpec): 0 | 1 | 2 {
  return spec.kind === 'adam' ? 2 : spec.kind === 'rmsprop' ? 1 : 0;
}

/** True for the optimizers that keep a velocity v per parameter. */
export function keepsVelocities(spec: OptimizerSpec): boolean {
  return spec.kind === 'momentum' || spec.kind === 'nesterov';
}

export function zeroMoments(net: Network, spec: OptimizerSpec): Moments | null {
  const count = momentCount(spec);
  if (count === 0) return null;
  const first = count === 2 ? zeroParameterArrays(net) : null;
  return { first, second: zeroParameterArrays(net), steps: 0 };
}

/** What one step needs besides the arrays: η, the batch size m, and λ/n, λ₁/n (0 for biases). */
export interface StepTerms {
  eta: number;
  m: number;
  l2: number;
  l1: number;
}

/** g_i as above, from the summed batch gradient nw. */
function gradient(nw: Float, w: Float, i: number, t: StepTerms): number {
  let g = nw[i] / t.m;
  if (t.l2 !== 0) g += t.l2 * w[i];
  if (t.l1 !== 0) g += t.l1 * Math.sign(w[i]);
  return g;
}

/** Nesterov: v → μ v − η g, w → w + μ v − η g (the look-ahead step, in Keras's form). */
export function nesterovStep(w: Float, nw: Float, v: Float, mu: number, t: StepTerms): void {
  for (let i = 0; i < w.length; i++) {
    const step = -t.eta * gradient(nw, w, i, t);
    v[i] = mu * v[i] + step;
    w[i] += mu * v[i] + step;
  }
}

/** RMSProp: r → ρ r + (1 − ρ) g², w → w − η g / (√r + ε). */
export function rmspropStep(
  w: Float,
  nw: Float,
  r: Float,
  spec: { rho: number; epsilon: number },
  t: StepTerms,
): void {
  const { rho, epsilon } = spec;
  for (let i = 0; i < w.length; i++) {
    const g = gradient(nw, w, i, t);
    r[i] = rho * r[i] + (1 - rho) * g * g;
    w[i] -= (t.eta * g) / (Math.sqrt(r[i]) + epsilon);
  }
}

/** Adam at step `steps` (1 for the first): m → β₁ m + (1 − β₁) g, v → β₂ v + (1 − β₂) g²,
 * w → w − η m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ). */
export function adamStep(
  w: Float,
  nw: Float,
  m: Float,
  v: Float,
  spec: { beta1: number; beta2: number; epsilon: number },
  t: StepTerms,
  steps: number,
): void {
  const { beta1, beta2, epsilon } = spec;
  const c1 = 1 - beta1 ** steps;
  const c2 = 1 - beta2 ** steps;
  for (let i = 0; i < w.length; i++) {
    const g = gradient(nw, w, i, t);
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    w[i] -= (t.eta * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
  }
}
