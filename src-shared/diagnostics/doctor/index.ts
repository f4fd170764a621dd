/**
 * The training doctor: reads a run's config and epoch records and explains, in plain language,
 * why it does or does not learn. Each rule is a pure function of (config, records) in its own file;
 * `diagnose` runs them all, resolves findings that would change one config field in opposite
 * directions (precedence.ts: the finding that names the cause wins), and orders the rest most
 * severe first, a named cause before its symptoms, then by epoch and layer.
 */
import type { Finding } from '../../base/findings';
import { chancePlateau } from './chance-plateau';
import { constantUnits } from './constant-units';
import { deadConvFilters } from './dead-conv-filters';
import { deadRelu } from './dead-relu';
import { divergence } from './divergence';
import { explodingWeights } from './exploding-weights';
import { vanishingGradientDepth } from './gradient-depth';
import { largeLearningRate } from './large-learning-rate';
import { learningSlowdown } from './learning-slowdown';
import { outputCollapse } from './output-collapse';
import { overfitting } from './overfitting';
import { CAUSE_RULES, resolveContradictions } from './precedence';
import type { DiagnoseInput, Rule } from './rule';
import { saturatedConvLayer } from './saturated-conv-layer';
import { saturatedLayer } from './saturated-layer';
import { severityRank } from './severity';
import { smallLearningRate } from './small-learning-rate';
import { symmetricInit } from './symmetric-init';
import { vanishingGradient } from './vanishing-gradient';
import { messageOf } from '../../base/errors';

export type { DiagnoseInput, Rule } from './rule';
export type { InputStats } from './input-stats';
export { expectedPreActivation } from './expected-preactivation';
export { fixVerdict } from './verdict';

/** Every rule by its id, in the order a reader meets causes: setup first, then symptoms. */
export const rules: Record<string, Rule> = {
  'symmetric-init': symmetricInit,
  'saturated-layer': saturatedLayer,
  'dead-relu': deadRelu,
  'saturated-conv-layer': saturatedConvLayer,
  'dead-conv-filters': deadConvFilters,
  'constant-units': constantUnits,
  'vanishing-gradient': vanishingGradient,
  'vanishing-gradient-depth': vanishingGradientDepth,
  'learning-slowdown': learningSlowdown,
  divergence,
  'large-learning-rate': largeLearningRate,
  'exploding-weights': explodingWeights,
  'output-collapse': outputCollapse,
  'chance-plateau': chancePlateau,
  'small-learning-rate': smallLearningRate,
  overfitting,
};

/** A rule that throws must not take the run's record-keeping down with it: it becomes a finding
 * that says so, so the failure is visible rather than silent. */
function runRule(id: string, rule: Rule, input: DiagnoseInput): Finding[] {
  try {
    return rule(input);
  } catch (error) {
    return [
      {
        rule: 'doctor-failure',
        severity: 'info',
        epoch: input.epochs[input.epochs.length - 1]?.epoch ?? 0,
        title: `The doctor's "${id}" check failed`,
        message: `The check "${id}" could not read this run's records: ${messageOf(error)}.`,
        evidence: { rule: id },
        suggestion:
          'Report this as a bug in Backprop Workbench, with the run exported as a bundle.',
      },
    ];
  }
}

const isCause = (f: Finding) => (CAUSE_RULES.includes(f.rule) ? 0 : 1);

export function diagnose(input: DiagnoseInput): Finding[] {
  const all = Object.entries(rules).flatMap(([id, rule]) => runRule(id, rule, input));
  const findings = resolveContradictions(all, input.config, Object.keys(rules));
  return findings.sort(
    (a, b) =>
      severityRank[b.severity] - severityRank[a.severity] ||
      isCause(a) - isCause(b) ||
      a.epoch - b.epoch ||
      (a.layer ?? 0) - (b.layer ?? 0),
  );
}
