import { describe, expect, it } from 'vitest';
import { meanStd, seedGroupsOf } from './seed-groups';
import { fixtureRun } from './report.testing';

describe('mean ± std across seeds', () => {
  it('uses the sample standard deviation', () => {
    const r = meanStd([0.9, 0.92, 0.94]);
    expect(r?.mean).toBeCloseTo(0.92, 12);
    expect(r?.std).toBeCloseTo(0.02, 12);
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])?.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(meanStd([])).toBeNull();
    expect(meanStd([1, NaN])?.mean).toBeNaN();
  });

  it('groups runs that share everything but the seed and leaves singletons out', () => {
    const runs = [1, 2, 3].map((seed) => fixtureRun(seed, { seed, name: `baseline seed ${seed}` }));
    runs.push(fixtureRun(4, { learningRate: 0.5 }));
    [0.9, 0.92, 0.94].forEach((acc, i) => (runs[i].final = { ...finalOf(acc) }));
    const groups = seedGroupsOf(runs);
    expect(groups).toHaveLength(1);
    expect(groups[0].runIds).toEqual([1, 2, 3]);
    expect(groups[0].seeds).toEqual([1, 2, 3]);
    expect(groups[0].label).toBe('baseline');
    const test = groups[0].metrics.find((m) => m.key === 'testAccuracy')?.value;
    expect(test?.mean).toBeCloseTo(0.92, 12);
    expect(test?.std).toBeCloseTo(0.02, 12);
    expect(test?.n).toBe(3);
  });
});

function finalOf(testAccuracy: number) {
  return {
    epochs: 5,
    trainCost: 0.1,
    validationAccuracy: 0.9,
    testAccuracy,
    testCost: 0.1,
    bestValidationAccuracy: 0.91,
    bestEpoch: 4,
  };
}
