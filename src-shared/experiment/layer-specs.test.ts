/**
 * Typed layers mean exactly what the sizes form means, every stored form parses as before, and a
 * bad typed layer is refused naming its index.
 */
import { describe, expect, it } from 'vitest';
import { parseOrThrow, ValidationError } from '../base/validation';
import { activationsOf, runConfigSchema, type RunConfigInput } from './config';
import { presets } from './presets';

/** The sizes form of `config` rewritten as typed layers, written out layer by layer. */
function typed(config: RunConfigInput): Record<string, unknown> {
  const { activations: _a, dropout, layers, ...rest } = config;
  const acts = activationsOf(runConfigSchema.parse(config));
  const specs: Record<string, unknown>[] = [{ type: 'input', shape: [layers[0]] }];
  layers.slice(1).forEach((units, i) => {
    specs.push({ type: 'dense', units, activation: acts[i] });
    const rate = dropout?.[i + 1] ?? 0;
    if (rate > 0 && i + 2 < layers.length) specs.push({ type: 'dropout', rate });
  });
  return { ...rest, layers: specs };
}

function issues(input: unknown): string[] {
  try {
    parseOrThrow(runConfigSchema, input, 'config');
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const stored: (readonly [string, RunConfigInput])[] = [
  // Dense presets; the conv preset's typed form is checked in conv-layers.test.ts.
  ...presets.filter((p) => !p.config.features).map((p) => [`preset ${p.id}`, p.config] as const),
  [
    'a stored run with per-layer activations, momentum and a schedule',
    {
      layers: [5, 6, 4, 3],
      activations: ['tanh', 'relu', 'softmax'],
      cost: 'log-likelihood',
      learningRate: 0.3,
      batchSize: 7,
      epochs: 8,
      momentum: 0.9,
      l2: 0.5,
      schedule: { kind: 'plateau', patience: 1, factor: 0.5 },
    },
  ],
];
const newKeys = ['dropout', 'optimizer', 'expand'];

describe('typed layers', () => {
  it.each(stored)('%s: its typed form parses to the same engine options', (_name, config) => {
    const sizes = runConfigSchema.parse(config);
    const fromTyped = runConfigSchema.parse(typed(config));
    expect({ ...fromTyped, activations: activationsOf(fromTyped) }).toEqual({
      ...sizes,
      activations: activationsOf(sizes),
    });
  });

  it.each(stored)('%s: the sizes form gains no new field and keeps its own', (_name, config) => {
    const parsed = runConfigSchema.parse(config);
    expect(Object.keys(parsed).filter((k) => newKeys.includes(k) && !(k in config))).toEqual([]);
    expect([parsed.layers, parsed.activations]).toEqual([
      config.layers,
      config.activations ?? 'sigmoid',
    ]);
  });

  it('turn input shape, units, activations and dropout into the sizes form', () => {
    const parsed = runConfigSchema.parse({
      layers: [
        { type: 'input', shape: [28, 28, 1] },
        { type: 'dense', units: 100, activation: 'relu' },
        { type: 'dropout', rate: 0.5 },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
      cost: 'log-likelihood',
      learningRate: 0.1,
      batchSize: 10,
      epochs: 1,
    });
    expect([parsed.layers, parsed.activations, parsed.dropout]).toEqual([
      [784, 100, 10],
      ['relu', 'softmax'],
      [0, 0.5],
    ]);
  });

  const base = { learningRate: 1, batchSize: 1, epochs: 1 };
  const input = { type: 'input', shape: [4] };
  const dense = (units: number) => ({ type: 'dense', units });

  it.each([
    [[input, { type: 'pool', size: 2 }, dense(2)], 'config.layers[1].type: type must be one of'],
    [[input, { type: 'dense', units: 3, unitz: 2 }, dense(2)], 'config.layers[1].unitz:'],
    [
      [input, { type: 'dense', units: 0 }, dense(2)],
      'config.layers[1].units: units must be at least 1',
    ],
    [
      [input, { type: 'conv2d', filters: 4, kernel: 3 }, dense(2)],
      "config.layers[1]: conv2d needs an image: give the input's shape as [height, width]",
    ],
    [
      [input, { type: 'dropout', rate: 0.5 }, dense(2)],
      'config.layers[1]: dropout must follow a hidden dense layer',
    ],
    [
      [input, dense(3), dense(2), { type: 'dropout', rate: 0.5 }],
      'config.layers[3]: dropout cannot follow the output layer',
    ],
    [
      [input, dense(3), { type: 'dropout', rate: 1 }, dense(2)],
      'config.layers[2].rate: rate must be in [0, 1)',
    ],
    [[dense(3), dense(2)], 'config.layers[0]: the first layer must be'],
    [[input, input, dense(2)], 'config.layers[1]: only the first layer can be the input'],
    [[input], 'config.layers: layers needs at least one dense layer'],
    [[4, dense(2)], 'config.layers: layers mixes sizes and typed layers'],
  ])('refuse %j, naming the layer', (layers, message) => {
    expect(issues({ ...base, layers }).join('\n')).toContain(message);
  });

  it('refuse activations or dropout beside typed layers', () => {
    const layers = [input, dense(2)];
    expect(issues({ ...base, layers, activations: 'tanh' })).toEqual([
      'config.activations: typed layers set this in each layer; remove "activations" or use the sizes form',
    ]);
  });
});

describe('dropout, optimizer and expand fields', () => {
  const base = { layers: [4, 3, 2], learningRate: 1, batchSize: 1, epochs: 1 };

  it('fill each optimizer’s documented defaults', () => {
    expect(runConfigSchema.parse({ ...base, optimizer: { kind: 'adam' } }).optimizer).toEqual({
      kind: 'adam',
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
    expect(runConfigSchema.parse({ ...base, optimizer: { kind: 'rmsprop' } }).optimizer).toEqual({
      kind: 'rmsprop',
      rho: 0.9,
      epsilon: 1e-8,
    });
  });

  it('store SGD and momentum SGD as `momentum`, as before optimizers had a field', () => {
    const momentum = runConfigSchema.parse({ ...base, optimizer: { kind: 'momentum' } });
    expect([momentum.momentum, 'optimizer' in momentum]).toEqual([0.9, false]);
    const sgd = runConfigSchema.parse({ ...base, optimizer: { kind: 'sgd' } });
    expect([sgd.momentum, 'optimizer' in sgd]).toEqual([0, false]);
    const same = runConfigSchema.parse({
      ...base,
      momentum: 0.5,
      optimizer: { kind: 'momentum', momentum: 0.5 },
    });
    expect(same.momentum).toBe(0.5);
  });

  it('refuse momentum and an optimizer that disagree, naming both', () => {
    expect(issues({ ...base, momentum: 0.9, optimizer: { kind: 'adam' } })).toEqual([
      expect.stringMatching(/^config\.optimizer: momentum 0\.9 and optimizer adam conflict/),
    ]);
    expect(issues({ ...base, optimizer: { kind: 'adagrad' } })).toEqual([
      expect.stringContaining(
        'optimizer.kind must be one of sgd, momentum, nesterov, rmsprop, adam',
      ),
    ]);
  });

  it('refuse dropout of the wrong length or on the input', () => {
    expect(issues({ ...base, dropout: [0.5] })).toEqual([
      'config.dropout: dropout needs one rate per layer below the output: 2, got 1',
    ]);
    expect(issues({ ...base, dropout: [0.2, 0.5] })).toEqual([
      'config.dropout[0]: the input layer cannot drop units: its rate must be 0',
    ]);
  });

  it('accept expand { kind: "shift" } with one pixel by default', () => {
    expect(runConfigSchema.parse({ ...base, expand: { kind: 'shift' } }).expand).toEqual({
      kind: 'shift',
      pixels: 1,
    });
    expect(issues({ ...base, expand: { kind: 'rotate' } })).toEqual([
      'config.expand.kind: expand.kind must be "shift"',
    ]);
  });
});
