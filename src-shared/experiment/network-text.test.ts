import { describe, expect, it } from 'vitest';
import { networkText } from './network-text';

describe('networkText', () => {
  it("writes a dense network as Nielsen's sizes", () => {
    expect(networkText({ layers: [784, 30, 10] })).toBe('784-30-10');
  });

  it('writes a conv net from its image, never its flattened conv output as the input', () => {
    const text = networkText({
      layers: [2880, 100, 10],
      features: {
        input: [28, 28, 1],
        layers: [
          { type: 'conv2d', filters: 20, kernel: 5, stride: 1, padding: 0, activation: 'sigmoid' },
          { type: 'maxpool', size: 2 },
        ],
      },
    });
    expect(text).toBe('28×28×1 · conv 20 of 5×5 · pool 2 · 100-10');
    expect(text).not.toContain('2880');
  });

  it('names a stride and padding only when they are not the defaults', () => {
    const text = networkText({
      layers: [1000, 10],
      features: {
        input: [32, 32, 3],
        layers: [
          { type: 'conv2d', filters: 8, kernel: 3, stride: 2, padding: 1, activation: 'relu' },
          { type: 'maxpool', size: 2, stride: 1 },
        ],
      },
    });
    expect(text).toBe('32×32×3 · conv 8 of 3×3 stride 2 pad 1 · pool 2 stride 1 · 10');
  });
});
