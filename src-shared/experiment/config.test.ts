/** Bad run-config values are refused with an error naming the field and what was expected. */
import { describe, expect, it } from 'vitest';
import { parseOrThrow, ValidationError } from '../base/validation';
import { runConfigSchema } from './config';

const good = {
  dataset: 'mnist',
  layers: [784, 30, 10],
  learningRate: 3,
  batchSize: 10,
  epochs: 30,
};

/** The issues of parsing `good` with `patch` applied, as "path: message". */
function issues(patch: Record<string, unknown>): string[] {
  try {
    parseOrThrow(runConfigSchema, { ...good, ...patch }, 'config');
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('run config validation', () => {
  it('accepts a valid config and fills the defaults', () => {
    expect(issues({})).toEqual([]);
    const config = runConfigSchema.parse(good);
    expect(config).toMatchObject({
      seed: 1,
      l2: 0,
      momentum: 0,
      precision: 'float32',
      activations: 'sigmoid',
    });
  });

  it.each([
    ['learningRate', Number.NaN, 'config.learningRate: learningRate must be a number'],
    [
      'learningRate',
      Number.POSITIVE_INFINITY,
      'config.learningRate: learningRate must be a number',
    ],
    ['learningRate', 0, 'config.learningRate: learningRate must be > 0'],
    ['learningRate', -0.5, 'config.learningRate: learningRate must be > 0'],
    ['batchSize', 0, 'config.batchSize: batchSize must be at least 1'],
    ['batchSize', 2.5, 'config.batchSize: batchSize must be a whole number'],
    ['epochs', -1, 'config.epochs: epochs must be at least 1'],
    ['l2', -1, 'config.l2: l2 must be >= 0'],
    ['momentum', 1, 'config.momentum: momentum must be in [0, 1)'],
    ['seed', 1.5, 'config.seed: seed must be a whole number'],
    ['trainSize', 0, 'config.trainSize: trainSize must be at least 1'],
  ])('%s = %s is refused', (field, value, message) => {
    expect(issues({ [field]: value })).toContain(message);
  });

  it('names the layer size that is not a positive whole number', () => {
    expect(issues({ layers: [784, 0, 10] })).toContain(
      'config.layers[1]: layer size must be at least 1',
    );
    expect(issues({ layers: [784, 7.5, 10] })).toContain(
      'config.layers[1]: layer size must be a whole number',
    );
    expect(issues({ layers: [784] })[0]).toMatch(
      /^config\.layers: layers needs at least an input and an output size/,
    );
  });

  it('refuses an init range with high ≤ low and a NaN std, naming the nested field', () => {
    const bad = {
      weights: { kind: 'uniform', low: 1, high: 0 },
      biases: { kind: 'normal', std: Number.NaN },
    };
    const found = issues({ init: bad });
    expect(found).toContain('config.init.weights.high: high must be greater than low');
    expect(found).toContain('config.init.biases.std: std must be a number');
  });

  it('refuses costs the output layer cannot serve', () => {
    expect(issues({ cost: 'log-likelihood' })).toContain(
      'config.cost: log-likelihood cost needs a softmax output layer',
    );
    expect(issues({ cost: 'cross-entropy', activations: ['relu', 'relu'] })[0]).toMatch(
      /^config\.cost: cross-entropy cost needs outputs in \(0, 1\)/,
    );
    expect(issues({ activations: ['softmax', 'sigmoid'] })).toContain(
      'config.activations[0]: softmax is allowed on the output layer only',
    );
  });
});

describe('unknown config fields', () => {
  it('are refused with the nearest known field instead of being dropped', () => {
    expect(issues({ momemtum: 0.9, l2_lambda: 5 })).toEqual([
      'config.momemtum: Unknown field "momemtum" (did you mean "momentum"?)',
      'config.l2_lambda: Unknown field "l2_lambda" (did you mean "l2"?)',
    ]);
  });

  it('are refused inside nested objects, each under its own path', () => {
    const init = { weights: { kind: 'normal', std: 1, stdd: 2 }, biases: { kind: 'zeros' } };
    expect(issues({ init })).toEqual([
      'config.init.weights.stdd: Unknown field "stdd" (did you mean "std"?)',
    ]);
    expect(issues({ schedule: { kind: 'step', every: 2, factor: 0.5, factr: 0.5 } })).toEqual([
      'config.schedule.factr: Unknown field "factr" (did you mean "factor"?)',
    ]);
    expect(issues({ dataset: { kind: 'idx', dir: '/data', nmae: 'digits' } })).toEqual([
      'config.dataset.nmae: Unknown field "nmae" (did you mean "name"?)',
    ]);
  });
});
