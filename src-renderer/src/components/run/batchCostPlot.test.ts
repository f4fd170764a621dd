import { describe, expect, it } from 'vitest';
import { batchCostPlot } from './batchCostPlot';
import type { EpochRecord } from '../../../../src-shared/contract/types';

/** Only what the plot reads of a record. */
const epochRecord = (epoch: number, fields: Partial<EpochRecord> = {}) =>
  ({ epoch, trainCost: 1, ...fields }) as EpochRecord;

const sample = (step: number, epoch: number | null, value: number, key = 'batch_cost') => ({
  key,
  step,
  epoch,
  value,
  time: 0,
});

describe('batchCostPlot', () => {
  it('draws the samples by step and each epoch’s train cost at its last sampled step', () => {
    const metrics = [
      sample(20, 2, 0.3),
      sample(5, 1, 0.9),
      sample(10, 1, 0.5),
      sample(15, 2, Number.NaN),
      sample(3, 1, 7, 'other'),
    ];
    const epochs = [0, 1, 2, 3].map((e) => epochRecord(e, { trainCost: 1 / (e + 1) }));
    expect(batchCostPlot(metrics, epochs)).toEqual({
      steps: [5, 10, 15, 20],
      costs: [0.9, 0.5, Number.NaN, 0.3],
      epochSteps: [10, 20],
      epochCosts: [1 / 2, 1 / 3],
    });
  });

  it('gives nothing for a run without samples', () => {
    expect(batchCostPlot([sample(1, 1, 2, 'loss')], [epochRecord(1)])).toBeNull();
  });
});
