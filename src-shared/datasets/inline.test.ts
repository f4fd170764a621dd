import { describe, expect, it } from 'vitest';
import { inlineDataset } from './inline';
import { logicDataset } from './logic';

describe('inline datasets', () => {
  it('labels one-hot and 0/1 targets, and marks other targets as regression (−1)', () => {
    const oneHot = inlineDataset(
      {
        kind: 'inline',
        inputs: [[1], [2]],
        targets: [
          [0, 1],
          [1, 0],
        ],
      },
      {},
    );
    expect(Array.from(oneHot.train.labels)).toEqual([1, 0]);
    expect(oneHot.outputSize).toBe(2);
    const regression = inlineDataset(
      { kind: 'inline', inputs: [[1], [2]], targets: [[0.3], [1]] },
      {},
    );
    expect(Array.from(regression.train.labels)).toEqual([-1, 1]);
  });

  it('names the row whose width differs and a targets/inputs count mismatch', () => {
    expect(() =>
      inlineDataset({ kind: 'inline', inputs: [[1, 2], [3]], targets: [[0], [1]] }, {}),
    ).toThrow('dataset.inputs[1]: has 1 values, expected 2');
    expect(() => inlineDataset({ kind: 'inline', inputs: [[1], [2]], targets: [[0]] }, {})).toThrow(
      'dataset.targets: has 1 rows, expected one per input row (2)',
    );
  });
});

describe('logic datasets', () => {
  it.each([
    ['xor', [0, 1, 1, 0]],
    ['and', [0, 0, 0, 1]],
    ['or', [0, 1, 1, 1]],
    ['nand', [1, 1, 1, 0]],
  ] as const)('%s has its truth table as train and test set', (name, outputs) => {
    const data = logicDataset(name);
    expect(Array.from(data.train.inputs)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(data.train.targets ?? [])).toEqual(outputs);
    expect(Array.from(data.test.labels)).toEqual(outputs);
    expect(data.validation.count).toBe(0);
  });
});
