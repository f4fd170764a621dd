/**
 * Rule "saturated-layer": hidden sigmoid/tanh units whose slope σ'(z) is below 1% of its peak.
 * Backpropagation scales every error signal reaching a unit's weights by σ'(z) (BP2), so a
 * saturated unit learns slowly, and a layer saturated for every input does not learn at all.
 *
 * Severity is earned from what the layer can still do (measured on MNIST at initialization):
 * - error: the layer is frozen — ≥ 90% of (example, unit) pairs saturated AND its outputs do not
 *   vary with the input (≥ 90% of units constant, or all outputs within a spread of 0.01): it passes
 *   on nothing about the input and receives no gradient. U[0,1) weights on 784-15-10: 100% saturated,
 *   12 of 15 units constant to 1e-6 and the rest within 2e-8 (float32), gradient ~1e-10.
 * - warning: ≥ 30% saturated but the units still vary (N(0,1) weights on 784-30-10: 52.5%);
 * - info: ≥ 10% saturated. N(0, 1/√n_in) weights give none.
 * Saturation that grows during training is normal in a network that learns (confident hidden
 * units); it is only reported when the layer freezes, or rises by 30 points to ≥ 60% while
 * accuracy is still below 90%.
 * Epoch 0 findings blame the initialization; a layer that saturates later blames weight growth.
 */
import type { EpochRecord, LayerStats } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { l2Fix, lowerLearningRateFix, proposing } from './config-fixes';
import { getPath, sameValue } from '../../base/values';
import { saturationThreshold } from './expected-preactivation';
import { proposeInitFix } from './init-fix';
import { isStill, layerInputStats, statsOf } from './layer-inputs';
import { activationOf, denseLayerName, describeLayer, weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { accuracyOf, trainedRecords } from './run-progress';
import { initCauseParagraph, initSuggestion } from './saturation-cause';
import { isWorse, worstMoment } from './severity';
import { fastestGrowth } from './weight-growth';
import { capitalized, num, percent, plural } from './wording';

/** What saturation is judged by, for a dense layer (LayerStats) or a conv layer (ConvLayerStats). */
export type UnitFractions = Pick<
  LayerStats,
  'saturatedFraction' | 'constantFraction' | 'activation'
>;

/** The layer's outputs carry (almost) nothing about the input and (almost) no gradient reaches it. */
export function isFrozen(stats: UnitFractions): boolean {
  return stats.saturatedFraction >= 0.9 && isStill(stats);
}

/** Severity of a layer's saturation at initialization, or null when too little to mention. */
export function saturationSeverity(stats: UnitFractions): Severity | null {
  if (isFrozen(stats)) return 'error';
  if (stats.saturatedFraction >= 0.3) return 'warning';
  if (stats.saturatedFraction >= 0.1) return 'info';
  return null;
}

/** Severity for a layer that saturated during training (see the header). */
export function laterSeverity(
  stats: UnitFractions,
  record: EpochRecord,
  atStart: UnitFractions | undefined,
): Severity | null {
  if (isFrozen(stats)) return 'error';
  const rise = stats.saturatedFraction - (atStart?.saturatedFraction ?? 0);
  const accuracy = accuracyOf(record);
  const learning = accuracy !== null && accuracy >= 0.9;
  return stats.saturatedFraction >= 0.6 && rise >= 0.3 && !learning ? 'warning' : null;
}

function constancy(stats: LayerStats, units: number): string {
  const constant = Math.round(stats.constantFraction * units);
  if (constant === units)
    return `all ${plural(units, 'unit')} give the same output for every probe example`;
  if (isFrozen(stats)) {
    return (
      `${constant} of its ${units} units give exactly the same output for every probe example; the other ` +
      `${units - constant} barely move (the layer's outputs spread by only ${num(stats.activation.std)} across ` +
      'all examples and units)'
    );
  }
  if (constant === 0)
    return `every one of its ${plural(units, 'unit')} still varies with the input`;
  return `${constant} of its ${units} units give the same output for every probe example`;
}

/** One sentence: how saturated, how many units constant. */
function whatWasMeasured(input: DiagnoseInput, stats: LayerStats, when: string): string {
  return (
    `${when}, ${percent(stats.saturatedFraction)} of the (example, unit) pairs in ` +
    `${describeLayer(input.config, stats.layer)} are saturated — the unit's slope σ'(z) is below 1% of its ` +
    `peak, so it barely responds to a change in its input — and ${constancy(stats, input.config.layers[stats.layer])}.`
  );
}

export function consequence(severity: Severity): string {
  if (severity === 'error') {
    return (
      "Backpropagation multiplies every error signal that reaches these weights by σ'(z), so they " +
      'receive practically no gradient and stay where they started. That is why backpropagation cannot ' +
      '"take care of" a bad start: the gradient that would move the weights is itself switched off by the ' +
      'saturation. The layers above see the same hidden output for every input, so the outputs can only ' +
      'learn how common each class is (the class prior) — chance-level accuracy.'
    );
  }
  return (
    "A saturated unit learns slowly, because its gradient is scaled by σ'(z). But the units still vary " +
    'with the input, so the network can learn — only slower than it could (Nielsen, chapter 3, makes ' +
    'this point about N(0, 1) weights).'
  );
}

/** What a saturation finding shows of its layer (a dense layer's stats, or a conv layer's). */
export function saturationEvidence(
  stats: Pick<
    LayerStats,
    'saturatedFraction' | 'constantFraction' | 'preActivation' | 'weights' | 'gradientNorm'
  >,
): Finding['evidence'] {
  return {
    saturatedFraction: stats.saturatedFraction,
    constantFraction: stats.constantFraction,
    preActivationMean: stats.preActivation.mean,
    preActivationStd: stats.preActivation.std,
    weightMean: stats.weights.mean,
    weightStd: stats.weights.std,
    gradientNorm: stats.gradientNorm,
  };
}

function initFinding(
  input: DiagnoseInput,
  record: EpochRecord,
  stats: LayerStats,
  severity: Severity,
): Finding {
  const cause = initCauseParagraph(input, record, stats);
  const fix = proposeInitFix(input.config, layerInputStats(input, record, 1));
  const unchanged = sameValue(getPath(input.config, fix.field), fix.value);
  return {
    rule: 'saturated-layer',
    severity,
    epoch: record.epoch,
    layer: stats.layer,
    title: `${capitalized(denseLayerName(input.config, stats.layer))} is ${severity === 'error' ? 'fully ' : ''}saturated before training starts`,
    message: [
      whatWasMeasured(input, stats, 'Before any training'),
      cause.text,
      consequence(severity),
    ].join(' '),
    evidence: { ...saturationEvidence(stats), ...cause.evidence },
    chart: 'saturation',
    suggestion: initSuggestion(input, record, fix),
    ...(unchanged ? {} : proposing(input.config, fix)),
  };
}

function laterFinding(
  input: DiagnoseInput,
  record: EpochRecord,
  stats: LayerStats,
  severity: Severity,
): Finding {
  const start = statsOf(input.epochs[0], stats.layer);
  const grew =
    start === undefined
      ? ''
      : ` Its weights spread from std ${num(start.weights.std)} at the start to ${num(stats.weights.std)}: ` +
        'larger weights push z = Σ w·x + b (the weighted sum a unit computes before squashing it) away from 0.';
  // Weights that multiplied within a few epochs were thrown there by large steps: lower η. Slow
  // growth without L2 is what weight decay prevents.
  const fast = (fastestGrowth(input, 3, stats.layer)?.factor ?? 0) >= 10;
  const byL2 = input.config.l2 === 0 && !fast;
  const fix = byL2 ? l2Fix(input.config) : lowerLearningRateFix(input);
  return {
    rule: 'saturated-layer',
    severity,
    epoch: record.epoch,
    layer: stats.layer,
    title: `${capitalized(denseLayerName(input.config, stats.layer))} saturated during training`,
    message: [
      whatWasMeasured(input, stats, `At epoch ${record.epoch}`) + grew,
      consequence(severity),
    ].join(' '),
    evidence: {
      ...saturationEvidence(stats),
      saturatedFractionAtStart: start?.saturatedFraction ?? 'unknown',
    },
    chart: 'saturation',
    suggestion: byL2
      ? `Add L2 regularization (weight decay), which keeps weights small: try ${fix.label}.`
      : `Lower the learning rate so single updates cannot blow the weights up: try ${fix.label}.`,
    ...proposing(input.config, fix),
  };
}

export function saturatedLayer(input: DiagnoseInput): Finding[] {
  const findings: Finding[] = [];
  const first = input.epochs[0];
  for (let layer = 1; layer < weightLayerCount(input.config); layer++) {
    if (saturationThreshold(activationOf(input.config, layer)) === null) continue;
    const atStart = first && first.epoch === 0 ? statsOf(first, layer) : undefined;
    const initSeverity = atStart ? saturationSeverity(atStart) : null;
    if (atStart && initSeverity) findings.push(initFinding(input, first, atStart, initSeverity));
    const later = worstMoment(trainedRecords(input.epochs), layer, (s, r) =>
      laterSeverity(s, r, atStart),
    );
    if (later && isWorse(later.severity, initSeverity)) {
      findings.push(laterFinding(input, later.record, later.stats, later.severity));
    }
  }
  return findings;
}
