import { describe, expect, it } from 'vitest';
import { elapsedByEpoch, epochsOn, isXAxis, loggedOn, loggedStart, trainSizeOf } from './xAxis';

const scale = {
  trainSize: 1000,
  batchSize: 30,
  elapsed: new Map([
    [0, 0],
    [1, 2.5],
    [2, 4],
  ]),
};

describe('epochsOn', () => {
  it('ends epoch e at e · ⌈trainSize / batchSize⌉ steps (a last, smaller batch counts)', () => {
    // ⌈1000 / 30⌉ = 34
    expect(epochsOn('step', [0, 1, 2], scale)).toEqual([0, 34, 68]);
  });

  it('counts examples seen as e · trainSize', () => {
    expect(epochsOn('examples', [1, 2], scale)).toEqual([1000, 2000]);
  });

  it('places epochs at their cumulative training seconds', () => {
    expect(epochsOn('time', [0, 1, 2], scale)).toEqual([0, 2.5, 4]);
  });

  it('gives nothing rather than a guess when the data is missing', () => {
    expect(epochsOn('examples', [1], { ...scale, trainSize: null })).toBeNull();
    expect(epochsOn('time', [3], scale)).toBeNull();
    expect(epochsOn('step', [1], undefined)).toBeNull();
    expect(epochsOn('epoch', [1], undefined)).toEqual([1]);
  });
});

describe('elapsedByEpoch', () => {
  it('sums the epochs’ training seconds', () => {
    const out = elapsedByEpoch([
      { epoch: 0, seconds: 0 },
      { epoch: 1, seconds: 1.5 },
      { epoch: 2, seconds: 2 },
    ]);
    expect([...out]).toEqual([
      [0, 0],
      [1, 1.5],
      [2, 3.5],
    ]);
  });
});

describe('trainSizeOf', () => {
  const counts = (id: string) => (id === 'mnist' ? 50_000 : undefined);

  it('prefers the config, then the built-in dataset’s default', () => {
    expect(trainSizeOf({ trainSize: 2000, dataset: 'mnist' }, counts)).toBe(2000);
    expect(trainSizeOf({ dataset: 'mnist' }, counts)).toBe(50_000);
    expect(trainSizeOf({ dataset: 'xor' }, counts)).toBeNull();
  });

  it('counts an inline dataset’s examples left after validation and test', () => {
    const dataset = { kind: 'inline' as const, inputs: [[0], [1], [2], [3]], targets: [[0]] };
    expect(trainSizeOf({ dataset, testSize: 1 }, counts)).toBe(3);
  });

  it('does not know a CSV file’s size', () => {
    expect(trainSizeOf({ dataset: { kind: 'csv', path: '/x.csv' } }, counts)).toBeNull();
  });
});

describe('isXAxis', () => {
  it('accepts the four axes only', () => {
    expect(isXAxis('examples')).toBe(true);
    expect(isXAxis('wall')).toBe(false);
  });
});

describe('loggedOn', () => {
  const points = [
    { key: 'loss', step: 0, epoch: null, value: 1, time: 100 },
    { key: 'loss', step: 5, epoch: 0, value: 0.5, time: 104 },
    { key: 'loss', step: 10, epoch: 0, value: 0.4, time: 103 },
    { key: 'loss', step: 15, epoch: 1, value: 0.2, time: 110 },
  ];

  it('places a logged metric by its steps, and by seconds since the run’s first value', () => {
    expect(loggedOn('step', points, 100)).toEqual({ x: [0, 5, 10, 15], y: [1, 0.5, 0.4, 0.2] });
    expect(loggedOn('time', points, 99)).toEqual({ x: [1, 4, 5, 11], y: [1, 0.4, 0.5, 0.2] });
    expect(loggedStart(points)).toBe(100);
  });

  it('takes each epoch’s value at its last step and leaves out points without an epoch', () => {
    expect(loggedOn('epoch', points, 100)).toEqual({ x: [0, 1], y: [0.4, 0.2] });
    expect(loggedOn('epoch', points.slice(0, 1), 100)).toBeNull();
  });

  it('has no examples-seen axis for a logged run', () => {
    expect(loggedOn('examples', points, 100)).toBeNull();
  });
});
