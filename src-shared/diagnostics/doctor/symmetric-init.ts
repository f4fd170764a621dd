/**
 * Rule "symmetric-init": all weights start equal (constant or zeros). Every hidden unit of a layer
 * then computes the same function of the input, gets the same error signal δ_j = σ'(z_j)·Σ_k w_kj·δ_k
 * (BP2, with identical w_kj) and the same update, so the units stay identical forever: each hidden
 * layer acts as one unit however wide it is. Gradient descent cannot break a tie the gradient itself
 * preserves, so the run cannot succeed as configured → error. Checked from the config alone.
 */
import type { Finding } from '../../base/findings';
import { proposing } from './config-fixes';
import { describeInit } from './init-fix';
import { weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';

export function symmetricInit(input: DiagnoseInput): Finding[] {
  const { config } = input;
  const weights = config.init.weights;
  if (weightLayerCount(config) < 2) return [];
  if (weights.kind !== 'constant' && weights.kind !== 'zeros') return [];
  const widths = config.layers.slice(1, -1).join(', ');
  return [
    {
      rule: 'symmetric-init',
      severity: 'error',
      epoch: 0,
      title: 'Every hidden unit starts identical and stays identical',
      message:
        `All weights start at the same value (${describeInit(weights)}). Then every hidden unit in a layer ` +
        'computes the same function of the input, receives the same error signal in backpropagation and ' +
        'gets the same update — so the units stay identical forever, and each hidden layer (widths ' +
        `${widths}) behaves like a single unit. Backpropagation cannot break this tie: it follows the ` +
        'gradient, and the gradient is the same for every unit. Random initial weights break the symmetry.',
      evidence: { weightInit: describeInit(weights), hiddenLayers: weightLayerCount(config) - 1 },
      chart: 'weights',
      suggestion: "Draw the weights at random, e.g. Nielsen's N(0, 1/√n_in): try N(0, 1/√n_in).",
      ...proposing(config, {
        field: 'init.weights',
        value: { kind: 'scaled-normal' },
        label: 'N(0, 1/√n_in)',
      }),
    },
  ];
}
