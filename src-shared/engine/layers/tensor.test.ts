/**
 * Shape arithmetic of conv and pool layers, (n + 2p − k)/s + 1, and its errors naming the layer.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../base/validation';
import { conv2dGeometry } from './conv2d';
import { maxPoolGeometry } from './maxpool';
import { describeShape, volume, type Shape3 } from './tensor';

const mnist: Shape3 = { channels: 1, height: 28, width: 28 };
const conv = (kernel: number, stride = 1, padding = 0) => ({
  filters: 20,
  kernel,
  stride,
  padding,
  activation: 'sigmoid' as const,
});

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('shape arithmetic', () => {
  it('gives ch.6’s shallow net: 1×28×28 → conv 5×5 → 20×24×24 → pool 2 → 20×12×12 (2880 values)', () => {
    const c = conv2dGeometry(mnist, conv(5), 'layers[1]');
    expect(describeShape(c.output)).toBe('20×24×24');
    const p = maxPoolGeometry(c.output, 2, 2, 'layers[2]');
    expect(describeShape(p.output)).toBe('20×12×12');
    expect(volume(p.output)).toBe(2880);
  });

  it('keeps the size with "same" padding (k 5, p 2) and halves it with stride 2 (k 4, p 1)', () => {
    expect(conv2dGeometry(mnist, conv(5, 1, 2), 'layers[1]').output.height).toBe(28);
    expect(conv2dGeometry(mnist, conv(4, 2, 1), 'layers[1]').output.width).toBe(14);
  });

  it('computes height and width separately for a non-square input', () => {
    const wide = { channels: 3, height: 6, width: 10 };
    expect(conv2dGeometry(wide, conv(3), 'layers[1]').output).toEqual({
      channels: 20,
      height: 4,
      width: 8,
    });
    expect(maxPoolGeometry(wide, 2, 2, 'layers[1]').output).toEqual({
      channels: 3,
      height: 3,
      width: 5,
    });
  });
});

describe('shapes that do not fit are refused, naming the layer', () => {
  it('a kernel larger than the padded input', () => {
    const small = { channels: 1, height: 3, width: 3 };
    const error = thrown(() => conv2dGeometry(small, conv(5), 'layers[1]'));
    expect(error.issues[0].path).toBe('layers[1]');
    expect(error.message).toBe(
      'Invalid config: layers[1]: a conv2d kernel of 5 with stride 1 and padding 0 over an input height of 3 does not fit: (3 + 2·0 − 5)/1 + 1 = -1 is below 1',
    );
  });

  it('a stride that leaves part of the input over', () => {
    const error = thrown(() => conv2dGeometry(mnist, conv(5, 2), 'layers[3]'));
    expect(error.issues[0].path).toBe('layers[3]');
    expect(error.message).toContain('(28 + 2·0 − 5)/2 + 1 = 12.5 is not a whole number');
  });

  it('a pool that does not tile its input map', () => {
    const maps = { channels: 20, height: 24, width: 24 };
    const error = thrown(() => maxPoolGeometry(maps, 5, 5, 'layers[2]'));
    expect(error.issues[0].path).toBe('layers[2]');
    // A pool has no padding: the sentence and the formula leave it out.
    expect(error.message).toContain(
      'a maxpool window of 5 with stride 5 over an input height of 24 does not come out even: (24 − 5)/5 + 1 = 4.8 is not a whole number',
    );
  });

  it('checks the width too when the height fits, under any path it is given', () => {
    const error = thrown(() =>
      maxPoolGeometry({ channels: 1, height: 4, width: 5 }, 2, 2, 'features.layers[4]'),
    );
    expect(error.issues[0].path).toBe('features.layers[4]');
    expect(error.message).toContain('input width of 5');
  });
});
