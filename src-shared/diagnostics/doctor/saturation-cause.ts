/**
 * The "why" paragraph of a saturation finding at initialization, with the arithmetic that makes it
 * concrete: z = Σ_k w_k·x_k + b, its expected mean n·E[w]·E[x] + E[b] and spread σ_w·√n·rms(x)
 * (expected-preactivation.ts), and the slope σ'(z) at the z the probe measured.
 */
import type { RunConfig } from '../../experiment/config';
import { setPath } from '../../base/values';
import type { EpochRecord, LayerStats } from '../../base/records';
import type { Finding } from '../../base/findings';
import {
  expectedPreActivation,
  slopeAt,
  type PreActivationEstimate,
} from './expected-preactivation';
import { describeInit, isOneSigned } from './init-fix';
import type { InputStats } from './input-stats';
import { layerInputStats } from './layer-inputs';
import { activationOf, denseLayerName, inputsInWords } from './network-shape';
import type { DiagnoseInput, Fix } from './rule';
import { num, percent, signed } from './wording';

const Z_GLOSS = 'z = Σ w·x + b (the weighted sum a unit computes before squashing it)';

/** What weight layer `layer` reads: the dataset's inputs, a conv net's pooled or conv maps, or the
 * layer below. */
function inputsWord(input: DiagnoseInput, layer: number): string {
  if (layer > 1) return `the outputs of ${denseLayerName(input.config, layer - 1)}`;
  return input.config.features ? 'the outputs of the conv layers' : inputsInWords(input.config);
}

/** "784 × 0.5 × 0.13 + 0.5 ≈ +52". */
function meanArithmetic(est: PreActivationEstimate, inputs: InputStats): string {
  const bias = est.biases.mean === 0 ? '' : ` + ${num(est.biases.mean)}`;
  return `${est.fanIn} × ${num(est.weights.mean)} × ${num(inputs.mean)}${bias} ≈ ${signed(est.mean)}`;
}

function oneSignedText(
  input: DiagnoseInput,
  stats: LayerStats,
  est: PreActivationEstimate | null,
  inputs: InputStats,
) {
  const w = input.config.init.weights;
  const sign = est && est.weights.mean < 0 ? 'negative' : 'positive';
  const terms = est?.nonZeroTerms
    ? `about ${Math.round(est.nonZeroTerms)} ${sign} terms`
    : `terms that are all ${sign} or zero`;
  const predicted = est ? `; the initialization predicts ${meanArithmetic(est, inputs)}` : '';
  return (
    `The weights start as ${describeInit(w)}, so every one is ${sign}, and ${inputsWord(input, stats.layer)} ` +
    `are never negative. Each pre-activation ${Z_GLOSS} is then a sum of ${terms}: on the probe examples z ` +
    `averages ${signed(stats.preActivation.mean)} (spread ${num(stats.preActivation.std)})${predicted}.`
  );
}

function tooWideText(
  input: DiagnoseInput,
  stats: LayerStats,
  est: PreActivationEstimate | null,
  inputs: InputStats | null,
) {
  const w = input.config.init.weights;
  const rule =
    est && inputs
      ? ` spreads about σ_w·√n·rms(x) ≈ ${num(est.weights.std)} × √${est.fanIn} × ${num(inputs.rms)} ≈ ${num(est.std)}`
      : ' lands far from 0';
  return (
    `The weights start as ${describeInit(w)}. With ${input.config.layers[stats.layer - 1]} inputs per unit, ` +
    `${Z_GLOSS}${rule} (measured on the probe: mean ${signed(stats.preActivation.mean)}, spread ` +
    `${num(stats.preActivation.std)}), so many units start with |z| where the slope is nearly flat.`
  );
}

/** The cause at initialization and the numbers behind it. */
export function initCauseParagraph(
  input: DiagnoseInput,
  record: EpochRecord,
  stats: LayerStats,
): { text: string; evidence: Finding['evidence'] } {
  const inputs = layerInputStats(input, record, stats.layer);
  const est = inputs ? expectedPreActivation(input.config, inputs, stats.layer) : null;
  // The typical size of z: its mean when the mean dominates (one-signed weights), else its spread.
  const { mean, std } = stats.preActivation;
  const z = Math.abs(mean) >= std ? Math.abs(mean) : std;
  const at = Math.abs(mean) >= std ? `z ≈ ${signed(mean)}` : `|z| ≈ ${num(z)}`;
  const slope = slopeAt(activationOf(input.config, stats.layer), z);
  const oneSigned = isOneSigned(input.config.init.weights) && inputs?.nonNegative === true;
  const body =
    oneSigned && inputs
      ? oneSignedText(input, stats, est, inputs)
      : tooWideText(input, stats, est, inputs);
  const slopeText =
    slope === null ? '' : ` At ${at} the slope σ'(z) is about ${num(slope)} (its peak is 0.25).`;
  const evidence: Finding['evidence'] = { typicalAbsZ: z };
  if (slope !== null) evidence.slopeAtTypicalZ = slope;
  if (est) Object.assign(evidence, { expectedMean: est.mean, expectedStd: est.std });
  if (est?.nonZeroTerms) evidence.nonZeroTerms = Math.round(est.nonZeroTerms);
  return { text: body + slopeText, evidence };
}

/** "about 3%", or "under 1%" without a doubled hedge. */
function approximately(fraction: number): string {
  const p = percent(fraction);
  return p.startsWith('under') ? p : `about ${p}`;
}

/** What to change, priced with the same arithmetic when the inputs are known. */
export function initSuggestion(input: DiagnoseInput, record: EpochRecord, fix: Fix): string {
  const inputs = layerInputStats(input, record, 1);
  const fixed = setPath(input.config, fix.field, fix.value) as unknown as RunConfig;
  const est = inputs ? expectedPreActivation(fixed, inputs, 1) : null;
  const priced =
    est && est.saturatedFraction !== null
      ? ` (predicted for ${denseLayerName(input.config, 1)}: z ≈ ${num(est.mean)} ± ${num(est.std)}, ${approximately(est.saturatedFraction)} saturated)`
      : '';
  if (fix.label.startsWith('N(0, 1/√n_in)')) {
    return `Shrink the weights to Nielsen's N(0, 1/√n_in), which keeps z close to N(0, 1)${priced}: try ${fix.label}.`;
  }
  return (
    `Centre the initialization so the weights are as often negative as positive: try ${fix.label}${priced}. ` +
    `Nielsen's N(0, 1/√n_in) also works: it keeps z close to N(0, 1).`
  );
}
