import { describe, expect, it } from 'vitest';
import { ThreadChooser } from './thread-chooser';

describe('the thread chooser', () => {
  it('warms every candidate up once, times each, then keeps the faster one', () => {
    const chooser = new ThreadChooser([2, 1]);
    expect(chooser.next().threads).toBe(2);
    chooser.record(2, 10, 9);
    expect(chooser.next().threads).toBe(1);
    chooser.record(1, 10, 9);
    expect(chooser.next().threads).toBe(2);
    chooser.record(2, 10, 0.5);
    expect(chooser.next().threads).toBe(1);
    chooser.record(1, 10, 0.2);
    expect(chooser.best()).toBe(1);
    expect(chooser.next()).toEqual({ threads: 1, probe: false });
  });

  it('compares candidates only once timed after their warm-up', () => {
    expect(new ThreadChooser([1]).best()).toBe(1);
    const chooser = new ThreadChooser([2, 1]);
    chooser.record(2, 10, 9);
    chooser.record(1, 10, 0.01);
    chooser.record(2, 10, 0.5);
    // One's fast warm-up does not count: two is the only candidate timed.
    expect(chooser.best()).toBe(2);
    chooser.record(1, 10, 0.2);
    expect(chooser.best()).toBe(1);
  });

  it('marks warm-ups and first timings as probes', () => {
    const chooser = new ThreadChooser([2, 1]);
    expect(chooser.next()).toEqual({ threads: 2, probe: true });
    chooser.record(2, 10, 9);
    expect(chooser.next()).toEqual({ threads: 1, probe: true });
  });

  it('rechecks the slower candidate now and then, and switches when it became faster', () => {
    const chooser = new ThreadChooser([2, 1]);
    chooser.record(2, 10, 9);
    chooser.record(1, 10, 9);
    chooser.record(2, 10, 0.5);
    chooser.record(1, 10, 0.2);
    const picks: number[] = [];
    for (let i = 0; i < 60; i++) {
      const p = chooser.next().threads;
      picks.push(p);
      chooser.record(p, 10, p === 2 ? 0.05 : 0.2);
    }
    expect(picks.slice(0, 9).every((p) => p === 1)).toBe(true);
    expect(picks).toContain(2);
    expect(chooser.best()).toBe(2);
    expect(picks[picks.length - 1]).toBe(2);
  });

  it('rechecks less and less often while the choice holds', () => {
    const chooser = new ThreadChooser([2, 1]);
    chooser.record(2, 10, 9);
    chooser.record(1, 10, 9);
    chooser.record(2, 10, 0.5);
    chooser.record(1, 10, 0.2);
    const rechecks: number[] = [];
    for (let i = 0; i < 200; i++) {
      const p = chooser.next().threads;
      if (p === 2) rechecks.push(i);
      chooser.record(p, 10, p === 2 ? 0.5 : 0.2);
    }
    const gaps = rechecks.slice(1).map((r, i) => r - rechecks[i]);
    expect(rechecks.length).toBeGreaterThanOrEqual(3);
    gaps.slice(1).forEach((gap, i) => expect(gap).toBeGreaterThan(gaps[i]));
    expect(chooser.best()).toBe(1);
  });

  it('has nothing to choose with one candidate', () => {
    const chooser = new ThreadChooser([1]);
    expect(chooser.choosing).toBe(false);
    expect(chooser.next().threads).toBe(1);
  });
});
