import { describe, expect, it } from 'vitest';
import { MAX_PRIORITY, planPriorities } from './dispatch-order';

describe('planPriorities', () => {
  it('numbers a fresh queue 1, 2, 3 in order', () => {
    expect(planPriorities([7, 3, 9], new Map())).toEqual([1, 2, 3]);
  });

  it('keeps the numbers already sent and numbers new runs after the last one', () => {
    const sent = new Map([
      [4, 3],
      [5, 4],
    ]);
    expect(planPriorities([4, 5, 8, 9], sent)).toEqual([3, 4, 5, 6]);
  });

  it('renumbers everything when a reorder puts a run with a higher number first', () => {
    const sent = new Map([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(planPriorities([3, 1, 2], sent)).toEqual([1, 2, 3]);
  });

  it('renumbers when a new run must go between two sent runs without a free number', () => {
    const sent = new Map([
      [1, 1],
      [2, 2],
    ]);
    expect(planPriorities([1, 10, 2], sent)).toEqual([1, 2, 3]);
  });

  it('fits a new run between two sent runs when there is room', () => {
    const sent = new Map([
      [1, 1],
      [2, 5],
    ]);
    expect(planPriorities([1, 10, 2], sent)).toEqual([1, 2, 5]);
  });

  it('renumbers from 1 when appending would pass BullMQ’s largest priority', () => {
    const sent = new Map([[1, MAX_PRIORITY]]);
    expect(planPriorities([1, 2], sent)).toEqual([1, 2]);
  });
});
