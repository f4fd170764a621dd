import { describe, expect, it } from 'vitest';
import { clampSmoothing, smoothEma } from './smoothing';

describe('smoothEma', () => {
  it('is the debiased exponential moving average TensorBoard draws', () => {
    // s = 0.5: last = 0.5, 0.25 + 1 = 1.25, 0.625 + 0.5 = 1.125; debias 1 − 0.5^t = 0.5, 0.75, 0.875
    const out = smoothEma([1, 2, 1], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(out[2]).toBeCloseTo(1.125 / 0.875, 12);
  });

  it('matches hand-computed values at weight 0.9', () => {
    // last1 = 0.1·10 = 1 → 1/0.1 = 10; last2 = 0.9 + 0.1·0 = 0.9 → 0.9/0.19
    const out = smoothEma([10, 0], 0.9);
    expect(out[0]).toBeCloseTo(10, 12);
    expect(out[1]).toBeCloseTo(0.9 / 0.19, 12);
  });

  it('returns the values unchanged at weight 0', () => {
    expect(smoothEma([3, 1, 4], 0)).toEqual([3, 1, 4]);
  });

  it('passes NaN and Infinity through without counting them', () => {
    // The NaN is not a step of the average: the third value is smoothed as the second.
    const out = smoothEma([1, NaN, 2, Infinity], 0.5);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(1.25 / 0.75, 12);
    expect(out[3]).toBe(Infinity);
  });

  it('keeps missing points missing', () => {
    const out = smoothEma([null, 4, null, 0], 0.5);
    expect(out[0]).toBeNull();
    expect(out[1]).toBeCloseTo(4, 12);
    expect(out[2]).toBeNull();
    // last = 2 → 2 + 0 = 1 (0.5·2 + 0.5·0) over 0.75
    expect(out[3]).toBeCloseTo(1 / 0.75, 12);
  });

  it('leaves a constant series exactly constant', () => {
    expect(smoothEma([0.3, 0.3, 0.3, 0.3], 0.99)).toEqual([0.3, 0.3, 0.3, 0.3]);
  });
});

describe('clampSmoothing', () => {
  it('keeps weights in [0, 0.99] and reads garbage as 0', () => {
    expect(clampSmoothing(0.6)).toBe(0.6);
    expect(clampSmoothing(1)).toBe(0.99);
    expect(clampSmoothing(-2)).toBe(0);
    expect(clampSmoothing(NaN)).toBe(0);
  });
});
