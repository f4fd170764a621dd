/**
 * Rule "divergence" (always an error: the run cannot succeed as configured):
 * - a cost became NaN or ±Infinity (or the run's status is "diverged"): the numbers overflowed;
 * - the training cost rose in each of the last 3 or more epochs, by at least 10% in all.
 * Gradient descent with a suitable step lowers the training cost apart from noise; a steady rise
 * or an overflow means the steps overshoot, so the fix is a smaller learning rate, lowered by the
 * power of ten learningRateCut measures (at least 10×).
 */
import type { EpochRecord } from '../../base/records';
import type { Finding } from '../../base/findings';
import { learningRateCut, lowerLearningRateFix, proposing, timesText } from './config-fixes';
import type { DiagnoseInput } from './rule';
import { costsAreFinite } from './run-progress';
import { num } from './wording';

/** The length of the run of consecutive rises that ends at the latest record. */
function risingTail(records: EpochRecord[]): number {
  let rises = 0;
  for (let i = records.length - 1; i > 0 && records[i].trainCost > records[i - 1].trainCost; i--)
    rises++;
  return rises;
}

function finding(
  input: DiagnoseInput,
  epoch: number,
  title: string,
  what: string,
  evidence: Finding['evidence'],
): Finding {
  const fix = lowerLearningRateFix(input);
  return {
    rule: 'divergence',
    severity: 'error',
    epoch,
    title,
    message:
      `${what} With learning rate η = ${num(input.config.learningRate)}, each update overshoots the bottom of the ` +
      'cost valley, the weights grow, and the cost climbs instead of falling.',
    evidence,
    chart: 'cost',
    suggestion: `Use a learning rate ${timesText(learningRateCut(input).factor)} smaller: try ${fix.label}.`,
    ...proposing(input.config, fix),
  };
}

function overflowFinding(input: DiagnoseInput): Finding | null {
  const bad = input.epochs.find((r) => !costsAreFinite(r));
  if (!bad && input.status !== 'diverged') return null;
  const record = bad ?? input.epochs[input.epochs.length - 1];
  const epoch = record?.epoch ?? 0;
  return finding(
    input,
    epoch,
    'Training diverged: the cost overflowed',
    `At epoch ${epoch} the cost became ${num(record?.trainCost ?? NaN)}: the numbers grew too large for the ` +
      'computer to represent, and training stopped.',
    { trainCost: String(record?.trainCost ?? 'unknown'), learningRate: input.config.learningRate },
  );
}

export function divergence(input: DiagnoseInput): Finding[] {
  const overflow = overflowFinding(input);
  if (overflow) return [overflow];
  const rises = risingTail(input.epochs);
  if (rises < 3) return [];
  const records = input.epochs.slice(-(rises + 1));
  const from = records[0].trainCost;
  const to = records[records.length - 1].trainCost;
  if (!(to >= from * 1.1)) return [];
  return [
    finding(
      input,
      records[1].epoch,
      'Training diverges: the cost rises epoch after epoch',
      `The training cost rose in each of the last ${rises} epochs, from ${num(from)} at epoch ${records[0].epoch} to ` +
        `${num(to)} at epoch ${records[records.length - 1].epoch}.`,
      { risingEpochs: rises, costFrom: from, costTo: to, learningRate: input.config.learningRate },
    ),
  ];
}
