/**
 * Rule "saturated-conv-layer": a sigmoid/tanh conv layer whose units (one per position of each
 * feature map) have σ'(z) below 1% of its peak, judged as saturated-layer judges a dense hidden
 * layer (same thresholds, same severities: frozen is an error, ≥ 30% a warning, ≥ 10% info at
 * the start; later only when it freezes, or rises by 30 points to ≥ 60% while accuracy is below
 * 90%). A filter is shared by every position of its map (BP3 and BP4 sum over the map), so a
 * saturated filter is silenced everywhere at once, and the dense layers above see the same
 * picture for every image.
 *
 * At epoch 0 the initialization is the cause: z = Σ w·x + b over the filter's C·k·k inputs; the
 * fix to test is N(0, 1/√n_in) weights, whose n_in for a conv layer is C·k·k (init.ts). Later
 * saturation blames weight growth: L2, or a lower η once L2 is on, as for a dense layer. When the
 * weights already start N(0, 1/√n_in) and the layer still saturates (inputs far from [0, 1], say),
 * the fix to test is ReLU in that conv layer, named by its index
 * (features.layers.<i>.activation, experiment/config-paths.ts).
 */
import type { ConvLayerStats, EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { getPath, sameValue } from '../../base/values';
import { l2Fix, lowerLearningRateFix, proposing } from './config-fixes';
import { convLayersOf, convStatsOf, describeConvLayer, type ConvLayer } from './conv-shape';
import { saturationThreshold } from './expected-preactivation';
import type { DiagnoseInput, Fix } from './rule';
import { trainedRecords } from './run-progress';
import {
  consequence,
  laterSeverity,
  saturationEvidence,
  saturationSeverity,
} from './saturated-layer';
import { isWorse, worstOf } from './severity';
import { num, percent } from './wording';

const SCALED_INIT: Fix = {
  field: 'init.weights',
  value: { kind: 'scaled-normal' },
  label: 'weights N(0, 1/√n_in)',
};

/** ReLU units in one conv layer, by its place in features.layers. */
function reluFix(layer: ConvLayer): Fix {
  return {
    field: `features.layers.${layer.index}.activation`,
    value: 'relu',
    label: `ReLU units in conv layer ${layer.conv}`,
  };
}

const count = (n: number) => n.toLocaleString('en-US');

/** Units of the layer: one per position of each map. */
function unitCount(layer: ConvLayer): number {
  const { filters, output } = layer.geometry;
  return filters * output.height * output.width;
}

function whatWasMeasured(layer: ConvLayer, stats: ConvLayerStats, when: string): string {
  const units = unitCount(layer);
  const constant = Math.round(stats.constantFraction * units);
  return (
    `${when}, ${percent(stats.saturatedFraction)} of the (example, unit) pairs in ${describeConvLayer(layer)} ` +
    "are saturated — the unit's slope σ'(z) is below 1% of its peak, so it barely responds to its input — " +
    `and ${count(constant)} of its ${count(units)} units (one per map position) give the same output for every probe ` +
    `example (outputs spread by ${num(stats.activation.std)}).`
  );
}

function evidenceOf(stats: ConvLayerStats): Finding['evidence'] {
  return { convLayer: stats.conv, ...saturationEvidence(stats) };
}

function initFinding(
  input: DiagnoseInput,
  layer: ConvLayer,
  record: EpochRecord,
  stats: ConvLayerStats,
  severity: Severity,
): Finding {
  const { input: below, kernel } = layer.geometry;
  const nIn = below.channels * kernel * kernel;
  const unchanged = sameValue(getPath(input.config, SCALED_INIT.field), SCALED_INIT.value);
  const cause =
    `Each unit sums its filter's ${nIn} inputs (${below.channels} ${below.channels === 1 ? 'channel' : 'channels'} ` +
    `× ${kernel}×${kernel}): z = Σ w·x + b averages ${num(stats.preActivation.mean)} with spread ` +
    `${num(stats.preActivation.std)}, far from 0 where the slope is.`;
  return {
    rule: 'saturated-conv-layer',
    severity,
    epoch: record.epoch,
    title: `Conv layer ${layer.conv} is ${severity === 'error' ? 'fully ' : ''}saturated before training starts`,
    message: [
      whatWasMeasured(layer, stats, 'Before any training'),
      cause,
      consequence(severity),
    ].join(' '),
    evidence: evidenceOf(stats),
    chart: 'saturation',
    suggestion:
      (unchanged
        ? ''
        : `Start the weights small enough that z stays near 0: try ${SCALED_INIT.label}, with n_in = ${nIn} for this layer. `) +
      `ReLU units in conv layer ${layer.conv} (its activation in the layer editor) do not saturate at all; Nielsen's ch.6 nets use them.`,
    ...proposing(input.config, unchanged ? reluFix(layer) : SCALED_INIT),
  };
}

function laterFinding(
  input: DiagnoseInput,
  layer: ConvLayer,
  record: EpochRecord,
  stats: ConvLayerStats,
  severity: Severity,
): Finding {
  const start = convStatsOf(input.epochs[0], layer.conv);
  const byL2 = input.config.l2 === 0;
  const fix = byL2 ? l2Fix(input.config) : lowerLearningRateFix(input);
  const grew = start
    ? ` Its filters' weights spread from std ${num(start.weights.std)} at the start to ${num(stats.weights.std)}.`
    : '';
  return {
    rule: 'saturated-conv-layer',
    severity,
    epoch: record.epoch,
    title: `Conv layer ${layer.conv} saturated during training`,
    message: [
      whatWasMeasured(layer, stats, `At epoch ${record.epoch}`) + grew,
      consequence(severity),
    ].join(' '),
    evidence: {
      ...evidenceOf(stats),
      saturatedFractionAtStart: start?.saturatedFraction ?? 'unknown',
    },
    chart: 'saturation',
    suggestion: byL2
      ? `Add L2 regularization (weight decay), which keeps the filters' weights small: try ${fix.label}.`
      : `Lower the learning rate so single updates cannot blow the filters up: try ${fix.label}.`,
    ...proposing(input.config, fix),
  };
}

export function saturatedConvLayer(input: DiagnoseInput): Finding[] {
  const findings: Finding[] = [];
  const first = input.epochs[0];
  for (const layer of convLayersOf(input.config)) {
    if (saturationThreshold(layer.geometry.activation) === null) continue;
    const atStart = first?.epoch === 0 ? convStatsOf(first, layer.conv) : undefined;
    const initSeverity = atStart ? saturationSeverity(atStart) : null;
    if (atStart && initSeverity)
      findings.push(initFinding(input, layer, first, atStart, initSeverity));
    const later = worstOf(
      trainedRecords(input.epochs),
      (r) => convStatsOf(r, layer.conv),
      (s, r) => laterSeverity(s, r, atStart),
    );
    if (later && isWorse(later.severity, initSeverity))
      findings.push(laterFinding(input, layer, later.record, later.stats, later.severity));
  }
  return findings;
}
