import { describe, expect, it } from 'vitest';
import { readSweepRows, type SweepRow } from './sweepRows';
import { sweepFieldsFor } from './sweepFields';
import { presetById } from '../../../src-shared/experiment/presets';

type Config = Record<string, unknown>;
const twoConv = presetById('nielsen-ch6-two-conv')?.config as Config & {
  features: { layers: unknown[] };
};
const row = (path: string, label: string, text: string): SweepRow => ({ path, label, text });

describe('readSweepRows', () => {
  it('reads every row into the grid when each names a field of the config', () => {
    const rows = [
      row('features.layers.2.filters', 'Conv layer 2 filters', '20, 40'),
      row('layers.1', 'Hidden layer 1 units', '100, 200'),
    ];
    expect(readSweepRows(rows, sweepFieldsFor(twoConv))).toEqual({
      problems: [null, null],
      grid: { 'features.layers.2.filters': [20, 40], 'layers.1': [100, 200] },
    });
  });

  it('flags a row whose conv layer was removed, naming the field, and leaves it out of the grid', () => {
    const oneConv = {
      ...twoConv,
      features: { ...twoConv.features, layers: twoConv.features.layers.slice(0, 2) },
    };
    const rows = [
      row('learningRate', 'Learning rate η', '0.1'),
      row('features.layers.2.filters', 'Conv layer 2 filters', '20, 40'),
    ];
    const { problems, grid } = readSweepRows(rows, sweepFieldsFor(oneConv));
    expect(problems[0]).toBeNull();
    expect(problems[1]).toEqual({
      at: 'field',
      message:
        '"Conv layer 2 filters" is gone from the network or its settings since this row was made: choose another field or remove this row',
    });
    expect(grid).toEqual({ learningRate: [0.1] });
  });

  it('refuses two rows that set the same values: a whole list and one entry, momentum and an optimizer', () => {
    const fields = sweepFieldsFor({ layers: [784, 30, 10] });
    const rows = [
      row('layers', 'Layers', '784-30-10'),
      row('layers.1', 'Hidden layer 1 units', '30, 100'),
      row('momentum', 'Momentum μ', '0, 0.9'),
      row('optimizer', 'Optimizer', 'sgd, adam'),
    ];
    expect(readSweepRows(rows, fields).problems).toEqual([
      null,
      {
        at: 'field',
        message:
          'Hidden layer 1 units and Layers (row 1) set the same setting: vary only one of them',
      },
      null,
      {
        at: 'field',
        message: 'Optimizer and Momentum μ (row 3) set the same setting: vary only one of them',
      },
    ]);
  });

  it('points a value problem at the values and a repeated field at the field choice', () => {
    const fields = sweepFieldsFor({ layers: [784, 30, 10] });
    const rows = [row('epochs', 'Epochs', '5, x'), row('epochs', 'Epochs', '5')];
    expect(readSweepRows(rows, fields).problems).toEqual([
      { at: 'values', message: 'Epochs: "x" is not a number' },
      { at: 'field', message: 'Epochs is already varied in row 1: put all its values there' },
    ]);
  });
});
