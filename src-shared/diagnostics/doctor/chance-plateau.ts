/**
 * Rule "chance-plateau": after training, accuracy has never risen above what guessing gives.
 * Chance with k classes is 1/k; the limit min(1.5/k, 1/k + 0.1) (15% for 10 classes, 60% for 2)
 * leaves room for a most-common class. Warning; error when the run has sat there for 3 or more
 * epochs with a flat training cost (< 0.5% change over those epochs): it is not going to move.
 * Silent before 100 weight updates (e.g. one epoch of 500 images at batch 10).
 */
import type { EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { classCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { accuracyOf, trainedRecords, updatesPerEpoch } from './run-progress';
import { num, percent } from './wording';

/** Fewer weight updates than this are too few to expect anything above chance. */
const MIN_UPDATES = 100;

export function chanceLimit(classes: number): number {
  return Math.min(1.5 / classes, 1 / classes + 0.1);
}

function isFlat(records: EpochRecord[]): boolean {
  const costs = records.slice(-3).map((r) => r.trainCost);
  const first = costs[0];
  const last = costs[costs.length - 1];
  return (
    Number.isFinite(first) &&
    Number.isFinite(last) &&
    Math.abs(first - last) <= 0.005 * Math.abs(first)
  );
}

export function chancePlateau(input: DiagnoseInput): Finding[] {
  const records = trainedRecords(input.epochs).filter((r) => accuracyOf(r) !== null);
  const latest = records[records.length - 1];
  const k = classCount(input.config);
  const limit = chanceLimit(k);
  if (!latest || !records.every((r) => (accuracyOf(r) as number) <= limit)) return [];
  const perEpoch = updatesPerEpoch(input.config);
  if (perEpoch !== null && perEpoch * latest.epoch < MIN_UPDATES) return [];
  const severity: Severity = records.length >= 3 && isFlat(records) ? 'error' : 'warning';
  const accuracy = accuracyOf(latest) as number;
  const updates =
    perEpoch === null
      ? ''
      : ` (${(perEpoch * latest.epoch).toLocaleString('en-US')} weight updates)`;
  return [
    {
      rule: 'chance-plateau',
      severity,
      epoch: latest.epoch,
      title: 'Accuracy is stuck at chance',
      message:
        `After ${latest.epoch} epoch${latest.epoch === 1 ? '' : 's'}${updates}, accuracy is ${percent(accuracy)} — ` +
        `about what guessing gives with ${k} classes (${percent(1 / k)}). The network has not learned anything ` +
        `about the input yet${severity === 'error' ? `, and its training cost has stopped moving (${num(latest.trainCost)})` : ''}. ` +
        'The other findings name the likely cause; the commonest are saturated or constant hidden layers and a ' +
        'learning rate far too small or too large.',
      evidence: { accuracy, chance: 1 / k, epochs: latest.epoch, trainCost: latest.trainCost },
      chart: 'accuracy',
      suggestion:
        severity === 'error'
          ? 'Fix the cause the other findings name: a run that sits at chance with a flat cost needs a change, ' +
            'not more epochs.'
          : 'Fix the cause the other findings name. If none does, train longer or try a learning rate 10× ' +
            'smaller or larger.',
      // It defers to the findings that name a cause, so it moves no field itself.
      changes: [],
    },
  ];
}
