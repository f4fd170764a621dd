/**
 * conv2d and maxpool in the run config: typed layers become `features` with layers[0] the conv
 * output, shapes are checked through the stack naming the typed layer, the sizes form with
 * `features` is checked the same way, the fast path takes float32 conv nets but not their dropout, and ch.6's preset is the
 * book's network.
 */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from './config';
import { fastConfigProblem } from './fast-engine';
import { presetById } from './presets';

const base = { learningRate: 0.1, batchSize: 10, epochs: 1, cost: 'log-likelihood' };
const input = { type: 'input', shape: [28, 28, 1] };
const conv = (over = {}) => ({ type: 'conv2d', filters: 20, kernel: 5, ...over });
const pool = (size: number) => ({ type: 'maxpool', size });
const dense = (units: number, activation = 'sigmoid') => ({ type: 'dense', units, activation });

function issues(config: unknown): string[] {
  const result = runConfigSchema.safeParse(config);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('typed conv layers', () => {
  it('become features with layers[0] = 20×12×12 = 2880 for ch.6’s shallow net', () => {
    const c = runConfigSchema.parse({
      ...base,
      layers: [input, conv(), pool(2), dense(100), dense(10, 'softmax')],
    });
    expect(c.features).toEqual({
      input: [28, 28, 1],
      layers: [
        { type: 'conv2d', filters: 20, kernel: 5, stride: 1, padding: 0, activation: 'sigmoid' },
        { type: 'maxpool', size: 2 },
      ],
    });
    expect([c.layers, c.activations]).toEqual([
      [2880, 100, 10],
      ['sigmoid', 'softmax'],
    ]);
  });

  it('read a two-entry input shape as one channel, and chain conv after pool', () => {
    const c = runConfigSchema.parse({
      ...base,
      layers: [
        { type: 'input', shape: [12, 12] },
        conv({ filters: 4, kernel: 3, padding: 1 }),
        pool(2),
        conv({ filters: 6, kernel: 3 }),
        dense(2, 'softmax'),
      ],
    });
    // 1×12×12 → 4×12×12 → 4×6×6 → 6×4×4 = 96
    expect(c.features?.input).toEqual([12, 12, 1]);
    expect(c.layers).toEqual([96, 2]);
  });

  it.each([
    [
      [input, conv({ kernel: 5, stride: 2 }), dense(10, 'softmax')],
      'layers.1: a conv2d kernel of 5 with stride 2 and padding 0 over an input height of 28 does not come out even: (28 + 2·0 − 5)/2 + 1 = 12.5 is not a whole number',
    ],
    [
      [input, conv(), pool(5), dense(10, 'softmax')],
      'layers.2: a maxpool window of 5 with stride 5',
    ],
    [
      [input, conv({ kernel: 29 }), dense(10, 'softmax')],
      'layers.1: a conv2d kernel of 29 with stride 1 and padding 0 over an input height of 28 does not fit',
    ],
    [
      [input, conv({ kernel: 3, padding: 3 }), dense(10, 'softmax')],
      'layers.1: a conv2d padding of 3 with a kernel of 3 gives outputs that see only padding: padding must be less than the kernel',
    ],
    [
      [input, conv({ kernel: 1, padding: 50 }), dense(10, 'softmax')],
      'layers.1: a conv2d padding of 50 with a kernel of 1',
    ],
    [
      [input, conv({ filters: 512, kernel: 3, padding: 1 }), dense(10, 'softmax')],
      'layers.1: the conv layers put out 512×28×28 = 401408 values, more than the 100000 inputs a dense layer takes (add a maxpool, or use fewer filters or a larger stride)',
    ],
    [
      [input, dense(30), conv(), dense(10, 'softmax')],
      'layers.2: conv2d must follow the input or another conv2d or maxpool layer, not a dense layer',
    ],
    [
      [{ type: 'input', shape: [784] }, pool(2), dense(10, 'softmax')],
      'layers.1: maxpool needs an image',
    ],
    [
      [input, conv({ activation: 'softmax' }), dense(10, 'softmax')],
      'layers.1: softmax is allowed on the output layer only',
    ],
    [[input, conv(), pool(2)], 'layers: layers needs at least one dense layer after the input'],
    [
      [input, conv(), { type: 'dropout', rate: 0.5 }, dense(10, 'softmax')],
      'layers.2: dropout must follow a hidden dense layer, not the conv2d layer before it',
    ],
    [[input, conv({ filterz: 3 }), dense(10, 'softmax')], 'layers.1.filterz:'],
  ])('refuse %j naming the layer', (layers, message) => {
    expect(issues({ ...base, layers }).join('\n')).toContain(message);
  });

  it('refuse features given beside typed layers', () => {
    const config = { ...base, layers: [input, conv(), dense(10, 'softmax')], features: {} };
    expect(issues(config).join('\n')).toContain('features: typed layers set this in each layer');
  });
});

describe('the stored form with features', () => {
  const features = { input: [28, 28, 1], layers: [conv(), pool(2)] };

  it('parses again to itself (a stored conv run reads back the same)', () => {
    const once = runConfigSchema.parse({
      ...base,
      layers: [input, conv(), pool(2), dense(10, 'softmax')],
    });
    expect(runConfigSchema.parse(once)).toEqual(once);
  });

  it('needs layers[0] to be the conv output', () => {
    const config = { ...base, features, layers: [784, 10], activations: 'softmax' };
    expect(issues(config)).toEqual([
      'layers.0: must be 2880, the values the conv layers put out (20×12×12); got 784',
    ]);
  });

  it('names features.layers[i] when its padding is not less than its kernel', () => {
    const bad = { ...features, layers: [conv({ kernel: 5, padding: 5 }), pool(2)] };
    const config = { ...base, features: bad, layers: [4500, 10], activations: 'softmax' };
    expect(issues(config).join('\n')).toContain('features.layers.0: a conv2d padding of 5');
  });

  it('names features.layers[i] when a layer does not fit', () => {
    const bad = { ...features, layers: [conv(), pool(5)] };
    const config = { ...base, features: bad, layers: [2880, 10], activations: 'softmax' };
    expect(issues(config).join('\n')).toContain('features.layers.1: a maxpool window of 5');
  });

  it('refuses an input that is not [height, width, channels]', () => {
    const config = {
      ...base,
      features: { ...features, input: [28, 28] },
      layers: [2880, 10],
      activations: 'softmax',
    };
    expect(issues(config).join('\n')).toContain('features.input');
  });
});

describe('engines', () => {
  it('the fast path trains float32 conv nets, with dropout too, and refuses float64 by name (auto then takes the reference engine)', () => {
    const layers = [input, conv(), pool(2), dense(10, 'softmax')];
    const c = runConfigSchema.parse({ ...base, precision: 'float32', layers });
    expect(fastConfigProblem(c)).toBeNull();
    const withDropout = runConfigSchema.parse({
      ...base,
      precision: 'float32',
      layers: [
        input,
        conv(),
        pool(2),
        dense(20, 'relu'),
        { type: 'dropout', rate: 0.5 },
        dense(10, 'softmax'),
      ],
    });
    expect(fastConfigProblem(withDropout)).toBeNull();
    const float64 = runConfigSchema.parse({ ...base, precision: 'float64', layers });
    expect(fastConfigProblem(float64)).toMatch(/^precision float64/);
  });
});

describe('the ch.6 shallow conv net preset', () => {
  it('is the book’s network3.py net written out as typed layers', () => {
    const preset = runConfigSchema.parse(presetById('nielsen-ch6-shallow-conv')?.config);
    const typed = runConfigSchema.parse({
      ...base,
      name: 'Nielsen ch.6 shallow conv net',
      dataset: 'mnist',
      layers: [input, conv(), pool(2), dense(100), dense(10, 'softmax')],
      init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
      epochs: 60,
      seed: 1,
    });
    expect(preset).toEqual(typed);
    expect([preset.learningRate, preset.batchSize, preset.cost]).toEqual([
      0.1,
      10,
      'log-likelihood',
    ]);
  });
});
