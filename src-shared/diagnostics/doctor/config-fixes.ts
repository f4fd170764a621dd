/**
 * Single-field config changes that several rules propose. Each carries the label the verdict
 * sentence and the "Test this fix" button show, and `proposing` declares it as the finding's
 * change (up, down or set), which diagnose() checks against every other finding's.
 */
import type { RunConfig } from '../../experiment/config';
import { getPath } from '../../base/values';
import type { ConfigChange, Finding } from '../../base/findings';
import { statsOf } from './layer-inputs';
import { denseLayerName, weightLayerCount } from './network-shape';
import type { DiagnoseInput, Fix } from './rule';
import { trainExamples } from './run-progress';
import { weightRms } from './weight-growth';
import { num } from './wording';

/** The change `fix` makes to `config`: up or down for a number, set for anything else. */
export function changeOf(config: RunConfig, fix: Fix): ConfigChange {
  const now = getPath(config, fix.field);
  if (typeof fix.value === 'number' && typeof now === 'number')
    return { field: fix.field, direction: fix.value > now ? 'up' : 'down' };
  return { field: fix.field, direction: 'set', value: fix.value };
}

/** A finding's fix together with the change it declares. */
export function proposing(config: RunConfig, fix: Fix): Pick<Finding, 'fix' | 'changes'> {
  return { fix, changes: [changeOf(config, fix)] };
}

/** η multiplied by `factor` (0.1 for a rate that is too large, 10 for one that is too small). */
export function learningRateFix(config: Pick<RunConfig, 'learningRate'>, factor: number): Fix {
  const value = Number((config.learningRate * factor).toPrecision(6));
  return { field: 'learningRate', value, label: `learning rate η = ${num(value)}` };
}

/**
 * L2 regularization scaled to the training-set size as in Nielsen ch.3, where λ = 0.1 suited
 * 1,000 images and λ = 5.0 suited 50,000: λ ≈ n / 10,000 (5.0 when n is unknown).
 */
export function l2Fix(config: Pick<RunConfig, 'dataset' | 'trainSize'>): Fix {
  const n = trainExamples(config);
  const value = n === null ? 5 : Math.max(0.01, Number((n / 10_000).toPrecision(2)));
  return { field: 'l2', value, label: `L2 regularization λ = ${num(value)}` };
}

/**
 * The largest first step a lowered η aims for, as a share of the weights' own size. Measured on
 * MNIST (2,000 training images, 3 epochs; largest layer, the output): Nielsen's ch.1 network learns
 * best at steps of 0.1–0.3 (η 3–10) and not at 1 (η 30); his ch.3 network learns at 0.3–3 and not at
 * 10. The power of ten that brings the step to 1 or less lands it in (0.1, 1].
 */
const WORKABLE_STEP = 1;

export interface LearningRateCut {
  /** η is divided by this power of ten (at least 10). */
  factor: number;
  /** η·‖∂C/∂w‖/‖w‖ before training for the layer where it is largest, when measured. */
  firstStep: { layer: number; ratio: number } | null;
}

/** η·‖∂C/∂w‖/‖w‖ of each weight layer at epoch 0: how far one full-batch step would move the
 * weights, relative to their size (‖w‖ = RMS·√(n_in·n_out)). The largest, or null. */
export function firstStep(input: DiagnoseInput): LearningRateCut['firstStep'] {
  const start = input.epochs[0];
  if (start?.epoch !== 0) return null;
  let best: LearningRateCut['firstStep'] = null;
  for (let layer = 1; layer <= weightLayerCount(input.config); layer++) {
    const stats = statsOf(start, layer);
    if (!stats) continue;
    const count = input.config.layers[layer - 1] * input.config.layers[layer];
    const ratio =
      (input.config.learningRate * stats.gradientNorm) / (weightRms(stats) * Math.sqrt(count));
    if (Number.isFinite(ratio) && (!best || ratio > best.ratio)) best = { layer, ratio };
  }
  return best;
}

/** How much to lower η: the power of ten that brings the measured first step to at most
 * WORKABLE_STEP times the weights' size; 10 when that needs less, or when nothing was measured. */
export function learningRateCut(input: DiagnoseInput): LearningRateCut {
  const step = firstStep(input);
  const needed = step ? Math.ceil(Math.log10(step.ratio / WORKABLE_STEP)) : 1;
  return { factor: 10 ** Math.max(1, needed), firstStep: step };
}

/** η lowered by learningRateCut: every rule that blames too large a step proposes this one value. */
export function lowerLearningRateFix(input: DiagnoseInput): Fix {
  return learningRateFix(input.config, 1 / learningRateCut(input).factor);
}

/** "10×", "1,000×". */
export function timesText(factor: number): string {
  return `${factor.toLocaleString('en-US')}×`;
}

/** Why η should drop by `cut.factor`, with the measured first step; '' when none was measured. */
export function cutReason(input: DiagnoseInput, cut: LearningRateCut): string {
  const step = cut.firstStep;
  if (!step || step.ratio < WORKABLE_STEP) return '';
  return (
    `Before training, one full step at η = ${num(input.config.learningRate)} would already move ` +
    `${denseLayerName(input.config, step.layer)}'s weights by ${num(step.ratio)} times their own size (η·‖∂C/∂w‖/‖w‖); ` +
    `${timesText(cut.factor)} smaller makes that ${num(step.ratio / cut.factor)}.`
  );
}
