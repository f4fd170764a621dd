import { describe, expect, it } from 'vitest';
import { bestAndLast, groupRuns, groupSeries } from './compareModel';
import { makeCurve, makeRun } from '../api/fakes.testing';

const runs = [
  makeRun(1, { name: 'lr · seed 1' }, { learningRate: 0.5, seed: 1 }),
  makeRun(2, { name: 'lr · seed 2' }, { learningRate: 0.5, seed: 2 }),
  makeRun(3, { name: 'fast' }, { learningRate: 3, seed: 1 }),
];

describe('groupRuns', () => {
  it('puts each run in its own group without grouping', () => {
    expect(groupRuns(runs, { kind: 'none' }).map((g) => g.runIds)).toEqual([[1], [2], [3]]);
  });

  it('groups runs that differ only by seed', () => {
    const groups = groupRuns(runs, { kind: 'seeds' });
    expect(groups.map((g) => g.runIds)).toEqual([[1, 2], [3]]);
    expect(groups[0].label).toBe('lr (2 runs)');
  });

  it('groups by a dotted config path and names the value', () => {
    const groups = groupRuns(runs, { kind: 'path', path: 'seed' });
    expect(groups.map((g) => [g.label, g.runIds])).toEqual([
      ['seed = 1 (2 runs)', [1, 3]],
      ['seed = 2 (1 run)', [2]],
    ]);
  });
});

describe('groupSeries', () => {
  const curves = [makeCurve(1, [0.1, 0.5]), makeCurve(2, [0.3, 0.7]), makeCurve(3, [0.9, 0.95])];

  it('draws a single run as its own curve without a band', () => {
    const [series] = groupSeries(
      [{ key: '3', label: 'fast', runIds: [3] }],
      curves,
      'validationAccuracy',
    );
    expect(Array.from(series.y)).toEqual([0.9, 0.95]);
    expect(series.band).toBeUndefined();
  });

  it('draws a group as its mean with a band of one standard deviation', () => {
    const [series] = groupSeries(
      [{ key: 'g', label: 'g', runIds: [1, 2] }],
      curves,
      'validationAccuracy',
    );
    expect(Array.from(series.y).map((v) => Number(v?.toFixed(6)))).toEqual([0.2, 0.6]);
    const s = Math.sqrt(0.02);
    expect(Number(series.band?.upper[0].toFixed(6))).toBe(Number((0.2 + s).toFixed(6)));
    expect(Number(series.band?.lower[1].toFixed(6))).toBe(Number((0.6 - s).toFixed(6)));
  });
});

describe('bestAndLast', () => {
  it('takes the highest accuracy and the lowest cost as best', () => {
    const curve = makeCurve(1, [0.2, 0.8, 0.7]);
    expect(bestAndLast(curve, 'validationAccuracy')).toEqual({
      best: 0.8,
      bestEpoch: 1,
      last: 0.7,
      lastEpoch: 2,
    });
    // trainCost = 1 - accuracy: 0.8, 0.2, 0.3 (approximately)
    expect(bestAndLast(curve, 'trainCost').bestEpoch).toBe(1);
  });

  it('skips NaN when looking for the best but reports a NaN last value', () => {
    const curve = makeCurve(1, [0.5, NaN]);
    const result = bestAndLast(curve, 'validationAccuracy');
    expect([result.best, result.bestEpoch, result.lastEpoch]).toEqual([0.5, 0, 1]);
    expect(result.last).toBeNaN();
  });

  it('gives nulls for a metric that was never measured', () => {
    expect(bestAndLast(makeCurve(1, [0.5]), 'testAccuracy')).toEqual({
      best: null,
      bestEpoch: null,
      last: null,
      lastEpoch: null,
    });
  });
});
