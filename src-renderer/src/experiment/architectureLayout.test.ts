import { describe, expect, it } from 'vitest';
import { architectureLayout, blockHeight } from './architectureLayout';

const book = [
  { type: 'input', shape: [28, 28] },
  { type: 'dense', units: 100, activation: 'relu' },
  { type: 'dropout', rate: 0.5 },
  { type: 'dense', units: 10, activation: 'softmax' },
];

describe('architectureLayout', () => {
  it('draws one block per layer with its tensor shape, wider layers taller', () => {
    const { blocks, text } = architectureLayout(book);
    expect(blocks.map((b) => [b.title, b.detail, b.shape])).toEqual([
      ['input', '', '28×28'],
      ['dense', 'relu', '100'],
      ['dropout 0.5', '', '100'],
      ['dense', 'softmax', '10'],
    ]);
    const [input, hidden, dropout, output] = blocks;
    expect(input.height).toBeGreaterThan(hidden.height);
    expect(hidden.height).toBeGreaterThan(output.height);
    expect(dropout.height).toBe(hidden.height);
    expect(dropout.dashed).toBe(true);
    expect(blocks.map((b) => b.x)).toEqual([...blocks.map((b) => b.x)].sort((a, b) => a - b));
    expect(text).toBe('input 28×28 → dense relu 100 → dropout 0.5 100 → dense softmax 10');
  });

  it('keeps heights between 14 and 140 px, 14 px per doubling', () => {
    expect(blockHeight(1)).toBe(14);
    expect(blockHeight(8)).toBe(14 + 14 * 3);
    expect(blockHeight(1e9)).toBe(140);
  });

  it('names a conv layer by its window and activation, and writes its volume', () => {
    const conv = { type: 'conv2d', filters: 20, kernel: 5, activation: 'relu' };
    const [, block] = architectureLayout([book[0], conv, { type: 'maxpool', size: 2 }]).blocks;
    expect([block.title, block.detail, block.shape]).toEqual(['conv2d 5×5', 'relu', '20×24×24']);
  });

  it('writes ? for a layer whose size is not a number yet', () => {
    const { blocks } = architectureLayout([book[0], { type: 'dense', units: '' }, book[3]]);
    expect(blocks[1].shape).toBe('?');
    expect(blocks[2].shape).toBe('10');
  });
});
