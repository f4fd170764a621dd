import { describe, expect, it } from 'vitest';
import { confusionMatrix, networkFromWeights, predictClasses } from './predictions';

describe('networkFromWeights', () => {
  it('lays weights[l][j][k] out row-major by output neuron', () => {
    const net = networkFromWeights(
      {
        weights: [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
        biases: [[0.5, -0.5]],
      },
      ['sigmoid'],
    );
    expect(net.sizes).toEqual([3, 2]);
    expect(Array.from(net.weights[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(net.biases[0])).toEqual([0.5, -0.5]);
  });
});

describe('predictClasses', () => {
  it('predicts the output with the largest activation, scaling bytes to [0, 1]', () => {
    // Output 0 fires on pixel 0, output 1 on pixel 1 (z = 10·x − 5).
    const net = networkFromWeights(
      {
        weights: [
          [
            [10, 0],
            [0, 10],
          ],
        ],
        biases: [[-5, -5]],
      },
      ['sigmoid'],
    );
    expect(
      predictClasses(net, [
        [255, 0],
        [0, 255],
        [255, 51],
      ]),
    ).toEqual([0, 1, 0]);
  });
});

describe('confusionMatrix', () => {
  it('counts each actual class against its predicted class', () => {
    expect(confusionMatrix([0, 0, 1, 2], [0, 1, 1, 1], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [0, 1, 0],
    ]);
  });
});
