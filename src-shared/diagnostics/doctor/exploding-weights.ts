/**
 * Rule "exploding-weights": a layer's weights grew by orders of magnitude since training started
 * (RMS or largest |w|, each against the larger of its value at epoch 0 and 1/√n_in; see
 * weight-growth.ts). With weights that large, z = Σ w·x + b swings by huge amounts between
 * inputs: sigmoid units sit saturated, ReLU units are dead or pass enormous values, and the
 * network cannot express small differences any more. Warning from 100×, error from 10,000×; one
 * finding, for the layer that grew most. Non-finite weights are left to "divergence".
 * The cause decides the fix: growth of 10× or more within 3 epochs is overshooting → lower η
 * (learningRateCut); slow growth over many epochs with no L2 term → L2; slow growth despite L2 → η.
 */
import type { Finding, Severity } from '../../base/findings';
import { l2Fix, learningRateCut, lowerLearningRateFix, proposing, timesText } from './config-fixes';
import { denseLayerName, describeLayer, weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import {
  fastestGrowth,
  growthSinceStart,
  largestWeight,
  weightRms,
  type Growth,
} from './weight-growth';
import { num } from './wording';

function severityOf(factor: number): Severity | null {
  if (factor >= 1e4) return 'error';
  if (factor >= 100) return 'warning';
  return null;
}

function worstLayer(input: DiagnoseInput): Growth | null {
  let worst: Growth | null = null;
  for (let layer = 1; layer <= weightLayerCount(input.config); layer++) {
    const g = growthSinceStart(input, layer);
    if (g && (!worst || g.factor > worst.factor)) worst = g;
  }
  return worst;
}

/** The cause in one sentence, and the fix it calls for. */
function causeOf(input: DiagnoseInput, g: Growth) {
  const fast = fastestGrowth(input, 3, g.layer);
  const eta = num(input.config.learningRate);
  if (fast && fast.factor >= 10) {
    const cut = learningRateCut(input);
    const when =
      fast.to.epoch - fast.from.epoch === 1
        ? `in epoch ${fast.to.epoch} alone`
        : `between epochs ${fast.from.epoch} and ${fast.to.epoch}`;
    return {
      text: `They grew ${num(fast.factor)}× ${when}: updates that large overshoot, because the learning rate η = ${eta} is too large.`,
      fix: lowerLearningRateFix(input),
      advice: `Lower the learning rate ${timesText(cut.factor)}`,
    };
  }
  if (input.config.l2 === 0) {
    return {
      text: 'They grew slowly, epoch after epoch, and nothing pulls them back: the run has no L2 term.',
      fix: l2Fix(input.config),
      advice: 'Add L2 regularization (weight decay), which shrinks every weight a little each step',
    };
  }
  return {
    text: `They grew slowly despite L2 λ = ${num(input.config.l2)}: each step at η = ${eta} adds more than the decay removes.`,
    fix: lowerLearningRateFix(input),
    advice: `Lower the learning rate ${timesText(learningRateCut(input).factor)}`,
  };
}

export function explodingWeights(input: DiagnoseInput): Finding[] {
  const g = worstLayer(input);
  const severity = g ? severityOf(g.factor) : null;
  if (!g || !severity) return [];
  const cause = causeOf(input, g);
  const [from, to] = [g.fromStats, g.toStats];
  return [
    {
      rule: 'exploding-weights',
      severity,
      epoch: g.to.epoch,
      layer: g.layer,
      title: `The weights of ${denseLayerName(input.config, g.layer)} exploded: |w| up to ${num(Math.abs(largestWeight(to)))}`,
      message: [
        `By epoch ${g.to.epoch} the weights of ${describeLayer(input.config, g.layer)} reached ${num(largestWeight(to))} ` +
          `(RMS ${num(weightRms(to))}), from ${num(largestWeight(from))} (RMS ${num(weightRms(from))}) before ` +
          `training: ${num(g.factor)} times larger.`,
        cause.text,
        'With weights that large, z = Σ w·x + b swings by huge amounts from one input to the next: sigmoid ' +
          'units sit saturated at 0 or 1, ReLU units are dead or pass enormous values, and small differences ' +
          'between inputs no longer show.',
      ].join(' '),
      evidence: {
        weightGrowth: g.factor,
        largestWeight: largestWeight(to),
        weightRms: weightRms(to),
        largestWeightAtStart: largestWeight(from),
        weightRmsAtStart: weightRms(from),
      },
      chart: 'weights',
      suggestion: `${cause.advice}: try ${cause.fix.label}.`,
      ...proposing(input.config, cause.fix),
    },
  ];
}
