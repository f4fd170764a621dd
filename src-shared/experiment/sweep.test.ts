import { describe, expect, it } from 'vitest';
import { setPath } from '../base/values';
import { countSweep, expandSweep, sweepSpecSchema } from './sweep';
import { presetById } from './presets';

const founding = {
  layers: [784, 15, 10],
  activations: 'sigmoid',
  cost: 'quadratic',
  learningRate: 0.5,
  batchSize: 1,
  epochs: 1,
};

describe('sweep expansion', () => {
  it('expands the issue example: four weight inits times three seeds on the founding network', () => {
    const { configs } = expandSweep({
      name: 'init',
      base: founding,
      grid: {
        'init.weights': [
          { kind: 'uniform', low: 0, high: 1 },
          { kind: 'uniform', low: -0.5, high: 0.5 },
          { kind: 'normal', mean: 0, std: 1 },
          { kind: 'scaled-normal' },
        ],
      },
      seeds: [1, 2, 3],
    });
    expect(configs).toHaveLength(12);
    expect(configs.map((c) => c.seed)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    expect(configs[0].init.weights).toEqual({ kind: 'uniform', low: 0, high: 1 });
    expect(configs[11].init.weights).toEqual({ kind: 'scaled-normal' });
    // The part that was not swept keeps its default.
    expect(configs[0].init.biases).toEqual({ kind: 'normal', mean: 0, std: 1 });
    expect(configs[4].name).toBe('init · init.weights=U[-0.5,0.5) · seed 2');
  });

  it('multiplies grid fields, random samples and seeds', () => {
    const spec = sweepSpecSchema.parse({
      base: founding,
      grid: { learningRate: [0.5, 3], batchSize: [1, 10, 100] },
      random: { samples: 4, fields: { l2: { low: 0.001, high: 10, log: true } } },
      seeds: [1, 2],
    });
    expect(countSweep(spec)).toBe(2 * 3 * 4 * 2);
    const { configs } = expandSweep(spec);
    expect(configs).toHaveLength(48);
    for (const c of configs) expect(c.l2).toBeGreaterThanOrEqual(0.001);
    for (const c of configs) expect(c.l2).toBeLessThan(10);
  });

  it('draws the same random samples for the same sweep seed', () => {
    const spec = {
      base: founding,
      random: { samples: 5, seed: 7, fields: { learningRate: { low: 0.01, high: 10, log: true } } },
    };
    const a = expandSweep(spec).configs.map((c) => c.learningRate);
    const b = expandSweep(spec).configs.map((c) => c.learningRate);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(5);
  });

  it('rejects a bad value before anything is built, naming the run and the field', () => {
    expect(() => expandSweep({ base: founding, grid: { learningRate: [0.5, -1] } })).toThrow(
      /sweep run 2\.learningRate: learningRate must be > 0/,
    );
    expect(() => expandSweep({ base: founding, grid: { 'not a path': [1] } })).toThrow(
      /dotted config path/,
    );
    expect(() => expandSweep({ base: founding, grid: { learningRate: [] } })).toThrow(
      /at least one value/,
    );
  });

  it('refuses sweeps that expand past the limit', () => {
    const many = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(() => expandSweep({ base: founding, grid: { epochs: many, batchSize: many } })).toThrow(
      /expands to 40000 runs/,
    );
  });

  it('sets dotted paths on a copy, creating objects on the way', () => {
    const base = { init: { weights: { kind: 'zeros' } } };
    const next = setPath(base, 'init.biases', { kind: 'zeros' });
    expect(next).toEqual({ init: { weights: { kind: 'zeros' }, biases: { kind: 'zeros' } } });
    expect(base).toEqual({ init: { weights: { kind: 'zeros' } } });
  });
});

describe('sweeps into lists by index', () => {
  it('sweeps the hidden layer size as layers.1', () => {
    const { configs } = expandSweep({ base: founding, grid: { 'layers.1': [15, 30] } });
    expect(configs.map((c) => c.layers)).toEqual([
      [784, 15, 10],
      [784, 30, 10],
    ]);
    expect(configs.map((c) => c.name)).toEqual([
      'sweep · layers.1=15 · seed 1',
      'sweep · layers.1=30 · seed 1',
    ]);
  });

  it('sweeps a conv layer field, the dense layers taking in what the conv layers put out', () => {
    const base = presetById('nielsen-ch6-shallow-conv')!.config;
    const { configs } = expandSweep({ base, grid: { 'features.layers.0.filters': [4, 20] } });
    const conv = configs.map((c) => c.features!.layers[0]);
    expect(conv.map((l) => (l.type === 'conv2d' ? l.filters : null))).toEqual([4, 20]);
    // 28×28 → conv 5×5 → 24×24 → pool 2 → 12×12 maps: 144 values per filter.
    expect(configs.map((c) => c.layers[0])).toEqual([4 * 144, 20 * 144]);
    expect(base.layers).toEqual([2880, 100, 10]);
  });

  it('refuses an index past the end of its list, naming the path and the entries there are', () => {
    expect(() => expandSweep({ base: founding, grid: { 'layers.3': [5] } })).toThrow(
      'Invalid sweep: "layers.3": layers has 3 entries (index 0–2), so "3" names none of them',
    );
  });
});

describe('sweep fields checked before expansion', () => {
  it('refuses a misspelled grid field before any run is named after it', () => {
    expect(() => expandSweep({ base: founding, grid: { learningrate: [0.01, 100] } })).toThrow(
      'Invalid sweep: sweep.grid.learningrate: Unknown field "learningrate" in the run config (did you mean "learningRate"?)',
    );
  });

  it('refuses a misspelled field of the spec itself', () => {
    expect(() => expandSweep({ base: founding, seed: [1, 2] })).toThrow(
      /sweep\.seed: Unknown field "seed" \(did you mean "seeds"\?\)/,
    );
  });
});

describe('sweep run names', () => {
  it('names a swept object in words, never as raw JSON', () => {
    const { configs } = expandSweep({
      name: 'init',
      base: founding,
      grid: {
        init: [
          { weights: { kind: 'uniform', low: 0, high: 1 }, biases: { kind: 'zeros' } },
          { weights: { kind: 'normal', mean: 0, std: 1 }, biases: { kind: 'zeros' } },
        ],
        activations: [['sigmoid', 'softmax']],
      },
      seeds: [1],
    });
    expect(configs.map((c) => c.name)).toEqual([
      'init · init=weights U[0,1), biases zeros activations=sigmoid/softmax · seed 1',
      'init · init=weights N(0,1), biases zeros activations=sigmoid/softmax · seed 1',
    ]);
  });

  it('names and tags a fix test’s runs baseline or fix', () => {
    const { configs, tags } = expandSweep({
      name: 'Fix test · learning rate η = 0.5',
      kind: 'fix-test',
      base: founding,
      grid: { learningRate: [50, 0.5] },
      seeds: [1, 2],
      fixTest: {
        sourceRunId: 3,
        rule: 'divergence',
        label: 'learning rate η = 0.5',
        baseline: 'learning rate η = 50',
      },
    });
    expect(configs.map((c) => c.name)).toEqual([
      'Fix test · baseline: learning rate η = 50 · seed 1',
      'Fix test · baseline: learning rate η = 50 · seed 2',
      'Fix test · fix: learning rate η = 0.5 · seed 1',
      'Fix test · fix: learning rate η = 0.5 · seed 2',
    ]);
    expect(tags.map((t) => t.join(' '))).toEqual([
      'fix-test baseline',
      'fix-test baseline',
      'fix-test fix',
      'fix-test fix',
    ]);
  });

  it('refuses a fix test whose grid is not one field with a baseline and a fix', () => {
    expect(() =>
      expandSweep({
        kind: 'fix-test',
        base: founding,
        grid: { learningRate: [50, 0.5, 5] },
        fixTest: { sourceRunId: 3, rule: 'divergence', label: 'η', baseline: 'η' },
      }),
    ).toThrow(/fixTest: a fix test has kind "fix-test" and a grid of one field with two values/);
  });
});
