/**
 * Rule "small-learning-rate": the weights barely move and the cost barely falls. updateRatio is
 * ‖Δw‖/‖w‖ over an epoch; when every layer's is below 1e-3 (weights moved less than 0.1% in a
 * whole epoch), the training cost fell by less than 1% over the latest epoch, and accuracy is still
 * below 90%, the steps are too small to get anywhere. Not when a hidden layer is mostly constant:
 * then the weights do not move because no gradient reaches them (saturated-layer, dead-relu). Nor
 * when most units of a layer are saturated: a rate that was too large drives units into saturation,
 * where steps shrink because σ'(z) ≈ 0, and a larger η would make that worse. Nor when the weights
 * did not move at all (‖Δw‖ = 0: no gradient reaches them, and η × 0 is 0 whatever η is), when the
 * outputs ignore the input, or when an earlier epoch moved a layer by half its size or more: then
 * the steps were large, and the stillness is what large steps left behind (dead or saturated units).
 * Warning; the fix is η × 10.
 */
import type { EpochRecord } from '../../base/records';
import type { Finding } from '../../base/findings';
import { learningRateFix, proposing } from './config-fixes';
import { isStill, statsOf } from './layer-inputs';
import { weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { accuracyOf, trainedRecords } from './run-progress';
import { tookLargeSteps } from './weight-growth';
import { num, percent } from './wording';

/** Reasons the weights can sit still that a larger η would not cure (see the header). */
function stillForAnotherReason(input: DiagnoseInput, latest: EpochRecord): boolean {
  const last = weightLayerCount(input.config);
  const hiddenConstant = latest.layers.some(
    (s) => s.layer < last && (s.constantFraction >= 0.5 || isStill(s)),
  );
  const saturated = latest.layers.some((s) => s.saturatedFraction >= 0.5);
  const output = statsOf(latest, last);
  const noGradient = latest.layers.every((s) => s.updateRatio === 0);
  return (
    hiddenConstant ||
    saturated ||
    noGradient ||
    (output !== undefined && isStill(output)) ||
    tookLargeSteps(input.epochs)
  );
}

export function smallLearningRate(input: DiagnoseInput): Finding[] {
  const records = trainedRecords(input.epochs);
  if (records.length < 2) return [];
  const [previous, latest] = records.slice(-2);
  const largestRatio = Math.max(...latest.layers.map((s) => s.updateRatio));
  const drop = (previous.trainCost - latest.trainCost) / Math.abs(previous.trainCost);
  const accuracy = accuracyOf(latest);
  const slow =
    Number.isFinite(largestRatio) && largestRatio < 1e-3 && Number.isFinite(drop) && drop < 0.01;
  if (!slow || (accuracy !== null && accuracy >= 0.9) || stillForAnotherReason(input, latest))
    return [];
  const fix = learningRateFix(input.config, 10);
  return [
    {
      rule: 'small-learning-rate',
      severity: 'warning',
      epoch: latest.epoch,
      title: 'The learning rate looks too small',
      message:
        `In epoch ${latest.epoch} the weights moved by at most ${num(largestRatio)} of their size (‖Δw‖/‖w‖, ` +
        `largest over the layers) and the training cost changed by ${percent(Math.max(0, drop))}` +
        `${accuracy === null ? '' : `, with accuracy at ${percent(accuracy)}`}. Each step of gradient descent ` +
        `moves the weights by η × gradient; with η = ${num(input.config.learningRate)} the steps are so small that ` +
        'many epochs achieve little.',
      evidence: {
        largestUpdateRatio: largestRatio,
        costDrop: drop,
        learningRate: input.config.learningRate,
        accuracy: accuracy ?? 'not measured',
      },
      chart: 'cost',
      suggestion: `Try a learning rate 10× larger: ${fix.label}.`,
      ...proposing(input.config, fix),
    },
  ];
}
