/**
 * Rule "learning-slowdown": quadratic cost on saturated sigmoid (or softmax) outputs. With
 * C = ½Σ(a − y)², the output error is δ = (a − y)·σ'(z) (BP1): an output that is confidently wrong
 * (a ≈ 1 where y = 0) has σ'(z) ≈ 0 and learns slowest exactly when it is most wrong. Cross-entropy
 * cancels the σ'(z) factor, δ = a − y (Nielsen ch.3); for softmax outputs log-likelihood does the same.
 * Fires when ≥ 50% of output (example, unit) pairs are saturated while accuracy is below 90% (or not
 * yet measured). Warning: the run slows down, it does not stop.
 */
import type { EpochRecord, LayerStats } from '../../base/records';
import type { Finding } from '../../base/findings';
import { statsOf } from './layer-inputs';
import { activationOf, weightLayerCount } from './network-shape';
import { proposing } from './config-fixes';
import type { DiagnoseInput, Fix } from './rule';
import { accuracyOf } from './run-progress';
import { percent } from './wording';

function fixFor(outputActivation: string): Fix {
  return outputActivation === 'softmax'
    ? { field: 'cost', value: 'log-likelihood', label: 'log-likelihood cost' }
    : { field: 'cost', value: 'cross-entropy', label: 'cross-entropy cost' };
}

function isSlowed(record: EpochRecord, output: LayerStats | undefined): output is LayerStats {
  const accuracy = accuracyOf(record);
  const struggling = record.epoch === 0 || accuracy === null || accuracy < 0.5;
  return output !== undefined && output.saturatedFraction >= 0.5 && struggling;
}

export function learningSlowdown(input: DiagnoseInput): Finding[] {
  const { config } = input;
  const last = weightLayerCount(config);
  const activation = activationOf(config, last);
  if (config.cost !== 'quadratic' || (activation !== 'sigmoid' && activation !== 'softmax'))
    return [];
  const record = input.epochs.find((r) => isSlowed(r, statsOf(r, last)));
  const output = record ? statsOf(record, last) : undefined;
  if (!record || !output) return [];
  const fix = fixFor(activation);
  const accuracy = accuracyOf(record);
  return [
    {
      rule: 'learning-slowdown',
      severity: 'warning',
      epoch: record.epoch,
      layer: last,
      title: 'Quadratic cost learns slowly from saturated outputs',
      message:
        `At epoch ${record.epoch}, ${percent(output.saturatedFraction)} of the output values are saturated ` +
        `(σ'(z) below 1% of its peak)${accuracy === null ? '' : ` while accuracy is ${percent(accuracy)}`}. With the ` +
        "quadratic cost C = ½Σ(a − y)², an output's error signal is δ = (a − y)·σ'(z): an output that is " +
        "confidently wrong — near 1 where the target is 0 — has σ'(z) ≈ 0, so it learns slowest exactly when " +
        `it is most wrong. The ${fix.label} removes the σ'(z) factor: δ = a − y, so the size of the error ` +
        'drives learning. This speeds up the output layer only; it does not cure saturated hidden layers.',
      evidence: {
        outputSaturatedFraction: output.saturatedFraction,
        accuracy: accuracy ?? 'not measured',
      },
      chart: 'saturation',
      suggestion: `Switch to the ${fix.label} (Nielsen, chapter 3).`,
      ...proposing(config, fix),
    },
  ];
}
