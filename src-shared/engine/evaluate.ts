/**
 * Cost and accuracy of the network on a split (Nielsen's `total_cost` without the
 * regularization term, and `accuracy` as a fraction): a forward pass per example, no update.
 */
import type { ProbeStats } from './layer-stats';
import type { CostName } from './options';
import { exampleCost } from './costs';
import { predictedClass, type ExampleReader } from './examples';
import { feedforward, type Network, type Workspace } from './network';
import type { EpochRecord } from '../base/records';

export interface SplitScore {
  /** Mean C_x over the split. */
  cost: number;
  /** Fraction of labelled examples predicted right; null when no example has a label. */
  accuracy: number | null;
}

/** Examples scored between two calls of evaluate's `onScoring`. */
export const SCORING_TICK = 1000;

/** Scores the first `count` examples of the reader's split; null for an empty split.
 * `onScoring` is called after every SCORING_TICK examples, so a long scoring (a conv net on
 * 70,000 images) can show its host it is alive. */
export function evaluate(
  net: Network,
  ws: Workspace,
  reader: ExampleReader,
  cost: CostName,
  count = reader.split.count,
  onScoring?: () => void,
): SplitScore | null {
  if (count === 0) return null;
  const nOut = net.sizes[net.depth];
  let total = 0;
  let labelled = 0;
  let right = 0;
  for (let i = 0; i < count; i++) {
    if (onScoring && i > 0 && i % SCORING_TICK === 0) onScoring();
    reader.load(i, ws);
    const out = feedforward(net, ws);
    total += exampleCost(cost, out, reader.target(i), nOut);
    const label = reader.label(i);
    if (label >= 0) {
      labelled++;
      if (predictedClass(out, nOut) === label) right++;
    }
  }
  return { cost: total / count, accuracy: labelled > 0 ? right / labelled : null };
}

/** Scores of the three splits, null where a split is empty. */
export interface SplitScores {
  train: SplitScore | null;
  validation: SplitScore | null;
  test: SplitScore | null;
}

/** The EpochRecord of a network measured after `epoch` epochs (any engine). */
export function epochRecord(
  epoch: number,
  scores: SplitScores,
  learningRate: number,
  seconds: number,
  stats: ProbeStats,
): EpochRecord {
  const { train, validation, test } = scores;
  return {
    epoch,
    trainCost: train?.cost ?? Number.NaN,
    trainAccuracy: train?.accuracy ?? null,
    validationCost: validation?.cost ?? null,
    validationAccuracy: validation?.accuracy ?? null,
    testCost: test?.cost ?? null,
    testAccuracy: test?.accuracy ?? null,
    learningRate,
    seconds,
    ...stats,
  };
}
