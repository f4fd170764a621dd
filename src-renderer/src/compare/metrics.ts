/**
 * The metrics a comparison can plot: the trained runs' curves (each with the metric keys that
 * mean the same, so a logged "val_loss" sits beside a trained run's validation cost, and a trained
 * run's per-step "batch_cost" is its training cost by step) and every other logged key under its
 * own name. Which key means what: logged-keys.ts.
 */
import type { RunCurve } from '../../../src-shared/contract/types';
import {
  higherIsBetterKey,
  roleOfKey,
  type CurveRole,
} from '../../../src-shared/experiment/logged-keys';

export type CurveMetric = Exclude<keyof RunCurve, 'runId' | 'epoch'>;

export interface CompareMetric {
  id: string;
  label: string;
  higherIsBetter: boolean;
  percent: boolean;
  /** The trained runs' curve it plots, if any. */
  curve: CurveMetric | null;
  /** Logged keys that plot as this metric (a run uses the first it has). */
  keys: string[];
}

const roles: readonly (Omit<CompareMetric, 'keys' | 'curve'> & { id: CurveRole })[] = [
  { id: 'validationAccuracy', label: 'Validation accuracy', higherIsBetter: true, percent: true },
  { id: 'testAccuracy', label: 'Test accuracy', higherIsBetter: true, percent: true },
  { id: 'trainCost', label: 'Training cost', higherIsBetter: false, percent: false },
  { id: 'validationCost', label: 'Validation cost', higherIsBetter: false, percent: false },
  { id: 'testCost', label: 'Test cost', higherIsBetter: false, percent: false },
  { id: 'trainAccuracy', label: 'Training accuracy', higherIsBetter: true, percent: true },
];

/** The trained runs' curves (all but training accuracy, which no epoch curve holds) plus the
 * roles and keys the logged runs bring, in that order. */
export function compareMetrics(loggedKeys: Iterable<string>): CompareMetric[] {
  const keys = [...new Set(loggedKeys)].sort();
  const roleMetrics = roles
    .map((r) => ({
      ...r,
      curve: r.id === 'trainAccuracy' ? null : (r.id as CurveMetric),
      keys: keys.filter((k) => roleOfKey(k) === r.id),
    }))
    .filter((m) => m.curve !== null || m.keys.length > 0);
  const own = keys
    .filter((k) => roleOfKey(k) === null)
    .map((k) => ({
      ...{ id: `key:${k}`, label: `${k} (logged)`, higherIsBetter: higherIsBetterKey(k) },
      ...{ percent: false, curve: null, keys: [k] },
    }));
  return [...roleMetrics, ...own];
}

/** The option's text: a role lists the metric keys it includes. */
export function metricOptionLabel(m: CompareMetric): string {
  return m.curve && m.keys.length ? `${m.label} (${m.keys.join(', ')})` : m.label;
}

/** A metric value as text: accuracies in percent, costs with 4 significant digits. */
export function formatMetric(value: number | null | undefined, percent: boolean): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return percent ? `${(value * 100).toFixed(2)}%` : value.toPrecision(4);
}
