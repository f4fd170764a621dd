import { describe, expect, it } from 'vitest';
import { meanStdByEpoch } from './bands';

describe('meanStdByEpoch', () => {
  it('averages runs epoch by epoch with the sample standard deviation', () => {
    const band = meanStdByEpoch([
      { epoch: [0, 1], values: [0.1, 0.5] },
      { epoch: [0, 1], values: [0.3, 0.9] },
    ]);
    expect(band.epoch).toEqual([0, 1]);
    expect(band.mean[0]).toBeCloseTo(0.2, 12);
    expect(band.mean[1]).toBeCloseTo(0.7, 12);
    // s = √(((0.1−0.2)² + (0.3−0.2)²) / 1) = √0.02
    expect(band.std[0]).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(band.n).toEqual([2, 2]);
  });

  it('gives std 0 for a single run', () => {
    expect(meanStdByEpoch([{ epoch: [3], values: [0.4] }]).std).toEqual([0]);
  });

  it('uses the runs that have the epoch when runs have different lengths', () => {
    const band = meanStdByEpoch([
      { epoch: [0, 1, 2], values: [1, 2, 3] },
      { epoch: [0, 1], values: [3, 4] },
    ]);
    expect(band.mean).toEqual([2, 3, 3]);
    expect(band.n).toEqual([2, 2, 1]);
  });

  it('skips missing values and makes the mean NaN where a run diverged', () => {
    const band = meanStdByEpoch([
      { epoch: [0, 1], values: [null, NaN] },
      { epoch: [0, 1], values: [0.5, 0.7] },
    ]);
    expect(band.mean[0]).toBe(0.5);
    expect(band.n[0]).toBe(1);
    expect(band.mean[1]).toBeNaN();
  });
});
