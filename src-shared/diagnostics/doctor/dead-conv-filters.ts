/**
 * Rule "dead-conv-filters": ReLU filters of a conv layer whose whole feature map is 0 for every
 * probe input. A filter's weights and bias get gradient only through the positions where z > 0
 * (BP3 and BP4 sum δ over the map), so a filter dead at every position never learns again, and its
 * map carries nothing to the layers above. Severities as dead-relu's, by the share of filters:
 * error ≥ 99% (the conv layer passes nothing on), warning ≥ 50%, info ≥ 20%. Dead at epoch 0
 * blames the initialization (fix: He-normal weights, n_in = C·k·k for a conv layer, zero biases);
 * dying later blames large updates (fix: η lowered as learningRateCut measures).
 */
import type { ConvLayerStats, EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { getPath, sameValue } from '../../base/values';
import { lowerLearningRateFix, proposing } from './config-fixes';
import { convLayersOf, convStatsOf, describeConvLayer, type ConvLayer } from './conv-shape';
import { HE_INIT } from './dead-relu';
import type { DiagnoseInput } from './rule';
import { trainedRecords } from './run-progress';
import { isWorse, worstOf } from './severity';
import { num, percent, signed } from './wording';

function severityOf(stats: ConvLayerStats): Severity | null {
  if (stats.deadFilterFraction >= 0.99) return 'error';
  if (stats.deadFilterFraction >= 0.5) return 'warning';
  if (stats.deadFilterFraction >= 0.2) return 'info';
  return null;
}

function finding(
  input: DiagnoseInput,
  layer: ConvLayer,
  record: EpochRecord,
  stats: ConvLayerStats,
  severity: Severity,
): Finding {
  const filters = layer.geometry.filters;
  const dead = Math.round(stats.deadFilterFraction * filters);
  const atInit = record.epoch === 0;
  const fix = atInit ? HE_INIT : lowerLearningRateFix(input);
  const alreadyThere = sameValue(getPath(input.config, fix.field), fix.value);
  const why = atInit
    ? `They start dead: z = Σ w·x + b averages ${signed(stats.preActivation.mean)} with spread ` +
      `${num(stats.preActivation.std)} over the layer, so for these filters it is below 0 at every position of every input.`
    : 'They died during training: a large update pushed their weights to where z < 0 everywhere — common ' +
      `when the learning rate (η = ${num(input.config.learningRate)}) is too large.`;
  return {
    rule: 'dead-conv-filters',
    severity,
    epoch: record.epoch,
    title: `${dead} of ${filters} ReLU filters in conv layer ${layer.conv} are dead`,
    message:
      `At epoch ${record.epoch}, ${dead} of the ${filters} filters of ${describeConvLayer(layer)} output 0 at every ` +
      `position for every probe example (${percent(stats.deadFraction)} of the layer's units are dead). A filter ` +
      'learns only through the positions where z > 0, so these filters get no gradient and never recover, and ' +
      `their maps tell the layers above nothing. ${why}`,
    evidence: {
      convLayer: stats.conv,
      deadFilterFraction: stats.deadFilterFraction,
      deadFraction: stats.deadFraction,
      preActivationMean: stats.preActivation.mean,
    },
    chart: 'saturation',
    suggestion: atInit
      ? 'Initialize for ReLU: He-normal weights (std √(2/n_in), n_in = C·k·k for a conv layer) with zero biases.'
      : `Lower the learning rate (${fix.label}), or use leaky ReLU units, which keep a small gradient for z < 0.`,
    ...(alreadyThere ? {} : proposing(input.config, fix)),
  };
}

export function deadConvFilters(input: DiagnoseInput): Finding[] {
  const findings: Finding[] = [];
  const first = input.epochs[0];
  for (const layer of convLayersOf(input.config)) {
    if (layer.geometry.activation !== 'relu') continue;
    const atStart = first?.epoch === 0 ? convStatsOf(first, layer.conv) : undefined;
    const initSeverity = atStart ? severityOf(atStart) : null;
    if (atStart && initSeverity) findings.push(finding(input, layer, first, atStart, initSeverity));
    const later = worstOf(
      trainedRecords(input.epochs),
      (r) => convStatsOf(r, layer.conv),
      severityOf,
    );
    if (later && isWorse(later.severity, initSeverity))
      findings.push(finding(input, layer, later.record, later.stats, later.severity));
  }
  return findings;
}
