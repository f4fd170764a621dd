import { describe, expect, it } from 'vitest';
import { chartSummary } from './chartSummary';
import type { PlotSeries } from './plotSeries';

const series = (label: string, y: (number | null)[]): PlotSeries => ({
  id: label,
  label,
  color: '#000000',
  x: y.map((_, i) => i + 1),
  y,
});
const look = { xLabel: 'epoch', yLabel: 'cost', percent: false };

describe('chartSummary', () => {
  it('names what is plotted and where each series starts, ends, and its extremes', () => {
    const text = chartSummary(
      [series('training', [0.5, 0.2, 0.25]), series('test', [0.6, 0.3, 0.35])],
      look,
    );
    expect(text).toBe(
      'cost by epoch. training: 0.5 at epoch 1 to 0.25 at epoch 3, lowest 0.2, highest 0.5; ' +
        'test: 0.6 at epoch 1 to 0.35 at epoch 3, lowest 0.3, highest 0.6.',
    );
  });

  it('skips gaps and NaN when finding the first and last values', () => {
    const text = chartSummary([series('validation', [null, Number.NaN, 0.4, 0.3, null])], look);
    expect(text).toBe(
      'cost by epoch. validation: 0.4 at epoch 3 to 0.3 at epoch 4, lowest 0.3, highest 0.4.',
    );
  });

  it('writes accuracies as percentages', () => {
    const text = chartSummary([series('test', [0.9, 0.9512])], {
      ...look,
      yLabel: 'accuracy',
      percent: true,
    });
    expect(text).toContain('test: 90.0% at epoch 1 to 95.1% at epoch 2');
  });

  it('names five series and counts the rest', () => {
    const many = Array.from({ length: 8 }, (_, i) => series(`run ${i + 1}`, [1]));
    const text = chartSummary(many, look);
    expect(text).toContain('run 5: 1 at epoch 1');
    expect(text).not.toContain('run 6');
    expect(text).toMatch(/and 3 more series\.$/);
  });

  it('says so when there is nothing to plot yet', () => {
    expect(chartSummary([], look)).toBe('cost by epoch: no data');
    expect(chartSummary([series('training', [null])], look)).toBe(
      'cost by epoch. training: no values yet.',
    );
  });
});
