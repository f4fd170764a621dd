import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../../../src-shared/engine/options';
import { channelTiles, filterLayers, filterTiles, greyOf, rangeOf } from './convMaps';

const conv = (filters: number, kernel: number) =>
  ({ type: 'conv2d', filters, kernel, stride: 1, padding: 0, activation: 'relu' }) as const;
const spec: FeatureSpec = {
  input: [6, 6, 1],
  layers: [conv(2, 2), { type: 'maxpool', size: 2 }, conv(3, 1)],
};
const first = [1, 2, 3, 4, -5, 6, 7, 8]; // 2 filters of 1×2×2
const second = [0.5, -0.25, 1, 2, 3, -4]; // 3 filters over 2 channels of 1×1

describe('filterLayers', () => {
  it('places each conv layer on its input channels and scales it by its own largest |w|', () => {
    const layers = filterLayers(spec, {
      weights: [first, second],
      biases: [
        [0, 0],
        [0, 0, 0],
      ],
    });
    expect(layers.map((l) => [l.position, l.filters, l.channels, l.kernel, l.scale])).toEqual([
      [1, 2, 1, 2, 8],
      [3, 3, 2, 1, 4],
    ]);
    expect(filterTiles(layers[0])).toEqual([
      [1, 2, 3, 4],
      [-5, 6, 7, 8],
    ]);
    expect(filterTiles(layers[1])).toEqual([[0.5], [-0.25], [1], [2], [3], [-4]]);
  });

  it('refuses stored weights that do not fit the layer', () => {
    expect(() =>
      filterLayers(spec, {
        weights: [first.slice(1), second],
        biases: [
          [0, 0],
          [0, 0, 0],
        ],
      }),
    ).toThrow(/conv layer 1 has 7 stored weights, expected 2×1×2×2/);
  });
});

describe('feature map tiles', () => {
  it('cuts a [C, H, W] volume into C tiles of H·W', () => {
    const v = { channels: 2, height: 1, width: 3, values: [1, 2, 3, 4, 5, 6] };
    expect(channelTiles(v)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('greys a layer’s values on its own range: white at the least, black at the most', () => {
    const range = rangeOf([0.5, 2, -1]);
    expect(range).toEqual({ min: -1, max: 2 });
    expect([greyOf(-1, range), greyOf(0.5, range), greyOf(2, range)]).toEqual([255, 128, 0]);
    expect(greyOf(3, rangeOf([3, 3]))).toBe(255);
  });
});
