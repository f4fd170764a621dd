import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../../../src-shared/base/records';
import {
  convLayerStats,
  epochRecord,
  layerStats,
} from '../../../../src-shared/diagnostics/doctor/records.testing';
import {
  convFilterCounts,
  convRows,
  depthLayers,
  errorSignal,
  histogramBars,
  percentText,
  statText,
} from './layerDepth';

const conv = (filters: number) =>
  ({ type: 'conv2d', filters, kernel: 5, stride: 1, padding: 0, activation: 'relu' }) as const;
/** Conv layers of 4 and 16 filters before dense layers of sizes 640-100-10 (taken as given). */
const convNet = {
  layers: [640, 100, 10],
  features: {
    input: [28, 28, 1] as [number, number, number],
    layers: [conv(4), { type: 'maxpool' as const, size: 2 }, conv(16)],
  },
};

const withConv = (epoch: number): EpochRecord =>
  epochRecord(epoch, [layerStats(1, { biasGradientNorm: 2 }), layerStats(2)], {
    convLayers: [
      convLayerStats(1, { biasGradientNorm: 0.3, deadFilterFraction: 0.25 }),
      convLayerStats(2, { biasGradientNorm: 4 }),
    ],
  });

describe('depthLayers', () => {
  it('puts the conv layers first, then the weight layers, named "dense layer ℓ"', () => {
    const layers = depthLayers([withConv(0)], convNet);
    expect(layers.map((l) => l.label)).toEqual([
      'conv layer 1',
      'conv layer 2',
      'dense layer 1',
      'dense layer 2',
    ]);
    expect(layers.map((l) => l.biases)).toEqual([4, 16, 100, 10]);
  });

  it('names a dense network’s weight layers "layer ℓ", as Nielsen numbers them', () => {
    const record = epochRecord(0, [layerStats(1), layerStats(2)]);
    const layers = depthLayers([record], { layers: [784, 30, 10] });
    expect(layers.map((l) => l.label)).toEqual(['layer 1', 'layer 2']);
    expect(layers.map((l) => l.biases)).toEqual([30, 10]);
  });

  it('reads each layer’s speed per bias parameter: ‖∂C/∂b‖/√F for a conv layer, /√n for a dense one', () => {
    const record = withConv(1);
    const speeds = depthLayers([record], convNet).map((l) => errorSignal(l, l.statsIn(record)!));
    expect(speeds).toEqual([0.3 / 2, 4 / 4, 2 / 10, 0.1 / Math.sqrt(10)]);
  });

  it('leaves conv layers out of records made before they were measured, still naming dense layers', () => {
    const old = epochRecord(0, [layerStats(1), layerStats(2)]);
    const layers = depthLayers([old], convNet);
    expect(layers.map((l) => l.id)).toEqual(['dense1', 'dense2']);
    expect(layers.map((l) => l.label)).toEqual(['dense layer 1', 'dense layer 2']);
  });
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

  it('reads the filters of the conv2d layers only', () => {
    expect(
      convFilterCounts({
        input: [28, 28, 1],
        layers: [
          { type: 'conv2d', filters: 20, kernel: 5, stride: 1, padding: 0, activation: 'relu' },
          { type: 'maxpool', size: 2 },
          { type: 'conv2d', filters: 40, kernel: 5, stride: 1, padding: 0, activation: 'relu' },
        ],
      }),
    ).toEqual([20, 40]);
    expect(convFilterCounts(undefined)).toEqual([]);
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
