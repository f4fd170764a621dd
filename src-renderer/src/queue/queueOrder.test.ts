import { describe, expect, it } from 'vitest';
import { applyMove, queueOrder, sortActive } from './queueOrder';
import { makeRun } from '../api/fakes.testing';

const state = { concurrency: 1, paused: false, cores: 2 };

describe('queueOrder', () => {
  const runs = [
    makeRun(3, { status: 'queued', priority: 0 }),
    makeRun(1, { status: 'queued', priority: 0 }),
    makeRun(2, { status: 'queued', priority: 5 }),
  ];

  it('takes the core’s order when the state carries it', () => {
    expect(queueOrder(runs, { ...state, queuedIds: [3, 1, 2] }, [])).toEqual([3, 1, 2]);
  });

  it('otherwise keeps the order it already knows', () => {
    expect(queueOrder(runs, state, [1, 3, 2])).toEqual([1, 3, 2]);
  });

  it('otherwise starts from priority (high first), then the oldest run', () => {
    expect(queueOrder(runs, state, [])).toEqual([2, 1, 3]);
  });
});

describe('applyMove', () => {
  it('puts a run before another or at the end', () => {
    expect(applyMove([1, 2, 3], 3, 1)).toEqual([3, 1, 2]);
    expect(applyMove([1, 2, 3], 1, null)).toEqual([2, 3, 1]);
  });
});

describe('sortActive', () => {
  it('lists running, then paused, then queued runs in queue order', () => {
    const runs = [
      makeRun(1, { status: 'queued' }),
      makeRun(2, { status: 'paused' }),
      makeRun(3, { status: 'queued' }),
      makeRun(4, { status: 'running' }),
    ];
    expect(sortActive(runs, [3, 1]).map((r) => r.id)).toEqual([4, 2, 3, 1]);
  });
});
