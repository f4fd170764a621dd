import { describe, expect, it } from 'vitest';
import type { Split } from '../base/dataset';
import type { Network } from '../engine/network';
import { confusionMatrix, confusionOf, networkFromWeights } from './confusion';

/** 2 inputs, 2 linear outputs, z_j = x_j: the predicted class is the larger input. */
function larger(): Network {
  return networkFromWeights(
    {
      weights: [
        [
          [1, 0],
          [0, 1],
        ],
      ],
      biases: [[0, 0]],
    },
    ['linear'],
  );
}

function split(rows: number[][], labels: number[]): Split {
  return {
    count: rows.length,
    inputSize: 2,
    inputs: Float64Array.from(rows.flat()),
    labels: Int32Array.from(labels),
    targets: null,
  };
}

describe('confusion matrices', () => {
  it('count actual × predicted, skipping unlabelled examples', () => {
    expect(confusionMatrix([0, 1, 1, -1, 2], [0, 0, 1, 1, 2], 3)).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('classify a split with the network, as the engine predicts', () => {
    const data = split(
      [
        [1, 0],
        [0, 1],
        [1, 0],
        [0.2, 0.9],
        [0.7, 0.1],
      ],
      [0, 1, 1, 1, 0],
    );
    const c = confusionOf(larger(), data, 2);
    expect(c).toEqual({
      counts: [
        [2, 0],
        [1, 2],
      ],
      examples: 5,
      correct: 4,
    });
  });

  it('say nothing when the network does not fit the split or nothing is labelled', () => {
    const data = split([[1, 0]], [0]);
    expect(confusionOf(larger(), data, 3)).toBeNull();
    expect(confusionOf(larger(), { ...data, inputSize: 3 }, 2)).toBeNull();
    expect(confusionOf(larger(), split([[1, 0]], [-1]), 2)).toBeNull();
    expect(confusionOf(larger(), split([], []), 2)).toBeNull();
  });
});
