import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../../src-shared/base/records';
import {
  convLayerStats,
  epochRecord,
  layerStats,
} from '../../../../src-shared/diagnostics/doctor/records.testing';
import { convRows, histogramBars, percentText, statText } from './layerDepth';

const withConv = (epoch: number): EpochRecord =>
  epochRecord(epoch, [layerStats(1), layerStats(2)], {
    convLayers: [convLayerStats(1, { deadFilterFraction: 0.25 }), convLayerStats(2)],
  });

describe('the conv layers table', () => {
  it('counts dead filters from the fraction and the layer’s filters', () => {
    const rows = convRows(withConv(1), [4, 16]);
    expect(rows.map((r) => [r.label, r.deadFilters, r.filters])).toEqual([
      ['conv layer 1', 1, 4],
      ['conv layer 2', 0, 16],
    ]);
    expect(convRows(undefined, [4])).toEqual([]);
  });

  it('draws histogram bars by log(1 + count) scaled to the tallest, skipping empty bins', () => {
    // log(1 + 1) / log(1 + 3) = ½, log(1 + 15) / log(1 + 3) = 2 → the tallest is 15.
    const bars = histogramBars({ min: 0, max: 1, counts: [3, 0, 15, 1] }, 40, 20);
    expect(bars.map((b) => b.x)).toEqual([0, 20, 30]);
    expect(bars.map((b) => b.width)).toEqual([10, 10, 10]);
    expect(bars[0].height).toBeCloseTo(10, 12);
    expect(bars[1]).toEqual({ x: 20, y: 0, width: 10, height: 20 });
    expect(bars[2].height).toBeCloseTo(5, 12);
    expect(bars[2].y).toBeCloseTo(15, 12);
    expect(histogramBars({ min: 0, max: 0, counts: [0, 0] }, 40, 20)).toEqual([]);
  });

  it('writes numbers short', () => {
    expect([statText(0.123456), statText(2.5e-5), statText(0), statText(Number.NaN)]).toEqual([
      '0.123',
      '2.5e-5',
      '0',
      'NaN',
    ]);
    expect([percentText(0.374), percentText(0.004), percentText(0)]).toEqual(['37%', '0.4%', '0%']);
  });
});
