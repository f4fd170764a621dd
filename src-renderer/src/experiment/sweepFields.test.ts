import { describe, expect, it } from 'vitest';
import { parseInit, parseSeeds, parseSweepValues, sweepFieldsFor } from './sweepFields';
import { presetById } from '../../../src-shared/experiment/presets';

type Config = Record<string, unknown>;

const dense: Config = { layers: [784, 30, 10], activations: 'sigmoid' };
const presetConfig = (id: string) => {
  const config = presetById(id)?.config;
  if (!config) throw new Error(`no preset ${id}`);
  return config as Config;
};

const fieldOf = (config: Config, path: string) => {
  const f = sweepFieldsFor(config).find((s) => s.path === path);
  if (!f) throw new Error(`no sweep field ${path}`);
  return f;
};
const field = (path: string) => fieldOf(dense, path);
/** The fields whose paths match, as "path: label". */
const listed = (config: Config, pattern: RegExp) =>
  sweepFieldsFor(config)
    .filter((f) => pattern.test(f.path))
    .map((f) => `${f.path}: ${f.label}`);

describe('sweepFieldsFor', () => {
  it('offers each hidden layer’s units of a dense net, not its input or output size', () => {
    const net = { layers: [784, 100, 30, 10], activations: 'sigmoid' };
    expect(listed(net, /^layers\./)).toEqual([
      'layers.1: Hidden layer 1 units',
      'layers.2: Hidden layer 2 units',
    ]);
    expect(listed(net, /^(features|dropout)/)).toEqual([]);
    expect(fieldOf(net, 'layers.2')).toMatchObject({
      kind: 'integer',
      min: 1,
      placeholder: '15, 30, 60',
    });
    expect(fieldOf(net, 'activations').label).toBe('Activation');
  });

  it('offers a hidden layer’s activation and dropout when the config gives them per layer', () => {
    const net = { layers: [784, 100, 10], activations: ['relu', 'softmax'], dropout: [0, 0.5] };
    expect(listed(net, /^(activations|dropout)/)).toEqual([
      'activations.0: Hidden layer 1 activation',
      'dropout.1: Hidden layer 1 dropout rate',
    ]);
    expect(fieldOf(net, 'activations.0').choices).not.toContain('softmax');
    expect(fieldOf(net, 'activations.0').placeholder).toBe('relu, sigmoid');
  });

  it('offers filters, kernel size, stride and activation per conv layer, counting conv layers only', () => {
    const net = presetConfig('nielsen-ch6-two-conv');
    expect(listed(net, /^features/)).toEqual([
      'features.layers.0.filters: Conv layer 1 filters',
      'features.layers.0.kernel: Conv layer 1 kernel size',
      'features.layers.0.stride: Conv layer 1 stride',
      'features.layers.0.activation: Conv layer 1 activation',
      'features.layers.2.filters: Conv layer 2 filters',
      'features.layers.2.kernel: Conv layer 2 kernel size',
      'features.layers.2.stride: Conv layer 2 stride',
      'features.layers.2.activation: Conv layer 2 activation',
    ]);
    expect(listed(net, /^layers\./)).toEqual(['layers.1: Hidden layer 1 units']);
    expect(fieldOf(net, 'features.layers.2.filters').placeholder).toBe('20, 40, 80');
    expect(fieldOf(net, 'features.layers.0.kernel').placeholder).toBe('3, 5, 7');
  });

  it('drops a removed conv layer’s fields and renumbers the ones left', () => {
    const net = presetConfig('nielsen-ch6-two-conv') as { features: { layers: unknown[] } };
    const fewer = { ...net, features: { ...net.features, layers: net.features.layers.slice(2) } };
    expect(listed(fewer, /filters$/)).toEqual(['features.layers.0.filters: Conv layer 1 filters']);
  });

  it('offers the chosen optimizer’s numbers, or momentum μ when none is chosen', () => {
    expect(listed({ ...dense, optimizer: { kind: 'adam' } }, /^(optimizer\.|momentum)/)).toEqual([
      'optimizer.beta1: Decay β₁',
      'optimizer.beta2: Decay β₂',
      'optimizer.epsilon: ε',
    ]);
    expect(listed({ ...dense, optimizer: { kind: 'nesterov' } }, /momentum/)).toEqual([
      'optimizer.momentum: Momentum μ',
    ]);
    expect(listed(dense, /momentum|optimizer/)).toEqual([
      'optimizer: Optimizer',
      'momentum: Momentum μ',
    ]);
  });

  it('offers a step or plateau schedule’s numbers', () => {
    const step = { ...dense, schedule: { kind: 'step', every: 10, factor: 0.5 } };
    expect(listed(step, /^schedule/)).toEqual([
      'schedule.every: Schedule every (epochs)',
      'schedule.factor: Schedule factor',
    ]);
    expect(listed({ ...dense, schedule: { kind: 'constant' } }, /^schedule/)).toEqual([]);
  });

  it('keeps the groups together, learning rate first', () => {
    const groups = sweepFieldsFor(presetConfig('nielsen-ch6-shallow-conv')).map((f) => f.group);
    expect(groups[0]).toBe('Training');
    expect([...new Set(groups)]).toEqual(['Training', 'Network', 'Regularization', 'Optimizer']);
    expect(sweepFieldsFor(dense)[0].path).toBe('learningRate');
  });
});

describe('parseSweepValues', () => {
  it('reads a list of numbers', () => {
    expect(parseSweepValues(field('learningRate'), '0.1, 0.5,3')).toEqual({
      values: [0.1, 0.5, 3],
    });
  });

  it('rejects a fraction where a whole number is needed, naming the field', () => {
    expect(parseSweepValues(field('batchSize'), '10, 2.5')).toEqual({
      error: 'Batch size: "2.5" is not a whole number',
    });
  });

  it('reads layer lists separated by semicolons', () => {
    expect(parseSweepValues(field('layers'), '784-30-10; 784-100-10')).toEqual({
      values: [
        [784, 30, 10],
        [784, 100, 10],
      ],
    });
  });

  it('reads inits whose brackets contain commas', () => {
    expect(
      parseSweepValues(field('init.weights'), 'U[0,1), U[-0.5,0.5), N(0,1), scaled-normal'),
    ).toEqual({
      values: [
        { kind: 'uniform', low: 0, high: 1 },
        { kind: 'uniform', low: -0.5, high: 0.5 },
        { kind: 'normal', mean: 0, std: 1 },
        { kind: 'scaled-normal' },
      ],
    });
  });

  it('rejects an unknown choice and lists the allowed ones', () => {
    const result = parseSweepValues(field('cost'), 'quadratic, hinge');
    expect(result).toEqual({
      error: 'Cost: "hinge" is not one of quadratic, cross-entropy, log-likelihood',
    });
  });

  it('reads conv filters as whole numbers of at least 1, naming the field and the bad value', () => {
    const filters = fieldOf(presetConfig('nielsen-ch6-shallow-conv'), 'features.layers.0.filters');
    expect(parseSweepValues(filters, '10, 20')).toEqual({ values: [10, 20] });
    expect(parseSweepValues(filters, '10, 12.5')).toEqual({
      error: 'Conv layer 1 filters: "12.5" is not a whole number',
    });
    expect(parseSweepValues(filters, '0, 10')).toEqual({
      error: 'Conv layer 1 filters: "0" is too small: it must be at least 1',
    });
    expect(parseSweepValues(filters, '0x10')).toEqual({
      error: 'Conv layer 1 filters: "0x10" is not a number',
    });
    expect(parseSweepValues(filters, '10 20')).toEqual({
      error: 'Conv layer 1 filters: "10 20" is not a number',
    });
  });

  it('refuses softmax below the output layer and a dropout rate of 1', () => {
    const conv = presetConfig('nielsen-ch6-shallow-conv');
    expect(
      parseSweepValues(fieldOf(conv, 'features.layers.0.activation'), 'relu, softmax'),
    ).toEqual({
      error:
        'Conv layer 1 activation: "softmax" is not one of sigmoid, tanh, relu, leaky-relu, linear',
    });
    const net = { layers: [784, 100, 10], activations: 'sigmoid', dropout: [0, 0.5] };
    expect(parseSweepValues(fieldOf(net, 'dropout.1'), '0.5, 1')).toEqual({
      error: 'Hidden layer 1 dropout rate: "1" is too large: it must be less than 1',
    });
    expect(parseSweepValues(field('learningRate'), '0')).toEqual({
      error: 'Learning rate η: "0" is too small: it must be greater than 0',
    });
  });

  it('reads optimizers as whole optimizers, each with its defaults', () => {
    expect(parseSweepValues(field('optimizer'), 'sgd, adam')).toEqual({
      values: [{ kind: 'sgd' }, { kind: 'adam' }],
    });
    expect(parseSweepValues(field('optimizer'), 'adamw')).toEqual({
      error: 'Optimizer: "adamw" is not one of sgd, momentum, nesterov, rmsprop, adam',
    });
  });

  it('asks for at least one value', () => {
    expect(parseSweepValues(field('l2'), '  ')).toEqual({ error: 'L2 λ: give at least one value' });
  });
});

describe('parseInit', () => {
  it('reads constants and explains what it cannot read', () => {
    expect(parseInit('const 0.1')).toEqual({ kind: 'constant', value: 0.1 });
    expect(parseInit('gaussian')).toMatch(/^"gaussian" is not an init/);
  });
});

describe('parseSeeds', () => {
  it('reads a list of seeds or a count', () => {
    expect(parseSeeds('1, 2, 7')).toEqual({ seeds: [1, 2, 7] });
    expect(parseSeeds('3 seeds')).toEqual({ seeds: [1, 2, 3] });
  });

  it('rejects negative seeds', () => {
    expect(parseSeeds('1, -2')).toHaveProperty('error');
  });
});
