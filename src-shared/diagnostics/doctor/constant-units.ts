/**
 * Rule "constant-units": hidden units whose output is the same for every probe input. Such a unit
 * carries no information about the input; the layers above cannot tell examples apart through it.
 * Constancy that saturation (saturated-layer), dead ReLUs (dead-relu) or equal initial weights
 * (symmetric-init) already explain is left to those rules, which name the cause. What remains is
 * most often a layer fed by a constant layer below it. Never an error on its own: the error belongs
 * to the cause. Warning from 50% of a layer's units, info from 10%.
 */
import type { EpochRecord, LayerStats } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { isStill, statsOf } from './layer-inputs';
import { denseLayerName, describeLayer, weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { trainedRecords } from './run-progress';
import { worstMoment } from './severity';
import { num, percent } from './wording';

function severityOf(stats: LayerStats): Severity | null {
  const explained = Math.max(stats.saturatedFraction, stats.deadFraction);
  if (explained >= stats.constantFraction) return null;
  if (stats.constantFraction >= 0.5) return 'warning';
  if (stats.constantFraction >= 0.1) return 'info';
  return null;
}

function cause(input: DiagnoseInput, record: EpochRecord, stats: LayerStats): string {
  const below = stats.layer > 1 ? statsOf(record, stats.layer - 1) : undefined;
  if (below && isStill(below)) {
    return (
      `The cause is below them: ${denseLayerName(input.config, below.layer)} is itself constant (${percent(below.constantFraction)} ` +
      'of its units), and a unit fed the same values always computes the same thing. Fix that layer first.'
    );
  }
  return (
    `Their pre-activation z = Σ w·x + b (the weighted sum before squashing) hardly changes with the input: ` +
    `the weights have std ${num(stats.weights.std)}, and weights near 0 make z ≈ b for every input.`
  );
}

function finding(
  input: DiagnoseInput,
  record: EpochRecord,
  stats: LayerStats,
  severity: Severity,
): Finding {
  const units = input.config.layers[stats.layer];
  const constant = Math.round(stats.constantFraction * units);
  return {
    rule: 'constant-units',
    severity,
    epoch: record.epoch,
    layer: stats.layer,
    title: `${constant} of ${units} units in ${denseLayerName(input.config, stats.layer)} ignore the input`,
    message:
      `At epoch ${record.epoch}, ${constant} of the ${units} units in ${describeLayer(input.config, stats.layer)} ` +
      'give the same output for every probe example, so they tell the layers above nothing about the input. ' +
      cause(input, record, stats),
    evidence: { constantFraction: stats.constantFraction, weightStd: stats.weights.std },
    chart: 'saturation',
    suggestion:
      'Make sure the weights into this layer are random and large enough that z varies with the input: ' +
      "Nielsen's N(0, 1/√n_in) gives z a spread of about 1.",
    changes: [{ field: 'init.weights', direction: 'set', value: { kind: 'scaled-normal' } }],
  };
}

export function constantUnits(input: DiagnoseInput): Finding[] {
  const weights = input.config.init.weights;
  const symmetric = weights.kind === 'constant' || weights.kind === 'zeros';
  const findings: Finding[] = [];
  for (let layer = 1; layer < weightLayerCount(input.config); layer++) {
    const records = symmetric ? trainedRecords(input.epochs) : input.epochs;
    const worst = worstMoment(records, layer, severityOf);
    if (worst) findings.push(finding(input, worst.record, worst.stats, worst.severity));
  }
  return findings;
}
