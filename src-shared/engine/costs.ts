/**
 * Cost functions C(a, y) of one example and the output error δ^L = ∂C/∂z^L (BP1).
 * Nielsen's network.py (`cost_derivative`, ch.1) and network2.py (`QuadraticCost`,
 * `CrossEntropyCost`, ch.3); log-likelihood with softmax is his ch.3 eq. (80)–(84).
 *
 * a, z: output layer vectors of length n; y: the target vector of length n.
 */
import type { ActivationName, CostName } from './options';
import { backward, type Float } from './activations';

/** Logarithms take max(p, TINY) so a saturated output gives a large finite cost instead of
 * −ln 0 = ∞ (Nielsen uses np.nan_to_num for the same reason). */
const TINY = 1e-300;

function ln(p: number): number {
  return Math.log(p > TINY ? p : TINY);
}

/**
 * C of one example:
 * - quadratic: C = ½ ‖a − y‖²
 * - cross-entropy: C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] (a term whose weight y_j or
 *   1 − y_j is 0 is skipped, so 0 · ln 0 counts as 0)
 * - log-likelihood: C = −Σ_j y_j ln a_j (= −ln a_y for a one-hot y)
 */
export function exampleCost(cost: CostName, a: Float, y: ArrayLike<number>, n: number): number {
  let c = 0;
  for (let j = 0; j < n; j++) {
    const aj = a[j];
    const yj = y[j];
    if (cost === 'quadratic') {
      const d = aj - yj;
      c += 0.5 * d * d;
    } else {
      if (yj !== 0) c -= yj * ln(aj);
      if (cost === 'cross-entropy' && yj !== 1) c -= (1 - yj) * ln(1 - aj);
    }
  }
  return c;
}

/**
 * BP1: δ^L = ∂C/∂z^L. The general form is ∇_a C passed back through the output activation;
 * two pairs cancel σ' exactly and use the book's closed forms:
 * - sigmoid + cross-entropy: δ = a − y (Nielsen eq. 66), the reason that cost learns fast;
 * - softmax + log-likelihood: δ_j = a_j Σ_i y_i − y_j (= a − y for a one-hot y, eq. 84).
 * `g` is scratch of length n.
 */
export function outputDelta(
  cost: CostName,
  activation: ActivationName,
  z: Float,
  a: Float,
  y: ArrayLike<number>,
  delta: Float,
  g: Float64Array,
  n: number,
): void {
  if (cost === 'cross-entropy' && activation === 'sigmoid') {
    for (let j = 0; j < n; j++) delta[j] = a[j] - y[j];
    return;
  }
  if (cost === 'log-likelihood' && activation === 'softmax') {
    let sumY = 0;
    for (let j = 0; j < n; j++) sumY += y[j];
    for (let j = 0; j < n; j++) delta[j] = a[j] * sumY - y[j];
    return;
  }
  costGradient(cost, a, y, g, n);
  backward(activation, z, a, g, delta, n);
}

/**
 * g = ∇_a C: quadratic a − y; cross-entropy (a − y) / (a(1 − a)); log-likelihood −y / a.
 * Denominators are kept ≥ TINY like the logarithms above.
 */
function costGradient(
  cost: CostName,
  a: Float,
  y: ArrayLike<number>,
  g: Float64Array,
  n: number,
): void {
  for (let j = 0; j < n; j++) {
    const aj = a[j];
    if (cost === 'quadratic') g[j] = aj - y[j];
    else if (cost === 'cross-entropy') g[j] = (aj - y[j]) / Math.max(aj * (1 - aj), TINY);
    else g[j] = -y[j] / Math.max(aj, TINY);
  }
}

/** The output activations each cost is defined for: cross-entropy needs outputs in (0, 1),
 * log-likelihood a probability vector. */
export function costAccepts(cost: CostName, output: ActivationName): boolean {
  if (cost === 'quadratic') return true;
  if (cost === 'cross-entropy') return output === 'sigmoid' || output === 'softmax';
  return output === 'softmax';
}
