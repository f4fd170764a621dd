/**
 * Rule "large-learning-rate": the steps overshoot. Gradient descent moves the weights by
 * η × gradient; when that step is wider than the cost valley, each update lands higher up the other
 * side, the weights grow instead of settling, and units are pushed into saturation or die. Signs,
 * any one of which fires the rule:
 * - the training cost after some epoch is 10% or more above its value before training;
 * - the cost rose by 10% or more in at least 3 epochs and a quarter of them (oscillation);
 * - a layer's weights grew 10× or more within 3 epochs (RMS or largest |w|; weight-growth.ts);
 * - a layer with under 30% of its (example, unit) pairs saturated went to 60% or more in one epoch,
 *   when it was also under 30% before training (saturation from growth, not from the init).
 * All but the first count only while accuracy is below 90% (a run that learns may jump early).
 * Error when the cost rose above its start, accuracy is at chance or the outputs ignore the input;
 * else warning. Left to "divergence" when that fires (it names the same cause). The fix lowers η by
 * the power of ten learningRateCut measures (config-fixes.ts).
 */
import type { EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { chanceLimit } from './chance-plateau';
import {
  cutReason,
  learningRateCut,
  lowerLearningRateFix,
  proposing,
  timesText,
} from './config-fixes';
import { divergence } from './divergence';
import { isStill, statsOf } from './layer-inputs';
import { classCount, denseLayerName, weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { accuracyOf, trainedRecords } from './run-progress';
import { fastestGrowth, weightRms } from './weight-growth';
import { num, percent } from './wording';

interface Sign {
  epoch: number;
  chart: 'cost' | 'weights' | 'saturation';
  text: string;
  evidence: Finding['evidence'];
}

function costRose(input: DiagnoseInput): Sign | null {
  const start = input.epochs[0];
  if (start?.epoch !== 0 || !Number.isFinite(start.trainCost)) return null;
  const above = trainedRecords(input.epochs).find((r) => r.trainCost >= start.trainCost * 1.1);
  if (!above) return null;
  return {
    epoch: above.epoch,
    chart: 'cost',
    text:
      `the training cost rose from ${num(start.trainCost)} before training to ${num(above.trainCost)} ` +
      `after epoch ${above.epoch}, where gradient descent with a suitable step only lowers it`,
    evidence: { costBefore: start.trainCost, costAfter: above.trainCost },
  };
}

function costOscillates(input: DiagnoseInput): Sign | null {
  const records = input.epochs.filter((r) => Number.isFinite(r.trainCost));
  const rises = records.slice(1).filter((r, i) => r.trainCost >= records[i].trainCost * 1.1);
  const steps = records.length - 1;
  if (rises.length < 3 || rises.length < steps / 4) return null;
  return {
    epoch: rises[0].epoch,
    chart: 'cost',
    text: `the training cost jumped up by 10% or more in ${rises.length} of ${steps} epochs instead of settling`,
    evidence: { risingEpochs: rises.length, epochs: steps },
  };
}

function weightsJumped(input: DiagnoseInput): Sign | null {
  const g = fastestGrowth(input);
  if (!g || g.factor < 10) return null;
  const span =
    g.to.epoch - g.from.epoch === 1
      ? `in epoch ${g.to.epoch} alone`
      : `between epochs ${g.from.epoch} and ${g.to.epoch}`;
  return {
    epoch: g.to.epoch,
    chart: 'weights',
    text:
      `the weights of ${denseLayerName(input.config, g.layer)} grew ${num(g.factor)}× ${span} (RMS ${num(weightRms(g.fromStats))} → ` +
      `${num(weightRms(g.toStats))})`,
    evidence: { weightGrowth: g.factor, weightGrowthLayer: g.layer },
  };
}

/** A layer under 30% saturated before training and in the epoch before, 60% or more after it. */
function saturationAppeared(input: DiagnoseInput): Sign | null {
  const start = input.epochs[0];
  if (start?.epoch !== 0) return null;
  for (let i = 1; i < input.epochs.length; i++) {
    const record = input.epochs[i];
    const jumped = record.layers.find((now) => {
      const before = statsOf(input.epochs[i - 1], now.layer);
      const atStart = statsOf(start, now.layer);
      return (
        before !== undefined &&
        atStart !== undefined &&
        Math.max(atStart.saturatedFraction, before.saturatedFraction) < 0.3 &&
        now.saturatedFraction >= 0.6
      );
    });
    if (!jumped) continue;
    const before = statsOf(input.epochs[i - 1], jumped.layer)?.saturatedFraction ?? 0;
    return {
      epoch: record.epoch,
      chart: 'saturation',
      text:
        `${denseLayerName(input.config, jumped.layer)} went from ${percent(before)} of its (example, unit) pairs saturated to ` +
        `${percent(jumped.saturatedFraction)} in epoch ${record.epoch}`,
      evidence: { saturationLayer: jumped.layer, saturatedAfter: jumped.saturatedFraction },
    };
  }
  return null;
}

/** Error when the run ends worse than it started, at chance, or with outputs blind to the input. */
function severityOf(input: DiagnoseInput, latest: EpochRecord, rose: boolean): Severity {
  const accuracy = accuracyOf(latest);
  const output = statsOf(latest, weightLayerCount(input.config));
  const atChance = accuracy !== null && accuracy <= chanceLimit(classCount(input.config));
  return rose || atChance || (output !== undefined && isStill(output)) ? 'error' : 'warning';
}

/** The signs present, and whether the cost rose above its start. */
function signsOf(input: DiagnoseInput, latest: EpochRecord): { signs: Sign[]; rose: boolean } {
  const rose = costRose(input);
  const accuracy = accuracyOf(latest);
  const learning = accuracy !== null && accuracy >= 0.9;
  const others = learning
    ? []
    : [costOscillates(input), weightsJumped(input), saturationAppeared(input)];
  const signs = [rose, ...others].filter((s): s is Sign => s !== null);
  return { signs, rose: rose !== null };
}

export function largeLearningRate(input: DiagnoseInput): Finding[] {
  const latest = trainedRecords(input.epochs).at(-1);
  if (!latest || divergence(input).length > 0) return [];
  const { signs, rose } = signsOf(input, latest);
  if (signs.length === 0) return [];
  const eta = num(input.config.learningRate);
  const severity = severityOf(input, latest, rose);
  const cut = learningRateCut(input);
  const fix = lowerLearningRateFix(input);
  const first = signs.reduce((a, b) => (b.epoch < a.epoch ? b : a));
  const listed = signs.map((s) => s.text).join('; ');
  return [
    {
      rule: 'large-learning-rate',
      severity,
      epoch: first.epoch,
      title: `The learning rate η = ${eta} is too large`,
      message: [
        `With η = ${eta} the steps overshoot: ${listed}.`,
        'Each step of gradient descent moves the weights by η × gradient; when that is wider than the valley ' +
          'of the cost, the next point lies higher up the other side, the weights grow instead of settling, ' +
          'and units end up saturated or dead.',
        cutReason(input, cut),
      ]
        .filter(Boolean)
        .join(' '),
      evidence: signs.reduce((e, s) => ({ ...e, ...s.evidence }), {
        learningRate: input.config.learningRate,
      } as Finding['evidence']),
      chart: first.chart,
      suggestion: `Lower the learning rate ${timesText(cut.factor)}: try ${fix.label}.`,
      ...proposing(input.config, fix),
    },
  ];
}
