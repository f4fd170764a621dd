// @ts-nocheck -- AssemblyScript (f64, load<T>), type-checked by asc in `npm run build`.
/**
 * The output layer of one example, in float64 like the reference engine (costs.ts): softmax,
 * the cost C(a, y) and BP1's δ^L = ∂C/∂z^L, the n output units only (padding stays 0).
 */
import {
  ACT_SIGMOID,
  ACT_SOFTMAX,
  ACT_TANH,
  ACT_RELU,
  ACT_LEAKY,
  LEAKY_SLOPE,
  TINY,
} from './_vmath';

export const COST_QUADRATIC = 0;
export const COST_CROSS_ENTROPY = 1;
export const COST_LOG_LIKELIHOOD = 2;

/** Logarithms and denominators take max(p, LOG_FLOOR), as in the reference. */
const LOG_FLOOR: f64 = 1e-300;

function at(p: usize, j: i32): usize {
  return p + ((<usize>j) << 2);
}

/** Target y_j: targets are float64. */
function target(y: usize, j: i32): f64 {
  return load<f64>(y + ((<usize>j) << 3));
}

function ln(p: f64): f64 {
  return Math.log(p > LOG_FLOOR ? p : LOG_FLOOR);
}

/** a_j = e^{z_j − m} / Σ_k e^{z_k − m}, m = max z. */
export function softmax(z: usize, a: usize, n: i32): void {
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, <f64>load<f32>(at(z, j)));
  let s: f64 = 0;
  for (let j = 0; j < n; j++) s += Math.exp(<f64>load<f32>(at(z, j)) - m);
  for (let j = 0; j < n; j++)
    store<f32>(at(a, j), <f32>(Math.exp(<f64>load<f32>(at(z, j)) - m) / s));
}

/** The predicted class, as the reference's predictedClass: a ≥ ½ for one output, else the first j
 * with the largest a_j (NaN never wins). */
export function argmax(a: usize, n: i32): i32 {
  if (n == 1) return load<f32>(a) >= 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < n; j++) if (load<f32>(at(a, j)) > load<f32>(at(a, best))) best = j;
  return best;
}

/** quadratic ½‖a − y‖²; cross-entropy −Σ[y ln a + (1 − y) ln(1 − a)]; log-likelihood −Σ y ln a
 * (terms with weight 0 skipped, so 0 · ln 0 counts as 0). */
export function exampleCost(cost: i32, a: usize, y: usize, n: i32): f64 {
  let c: f64 = 0;
  for (let j = 0; j < n; j++) {
    const aj = <f64>load<f32>(at(a, j));
    const yj = target(y, j);
    if (cost == COST_QUADRATIC) {
      c += 0.5 * (aj - yj) * (aj - yj);
    } else {
      if (yj != 0) c -= yj * ln(aj);
      if (cost == COST_CROSS_ENTROPY && yj != 1) c -= (1 - yj) * ln(1 - aj);
    }
  }
  return c;
}

/** ∂C/∂a_j: quadratic a − y, cross-entropy (a − y)/(a(1 − a)), log-likelihood −y/a. */
function costGradient(cost: i32, aj: f64, yj: f64): f64 {
  if (cost == COST_QUADRATIC) return aj - yj;
  if (cost == COST_CROSS_ENTROPY) return (aj - yj) / Math.max(aj * (1 - aj), LOG_FLOOR);
  return -yj / Math.max(aj, LOG_FLOOR);
}

function derivative64(act: i32, zj: f64, aj: f64): f64 {
  if (act == ACT_SIGMOID || act == ACT_SOFTMAX) return aj * (1 - aj);
  if (act == ACT_TANH) return 1 - aj * aj;
  if (act == ACT_RELU) return zj > 0 ? 1 : 0;
  if (act == ACT_LEAKY) return zj > 0 ? 1 : <f64>LEAKY_SLOPE;
  return 1;
}

/** δ_j into f32, below TINY as 0 (see TINY). */
function storeDelta(d: usize, j: i32, v: f64): void {
  store<f32>(at(d, j), Math.abs(v) < <f64>TINY ? 0 : <f32>v);
}

/**
 * BP1: δ = ∂C/∂z. Sigmoid + cross-entropy gives δ = a − y and softmax + log-likelihood δ = a Σy − y
 * (σ' cancels); otherwise ∇_a C goes back through the activation: δ_j = g_j σ'(z_j), or for softmax
 * δ_j = a_j (g_j − Σ_i g_i a_i).
 */
export function outputDelta(
  cost: i32,
  act: i32,
  z: usize,
  a: usize,
  y: usize,
  d: usize,
  n: i32,
): void {
  if (cost == COST_CROSS_ENTROPY && act == ACT_SIGMOID) {
    for (let j = 0; j < n; j++) storeDelta(d, j, <f64>load<f32>(at(a, j)) - target(y, j));
    return;
  }
  if (cost == COST_LOG_LIKELIHOOD && act == ACT_SOFTMAX) {
    let sumY: f64 = 0;
    for (let j = 0; j < n; j++) sumY += target(y, j);
    for (let j = 0; j < n; j++) {
      storeDelta(d, j, <f64>load<f32>(at(a, j)) * sumY - target(y, j));
    }
    return;
  }
  let dot: f64 = 0;
  if (act == ACT_SOFTMAX) {
    for (let j = 0; j < n; j++) {
      const aj = <f64>load<f32>(at(a, j));
      dot += costGradient(cost, aj, target(y, j)) * aj;
    }
  }
  for (let j = 0; j < n; j++) {
    const aj = <f64>load<f32>(at(a, j));
    const g = costGradient(cost, aj, target(y, j));
    const dj =
      act == ACT_SOFTMAX ? aj * (g - dot) : g * derivative64(act, <f64>load<f32>(at(z, j)), aj);
    storeDelta(d, j, dj);
  }
}
