import { describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../experiment/config';
import type { EpochRecord } from '../base/records';
import { afterEpoch, initialControl, observe } from './schedule';
import { testConfig } from '../experiment/config.testing';

/** The minimal record the controls read. */
function record(
  epoch: number,
  validationCost: number | null,
  validationAccuracy: number | null = null,
): EpochRecord {
  return {
    epoch,
    trainCost: 9,
    trainAccuracy: 0.5,
    validationCost,
    validationAccuracy,
    testCost: null,
    testAccuracy: null,
    learningRate: 0,
    seconds: 0,
    layers: [],
    meanOutput: [],
    predictedClassFraction: [],
  };
}

/** Learning rates used in epochs 1 … n+1 when validation costs follow `costs`. */
function rates(input: Partial<RunConfigInput>, costs: number[]): number[] {
  const config = testConfig({ learningRate: 1, ...input });
  const state = initialControl(config);
  const out = [state.learningRate];
  costs.forEach((c, i) => {
    afterEpoch(config, state, record(i + 1, c));
    out.push(state.learningRate);
  });
  return out;
}

describe('learning-rate schedules', () => {
  it('keeps a constant rate', () => {
    expect(rates({}, [1, 1, 1])).toEqual([1, 1, 1, 1]);
  });

  it('multiplies by the factor every k epochs (step decay)', () => {
    expect(rates({ schedule: { kind: 'step', every: 2, factor: 0.5 } }, [1, 1, 1, 1])).toEqual([
      1, 1, 0.5, 0.5, 0.25,
    ]);
  });

  it('reduces on a plateau of the validation cost after `patience` epochs, not below the minimum', () => {
    const schedule = { kind: 'plateau', patience: 2, factor: 0.5, minLearningRate: 0.2 } as const;
    expect(rates({ schedule }, [5, 4, 4, 4.5, 3, 3, 3, 3, 3])).toEqual([
      1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2,
    ]);
  });
});

describe('early stopping', () => {
  it('fires after `patience` epochs without a better validation accuracy', () => {
    const config = testConfig({ earlyStopping: { metric: 'validationAccuracy', patience: 2 } });
    const state = initialControl(config);
    [0.5, 0.7, 0.7, 0.6].forEach((acc, i) => {
      expect(state.stopped).toBe(false);
      afterEpoch(config, state, record(i + 1, 1, acc));
    });
    expect(state.stopped).toBe(true);
    expect(state.early).toMatchObject({ best: 0.7, bestEpoch: 2 });
  });

  it('never counts NaN as an improvement', () => {
    const p = { best: null, bestEpoch: 0, bad: 0 };
    observe(p, Number.NaN, 1, false);
    observe(p, 2, 2, false);
    observe(p, Number.NaN, 3, false);
    expect(p).toEqual({ best: 2, bestEpoch: 2, bad: 1 });
  });
});
