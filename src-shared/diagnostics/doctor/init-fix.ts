/**
 * The initialization a saturation finding proposes. Two causes, two cures:
 * - weights (or biases) that are all one sign: every term of z = Σ w·x + b pushes the same way when
 *   the inputs are non-negative, so z is far from 0 → centre the distribution (U[0,1) → U[−0.5,0.5));
 * - centred weights that are too wide: z = σ_w·√n·rms(x) is large → Nielsen's N(0, 1/√n_in).
 * The fix carries one config field: 'init.weights' when only the weights change, 'init' with the
 * whole {weights, biases} object when both do.
 */
import type { InitSpec, RunConfig } from '../../experiment/config';
import { expectedPreActivation } from './expected-preactivation';
import type { InputStats } from './input-stats';
import type { Fix } from './rule';

/** A short label: "U[-0.5, 0.5)", "N(0, 1)", "N(0, 1/√n_in)". */
export function describeInit(spec: InitSpec): string {
  switch (spec.kind) {
    case 'uniform':
      return `U[${spec.low}, ${spec.high})`;
    case 'normal':
      return `N(${spec.mean}, ${spec.std})`;
    case 'scaled-normal':
      return 'N(0, 1/√n_in)';
    case 'constant':
      return `all ${spec.value}`;
    case 'zeros':
      return 'all 0';
    default:
      return spec.kind;
  }
}

/** True when a random init draws values of one sign only (or nearly: |mean| ≥ 2 std). */
export function isOneSigned(spec: InitSpec): boolean {
  if (spec.kind === 'uniform') return spec.low >= 0 || spec.high <= 0;
  if (spec.kind === 'normal') return spec.mean !== 0 && Math.abs(spec.mean) >= 2 * spec.std;
  return false;
}

/** The same distribution shifted to mean 0: U[a, b) → U[−(b−a)/2, (b−a)/2), N(μ, σ) → N(0, σ). */
export function centred(spec: InitSpec): InitSpec {
  if (spec.kind === 'uniform') {
    const half = (spec.high - spec.low) / 2;
    return { kind: 'uniform', low: -half, high: half };
  }
  if (spec.kind === 'normal') return { kind: 'normal', mean: 0, std: spec.std };
  return spec;
}

/** Share of saturated units layer 1 would have under `init`, or null when it cannot be priced. */
function predictedSaturation(
  config: RunConfig,
  init: RunConfig['init'],
  inputs: InputStats | null,
): number | null {
  if (inputs === null) return null;
  return expectedPreActivation({ ...config, init }, inputs, 1).saturatedFraction;
}

/** Centred weights unless centring still leaves ≥ 20% of layer 1 saturated; then N(0, 1/√n_in). */
function fixedWeights(config: RunConfig, inputs: InputStats | null): InitSpec {
  const weights = config.init.weights;
  if (!isOneSigned(weights)) return { kind: 'scaled-normal' };
  const candidate = centred(weights);
  const saturation = predictedSaturation(
    config,
    { weights: candidate, biases: centred(config.init.biases) },
    inputs,
  );
  return saturation !== null && saturation >= 0.2 ? { kind: 'scaled-normal' } : candidate;
}

/** The init change that cures saturation from the initialization. */
export function proposeInitFix(config: RunConfig, inputs: InputStats | null): Fix {
  const weights = fixedWeights(config, inputs);
  const biases = config.init.biases;
  if (!isOneSigned(biases)) {
    return { field: 'init.weights', value: weights, label: describeInit(weights) };
  }
  const fixedBiases = centred(biases);
  const same = describeInit(weights) === describeInit(fixedBiases);
  return {
    field: 'init',
    value: { weights, biases: fixedBiases },
    label: same
      ? `${describeInit(weights)} weights and biases`
      : `${describeInit(weights)} weights, ${describeInit(fixedBiases)} biases`,
  };
}
