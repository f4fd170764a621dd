/**
 * Activation functions a = σ(z) of one layer and their derivatives, as in Nielsen's network.py
 * (`sigmoid`, `sigmoid_prime`) extended with tanh, ReLU, leaky ReLU, linear and softmax.
 *
 * Every function works on one layer's vectors of length n: z (weighted inputs), a (activations).
 * Arithmetic is done in float64; results are rounded when stored into a Float32Array.
 */
import type { ActivationName } from './options';

/** A layer's vector in the run's precision. */
export type Float = Float32Array | Float64Array;

/** Slope of leaky ReLU for z ≤ 0. */
export const LEAKY_SLOPE = 0.01;

/** a = σ(z) for the n units of one layer. Softmax subtracts max(z) first so exp never overflows. */
export function activate(name: ActivationName, z: Float, a: Float, n: number): void {
  switch (name) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
      return;
    case 'relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
      return;
    case 'leaky-relu':
      for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i];
      return;
    case 'linear':
      for (let i = 0; i < n; i++) a[i] = z[i];
      return;
    case 'softmax':
      softmax(z, a, n);
      return;
  }
}

/** a_j = e^{z_j − m} / Σ_k e^{z_k − m} with m = max_k z_k (the same value as without m). */
function softmax(z: Float, a: Float, n: number): void {
  let m = -Infinity;
  for (let i = 0; i < n; i++) if (z[i] > m) m = z[i];
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(z[i] - m);
  for (let i = 0; i < n; i++) a[i] = Math.exp(z[i] - m) / s;
}

/**
 * σ'(z_i) of unit i, from its z and a (a(1−a) for sigmoid, 1−a² for tanh). For softmax this is
 * the diagonal of its Jacobian, ∂a_i/∂z_i = a_i(1 − a_i). ReLU's derivative at 0 is taken as 0.
 */
export function derivative(name: ActivationName, z: number, a: number): number {
  switch (name) {
    case 'sigmoid':
    case 'softmax':
      return a * (1 - a);
    case 'tanh':
      return 1 - a * a;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky-relu':
      return z > 0 ? 1 : LEAKY_SLOPE;
    case 'linear':
      return 1;
  }
}

/**
 * The largest value σ' can take, used to call a unit saturated when σ'(z) is below 1% of it.
 * Null for activations that never saturate (ReLU, leaky ReLU, linear: σ' is constant per side).
 */
export function maxDerivative(name: ActivationName): number | null {
  switch (name) {
    case 'sigmoid':
    case 'softmax':
      return 0.25;
    case 'tanh':
      return 1;
    default:
      return null;
  }
}

/**
 * δ = ∂C/∂z from g = ∂C/∂a (the chain rule through the activation):
 * elementwise δ_i = g_i σ'(z_i) (BP1/BP2's Hadamard product), or for softmax the
 * Jacobian-vector product δ_j = a_j (g_j − Σ_i g_i a_i), because ∂a_i/∂z_j = a_i(δ_ij − a_j).
 */
export function backward(
  name: ActivationName,
  z: Float,
  a: Float,
  g: ArrayLike<number>,
  delta: Float,
  n: number,
): void {
  if (name === 'softmax') {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += g[i] * a[i];
    for (let j = 0; j < n; j++) delta[j] = a[j] * (g[j] - dot);
    return;
  }
  for (let i = 0; i < n; i++) delta[i] = g[i] * derivative(name, z[i], a[i]);
}
