/**
 * Rule "dead-relu": ReLU units that output 0 for every probe input. A ReLU passes gradient only
 * where z > 0, so a unit with z ≤ 0 for every input gets no gradient and never comes back.
 * error: ≥ 99% of a hidden layer dead (nothing passes; the outputs cannot see the input);
 * warning: ≥ 50%; info: ≥ 20%. Dead at epoch 0 blames the initialization (fix: He-normal weights,
 * zero biases); dying later blames large updates (fix: η lowered as learningRateCut measures).
 */
import type { EpochRecord, LayerStats } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { getPath, sameValue } from '../../base/values';
import { lowerLearningRateFix, proposing } from './config-fixes';
import { statsOf } from './layer-inputs';
import { activationOf, denseLayerName, describeLayer, weightLayerCount } from './network-shape';
import type { DiagnoseInput, Fix } from './rule';
import { trainedRecords } from './run-progress';
import { isWorse, worstMoment } from './severity';
import { num, signed } from './wording';

function severityOf(stats: LayerStats): Severity | null {
  if (stats.deadFraction >= 0.99) return 'error';
  if (stats.deadFraction >= 0.5) return 'warning';
  if (stats.deadFraction >= 0.2) return 'info';
  return null;
}

export const HE_INIT: Fix = {
  field: 'init',
  value: { weights: { kind: 'he-normal' }, biases: { kind: 'zeros' } },
  label: 'He-normal weights, zero biases',
};

function finding(
  input: DiagnoseInput,
  record: EpochRecord,
  stats: LayerStats,
  severity: Severity,
): Finding {
  const units = input.config.layers[stats.layer];
  const dead = Math.round(stats.deadFraction * units);
  const atInit = record.epoch === 0;
  const fix = atInit ? HE_INIT : lowerLearningRateFix(input);
  const alreadyThere = sameValue(getPath(input.config, fix.field), fix.value);
  const why = atInit
    ? `They start dead: the pre-activation z = Σ w·x + b averages ${signed(stats.preActivation.mean)} with spread ` +
      `${num(stats.preActivation.std)}, so for these units it is below 0 for every input.`
    : 'They died during training: a large update pushed their weights to where z < 0 for every input — common ' +
      `when the learning rate (η = ${num(input.config.learningRate)}) is too large.`;
  return {
    rule: 'dead-relu',
    severity,
    epoch: record.epoch,
    layer: stats.layer,
    title: `${dead} of ${units} ReLU units in ${denseLayerName(input.config, stats.layer)} are dead`,
    message:
      `At epoch ${record.epoch}, ${dead} of the ${units} units in ${describeLayer(input.config, stats.layer)} ` +
      'output 0 for every probe example. A ReLU passes gradient only where z > 0, so these units get no ' +
      `gradient and never recover. ${why}`,
    evidence: { deadFraction: stats.deadFraction, preActivationMean: stats.preActivation.mean },
    chart: 'saturation',
    suggestion: atInit
      ? 'Initialize for ReLU: He-normal weights (std √(2/n_in)) with zero biases.'
      : `Lower the learning rate (${fix.label}), or use leaky ReLU units, which keep a small gradient for z < 0.`,
    ...(alreadyThere ? {} : proposing(input.config, fix)),
  };
}

export function deadRelu(input: DiagnoseInput): Finding[] {
  const findings: Finding[] = [];
  const first = input.epochs[0];
  for (let layer = 1; layer < weightLayerCount(input.config); layer++) {
    if (activationOf(input.config, layer) !== 'relu') continue;
    const atStart = first?.epoch === 0 ? statsOf(first, layer) : undefined;
    const initSeverity = atStart ? severityOf(atStart) : null;
    if (atStart && initSeverity) findings.push(finding(input, first, atStart, initSeverity));
    const later = worstMoment(trainedRecords(input.epochs), layer, severityOf);
    if (later && isWorse(later.severity, initSeverity))
      findings.push(finding(input, later.record, later.stats, later.severity));
  }
  return findings;
}
