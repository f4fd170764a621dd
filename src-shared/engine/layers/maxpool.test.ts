/**
 * Max-pooling by hand (values, winners, ties, overlapping windows) and against finite differences.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { maxPoolBackward, maxPoolForward, maxPoolGeometry, type MaxPoolGeometry } from './maxpool';
import { volume, type Shape3 } from './tensor';

function pool(g: MaxPoolGeometry, x: number[]) {
  const y = new Float64Array(volume(g.output));
  const argmax = new Int32Array(y.length);
  maxPoolForward(g, Float64Array.from(x), y, argmax);
  return { y: Array.from(y), argmax };
}

/**
 * One 4×4 channel in 2×2 windows (stride 2):   | 1  3 | 2 0 |
 *                                               | 4  2 | 1 1 |
 *                                               |------+-----|
 *                                               | 0  0 | 5 5 |
 *                                               | 0 −1 | 5 2 |
 * maxima 4 (at index 4), 2 (index 2), 0 (a tie of 0, 0, 0: the first, index 8), 5 (a tie of
 * three 5s: the first, index 10).
 */
const x4 = [1, 3, 2, 0, 4, 2, 1, 1, 0, 0, 5, 5, 0, -1, 5, 2];
const grey4: Shape3 = { channels: 1, height: 4, width: 4 };

describe('maxpool by hand', () => {
  it('keeps each window’s maximum; ties go to the first in row-major order', () => {
    const g = maxPoolGeometry(grey4, 2, 2, 'layers[0]');
    expect(g.output).toEqual({ channels: 1, height: 2, width: 2 });
    const { y, argmax } = pool(g, x4);
    expect(y).toEqual([4, 2, 0, 5]);
    expect(Array.from(argmax)).toEqual([4, 2, 8, 10]);
  });

  it('sends each output’s gradient to its window’s winner only', () => {
    const g = maxPoolGeometry(grey4, 2, 2, 'layers[0]');
    const { argmax } = pool(g, x4);
    const gX = new Float64Array(16).fill(9); // stale values must be overwritten
    maxPoolBackward(g, [1, 2, 3, 4], argmax, gX);
    const expected = Array(16).fill(0);
    [expected[4], expected[2], expected[8], expected[10]] = [1, 2, 3, 4];
    expect(Array.from(gX)).toEqual(expected);
  });

  it('pools every channel on its own', () => {
    const two: Shape3 = { channels: 2, height: 2, width: 2 };
    const g = maxPoolGeometry(two, 2, 2, 'layers[0]');
    const { y, argmax } = pool(g, [1, 7, 3, 2, -5, -1, -3, -2]);
    expect(y).toEqual([7, -1]);
    expect(Array.from(argmax)).toEqual([1, 5]);
  });

  it('adds the gradients of overlapping windows (size 2, stride 1) that share a winner', () => {
    // | 1 2 0 |  every 2×2 window holds the 5 in the middle (index 4)
    // | 0 5 1 |
    // | 2 1 1 |
    const g = maxPoolGeometry({ channels: 1, height: 3, width: 3 }, 2, 1, 'layers[0]');
    const { y } = pool(g, [1, 2, 0, 0, 5, 1, 2, 1, 1]);
    expect(y).toEqual([5, 5, 5, 5]);
    const gX = new Float64Array(9);
    maxPoolBackward(g, [1, 2, 3, 4], pool(g, [1, 2, 0, 0, 5, 1, 2, 1, 1]).argmax, gX);
    expect(Array.from(gX)).toEqual([0, 0, 0, 0, 10, 0, 0, 0, 0]);
  });
});

describe('maxpool backward agrees with finite differences', () => {
  it.each([
    { size: 2, stride: 2 },
    { size: 3, stride: 1 },
    { size: 2, stride: 1 },
  ])('size $size, stride $stride on 2×6×6 distinct random values', ({ size, stride }) => {
    const rng = new Rng(5);
    const input: Shape3 = { channels: 2, height: 6, width: 6 };
    const g = maxPoolGeometry(input, size, stride, 'layers[0]');
    const x = Float64Array.from({ length: volume(input) }, () => rng.normal());
    const r = Float64Array.from({ length: volume(g.output) }, () => rng.normal());
    const y = new Float64Array(r.length);
    const argmax = new Int32Array(r.length);
    const cost = () => {
      maxPoolForward(g, x, y, argmax);
      return y.reduce((s, v, i) => s + v * r[i], 0);
    };
    cost();
    const gX = new Float64Array(x.length);
    maxPoolBackward(g, r, argmax, gX);
    const h = 1e-6;
    let worst = 0;
    for (let i = 0; i < x.length; i++) {
      const keep = x[i];
      x[i] = keep + h;
      const up = cost();
      x[i] = keep - h;
      const down = cost();
      x[i] = keep;
      worst = Math.max(worst, Math.abs((up - down) / (2 * h) - gX[i]));
    }
    expect(worst).toBeLessThan(1e-8);
    expect(gX.some((v) => v !== 0)).toBe(true);
  });
});
