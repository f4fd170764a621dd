/**
 * What a trained run's per-step chart draws: its sampled mini-batch cost (metric "batch_cost",
 * each sample the mean cost of the mini-batches since the previous one) by step, and for
 * reference each epoch's training cost at that epoch's last sampled step. The two differ in what
 * they average over — the batch cost is measured while the weights move, the epoch's train cost
 * on the weights at its end — so the reference shows how far apart they are, not an error.
 */
import type { EpochRecord, LoggedMetric } from '../../../../src-shared/contract/types';

export const BATCH_COST_KEY = 'batch_cost';

export interface BatchCostPlot {
  steps: number[];
  costs: number[];
  /** The epoch train cost at the last sampled step of each epoch that has samples. */
  epochSteps: number[];
  epochCosts: number[];
}

/** The plot of a run's metrics and epochs, or null when it has no batch-cost samples. */
export function batchCostPlot(
  metrics: LoggedMetric[],
  epochs: EpochRecord[],
): BatchCostPlot | null {
  const samples = metrics.filter((m) => m.key === BATCH_COST_KEY).sort((a, b) => a.step - b.step);
  if (samples.length === 0) return null;
  const lastStep = new Map<number, number>();
  for (const s of samples) if (s.epoch !== null) lastStep.set(s.epoch, s.step);
  const reference = epochs.filter((e) => lastStep.has(e.epoch));
  return {
    steps: samples.map((s) => s.step),
    costs: samples.map((s) => s.value),
    epochSteps: reference.map((e) => lastStep.get(e.epoch)!),
    epochCosts: reference.map((e) => e.trainCost),
  };
}
