import { describe, expect, it } from 'vitest';
import { histogramGrid, rebin } from './heatmap';

describe('rebin', () => {
  it('keeps a histogram that already matches the target bins', () => {
    expect(rebin({ min: 0, max: 4, counts: [1, 2, 3, 4] }, 0, 4, 4)).toEqual([1, 2, 3, 4]);
  });

  it('splits a source bin across two target bins by overlap', () => {
    // one bin [0, 2) with 10 counts onto bins [−1, 0), [0, 1), [1, 2), [2, 3)
    expect(rebin({ min: 0, max: 2, counts: [10] }, -1, 3, 4)).toEqual([0, 5, 5, 0]);
  });

  it('preserves the total count', () => {
    const out = rebin({ min: -0.3, max: 0.7, counts: [3, 7, 1, 9, 4] }, -1, 1, 13);
    expect(out.reduce((s, c) => s + c, 0)).toBeCloseTo(24, 9);
  });

  it('puts a zero-width histogram (all weights equal) into one bin', () => {
    expect(rebin({ min: 0.5, max: 0.5, counts: [8] }, 0, 1, 4)).toEqual([0, 0, 8, 0]);
  });
});

describe('histogramGrid', () => {
  it('uses the union of the ranges for every column', () => {
    const grid = histogramGrid(
      [
        { min: 0, max: 1, counts: [4] },
        { min: -1, max: 1, counts: [2, 2] },
      ],
      2,
    );
    expect([grid.min, grid.max]).toEqual([-1, 1]);
    expect(grid.cells).toEqual([
      [0, 4],
      [2, 2],
    ]);
  });

  it('leaves an empty column for a histogram with a non-finite range', () => {
    const grid = histogramGrid(
      [
        { min: 0, max: 1, counts: [4] },
        { min: NaN, max: NaN, counts: [4] },
      ],
      2,
    );
    expect(grid.cells[1]).toEqual([0, 0]);
  });
});
