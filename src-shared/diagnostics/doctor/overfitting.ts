/**
 * Rule "overfitting": the validation cost has risen for 3 or more epochs since its best epoch while
 * the training cost kept falling — the network is learning the training examples' peculiarities
 * instead of what generalizes (Nielsen ch.3). Without a validation cost, validation accuracy below
 * its best by 0.5 points for 3 or more epochs while training cost fell counts the same way.
 * Warning from a 5% rise of validation cost, else info. Fix: L2 regularization when there is none,
 * else early stopping when there is none.
 */
import type { EpochRecord } from '../../base/records';
import type { Finding, Severity } from '../../base/findings';
import { l2Fix, proposing } from './config-fixes';
import type { DiagnoseInput, Fix } from './rule';
import { trainedRecords } from './run-progress';
import { num, percent } from './wording';

interface Evidence {
  best: EpochRecord;
  latest: EpochRecord;
  severity: Severity;
  what: string;
}

function byCost(records: EpochRecord[]): Evidence | null {
  const withCost = records.filter(
    (r) => r.validationCost !== null && Number.isFinite(r.validationCost),
  );
  if (withCost.length < 4) return null;
  const best = withCost.reduce((b, r) =>
    (r.validationCost as number) < (b.validationCost as number) ? r : b,
  );
  const latest = withCost[withCost.length - 1];
  const [min, now] = [best.validationCost as number, latest.validationCost as number];
  if (latest.epoch - best.epoch < 3 || now < min * 1.02 || latest.trainCost >= best.trainCost)
    return null;
  const what = `the validation cost rose from ${num(min)} at epoch ${best.epoch} to ${num(now)}`;
  return { best, latest, severity: now >= min * 1.05 ? 'warning' : 'info', what };
}

function byAccuracy(records: EpochRecord[]): Evidence | null {
  const withAcc = records.filter((r) => r.validationAccuracy !== null);
  if (withAcc.length < 4) return null;
  const best = withAcc.reduce((b, r) =>
    (r.validationAccuracy as number) > (b.validationAccuracy as number) ? r : b,
  );
  const latest = withAcc[withAcc.length - 1];
  const [top, now] = [best.validationAccuracy as number, latest.validationAccuracy as number];
  if (latest.epoch - best.epoch < 3 || now > top - 0.005 || latest.trainCost >= best.trainCost)
    return null;
  const what = `validation accuracy fell from ${percent(top)} at epoch ${best.epoch} to ${percent(now)}`;
  return { best, latest, severity: 'info', what };
}

function fixFor(input: DiagnoseInput): Fix | null {
  if (input.config.l2 === 0) return l2Fix(input.config);
  if (input.config.earlyStopping === null) {
    return {
      field: 'earlyStopping',
      value: { metric: 'validationAccuracy', patience: 10 },
      label: 'early stopping after 10 epochs without improvement',
    };
  }
  return null;
}

export function overfitting(input: DiagnoseInput): Finding[] {
  const records = trainedRecords(input.epochs);
  const found = byCost(records) ?? byAccuracy(records);
  if (!found) return [];
  const fix = fixFor(input);
  const { best, latest } = found;
  return [
    {
      rule: 'overfitting',
      severity: found.severity,
      epoch: latest.epoch,
      title: 'The network is overfitting',
      message:
        `Since epoch ${best.epoch}, ${found.what} while the training cost kept falling (${num(best.trainCost)} → ` +
        `${num(latest.trainCost)}). The network is now learning peculiarities of its training examples that do ` +
        'not carry over to new ones, so further epochs make it worse on unseen data.',
      evidence: {
        bestEpoch: best.epoch,
        latestEpoch: latest.epoch,
        trainCostAtBest: best.trainCost,
      },
      chart: 'cost',
      suggestion: fix
        ? `Try ${fix.label}; more training data also helps. The best weights so far are from epoch ${best.epoch}.`
        : `Use more training data or a larger L2 λ; the best weights so far are from epoch ${best.epoch}.`,
      ...(fix ? proposing(input.config, fix) : {}),
    },
  ];
}
