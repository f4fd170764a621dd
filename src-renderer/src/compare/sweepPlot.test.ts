import { describe, expect, it } from 'vitest';
import {
  axisPosition,
  axisText,
  metricAxis,
  nearestLine,
  segmentDistance,
  sweepAxes,
} from './sweepPlot';

describe('sweepAxes', () => {
  const rows = [
    { path: 'learningRate', values: [0.01, 0.1, 1], differs: true },
    { path: 'batchSize', values: [10, 20, 30], differs: true },
    { path: 'cost', values: ['quadratic', 'cross-entropy', 'quadratic'], differs: true },
    { path: 'epochs', values: [2, 2, 2], differs: false },
    { path: 'optimizer', values: [undefined, 'sgd', 'adam'], differs: true },
    // Differs only by absence (one run has it): no axis.
    { path: 'momentum', values: [undefined, undefined, 0.9], differs: true },
    { path: 'seed', values: [1, undefined, 1], differs: true },
  ];

  it('makes one axis per field that varies where known: log for decades, linear, categories', () => {
    const axes = sweepAxes(rows);
    expect(axes.map((a) => [a.path, a.kind])).toEqual([
      ['learningRate', 'log'],
      ['batchSize', 'linear'],
      ['cost', 'category'],
      ['optimizer', 'category'],
    ]);
    expect(axes[2].categories).toEqual(['quadratic', 'cross-entropy']);
    expect(axes[2].values).toEqual([0, 1, 0]);
    expect(axes[3].values).toEqual([null, 0, 1]);
  });

  it('places values on their axis in [0, 1]', () => {
    const [lr, batch] = sweepAxes(rows);
    expect(axisPosition(lr, 0.1)).toBeCloseTo(0.5, 12);
    expect(axisPosition(batch, 25)).toBeCloseTo(0.75, 12);
    expect(axisPosition(batch, null)).toBeNull();
    expect(axisPosition({ kind: 'linear', min: 3, max: 3 }, 3)).toBe(0.5);
  });
});

describe('metricAxis', () => {
  it('spans the finite values and leaves NaN off the axis', () => {
    const axis = metricAxis('best accuracy', [0.5, NaN, 0.9, null]);
    expect([axis.min, axis.max]).toEqual([0.5, 0.9]);
    expect(axis.values).toEqual([0.5, null, 0.9, null]);
  });
});

describe('clicking a line', () => {
  it('measures the distance to a segment, not to its infinite line', () => {
    expect(segmentDistance([5, 3], [0, 0], [10, 0])).toBe(3);
    expect(segmentDistance([13, 4], [0, 0], [10, 0])).toBe(5);
  });

  it('picks the nearest polyline within the tolerance', () => {
    const lines: [number, number][][] = [
      [
        [0, 0],
        [100, 0],
      ],
      [
        [0, 10],
        [100, 10],
      ],
    ];
    expect(nearestLine([50, 8], lines, 5)).toBe(1);
    expect(nearestLine([50, 3], lines, 5)).toBe(0);
    expect(nearestLine([50, 40], lines, 5)).toBe(-1);
  });
});

describe('axisText', () => {
  it('names categories and rounds numbers to four significant digits', () => {
    const [cost, lr] = sweepAxes([
      { path: 'cost', values: ['quadratic', 'cross-entropy'], differs: true },
      { path: 'learningRate', values: [0.5, 3], differs: true },
    ]);
    expect(axisText(cost, 1)).toBe('cross-entropy');
    expect(axisText(lr, 0.98643536658)).toBe('0.9864');
    expect(axisText(lr, null)).toBe('–');
  });
});
