import { describe, expect, it } from 'vitest';
import { cellText, lineTable } from './chartTable';

const fmt = (v: number) => v.toFixed(2);

describe('lineTable', () => {
  it('gives one row per x over every series and one column per series', () => {
    const table = lineTable(
      [
        { id: 'a', label: 'run a', color: '#000', x: [0, 1], y: [0.5, 0.25] },
        { id: 'b', label: 'run b', color: '#000', x: [1, 2], y: [NaN, null] },
      ],
      'epoch',
      fmt,
    );
    expect(table.columns).toEqual(['epoch', 'run a', 'run b']);
    expect(table.rows).toEqual([
      ['0', '0.50', ''],
      ['1', '0.25', 'NaN'],
      ['2', '', '–'],
    ]);
  });

  it('writes a band as mean ± half its width', () => {
    const table = lineTable(
      [
        {
          ...{ id: 'g', label: 'group', color: '#000', x: [3], y: [0.5] },
          band: { lower: [0.4], upper: [0.6] },
        },
      ],
      'step',
      fmt,
    );
    expect(table.rows).toEqual([['3', '0.50 ± 0.10']]);
  });
});

describe('cellText', () => {
  it('keeps Infinity readable and marks missing values', () => {
    expect(cellText(-Infinity, fmt)).toBe('-Infinity');
    expect(cellText(null, fmt)).toBe('–');
    expect(cellText(1 / 3, fmt)).toBe('0.33');
  });
});
