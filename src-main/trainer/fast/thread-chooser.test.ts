import { describe, expect, it } from 'vitest';
import { ThreadChooser, turnaroundPerBatch } from './thread-chooser';

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

  it('is decided once every candidate has been timed after its warm-up', () => {
    expect(new ThreadChooser([1]).decided).toBe(true);
    const chooser = new ThreadChooser([2, 1]);
    expect(chooser.decided).toBe(false);
    chooser.record(2, 10, 9);
    chooser.record(1, 10, 9);
    chooser.record(2, 10, 0.5);
    expect(chooser.decided).toBe(false);
    chooser.record(1, 10, 0.2);
    expect(chooser.decided).toBe(true);
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

describe('choosing training threads by turnaround', () => {
  // Issue 19's Nielsen epoch: 5,000 batches, 0.0745 s on one thread, 0.0478 s on two.
  const batches = 5000;
  const one = 0.0745 / batches;
  const two = 0.0478 / batches;
  const base = { batches, overlapped: true, scoringOnOne: 0.06, scoring: 0.035 };

  it('prefers one thread when the other scores meanwhile and that beats training and scoring on two', () => {
    // One: max(0.0745, 0.06) = 0.0745 per epoch; two: 0.0478 + 0.035 = 0.0828.
    const chooser = new ThreadChooser([2, 1]);
    chooser.weigh((threads, perBatch) => turnaroundPerBatch({ ...base, threads, perBatch }));
    chooser.record(2, 1, 1);
    chooser.record(1, 1, 1);
    chooser.record(2, 100, 100 * two);
    chooser.record(1, 100, 100 * one);
    expect(turnaroundPerBatch({ ...base, threads: 1, perBatch: one }) * batches).toBeCloseTo(
      0.0745,
      12,
    );
    expect(turnaroundPerBatch({ ...base, threads: 2, perBatch: two }) * batches).toBeCloseTo(
      0.0828,
      12,
    );
    expect(chooser.best()).toBe(1);
    // Unweighted, training speed alone picks two.
    const plain = new ThreadChooser([2, 1]);
    [
      [2, 1, 1],
      [1, 1, 1],
      [2, 100, 100 * two],
      [1, 100, 100 * one],
    ].forEach(([p, b, t]) => plain.record(p, b, t));
    expect(plain.best()).toBe(2);
  });

  it('adds scoring to either count when nothing overlaps, and uses training alone until scoring is timed', () => {
    const serial = { ...base, overlapped: false };
    expect(turnaroundPerBatch({ ...serial, threads: 1, perBatch: one }) * batches).toBeCloseTo(
      0.0745 + 0.035,
      12,
    );
    expect(turnaroundPerBatch({ ...base, scoring: undefined, threads: 2, perBatch: two })).toBe(
      two,
    );
    expect(
      turnaroundPerBatch({ ...base, scoringOnOne: undefined, threads: 1, perBatch: one }),
    ).toBe(one);
  });
});
