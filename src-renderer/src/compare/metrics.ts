/** The curves a comparison can plot, with which direction is better. */
import type { RunCurve } from '../../../src-shared/contract/types';

export type CurveMetric = Exclude<keyof RunCurve, 'runId' | 'epoch'>;

export interface CurveMetricInfo {
  id: CurveMetric;
  label: string;
  higherIsBetter: boolean;
  percent: boolean;
}

export const curveMetrics: readonly CurveMetricInfo[] = [
  { id: 'validationAccuracy', label: 'Validation accuracy', higherIsBetter: true, percent: true },
  { id: 'testAccuracy', label: 'Test accuracy', higherIsBetter: true, percent: true },
  { id: 'trainCost', label: 'Training cost', higherIsBetter: false, percent: false },
  { id: 'validationCost', label: 'Validation cost', higherIsBetter: false, percent: false },
  { id: 'testCost', label: 'Test cost', higherIsBetter: false, percent: false },
];

export function metricInfo(id: CurveMetric): CurveMetricInfo {
  return curveMetrics.find((m) => m.id === id) ?? curveMetrics[0];
}

/** A metric value as text: accuracies in percent, costs with 4 significant digits. */
export function formatMetric(value: number | null | undefined, percent: boolean): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  return percent ? `${(value * 100).toFixed(2)}%` : value.toPrecision(4);
}
