import { describe, expect, it } from 'vitest';
import { configKeyWithoutSeed, diffConfigs } from './config-diff';
import { fixtureRun } from './report.testing';

describe('the config diff of a comparison', () => {
  it('lists only differing paths, keeps shared ones apart and ignores the name', () => {
    const a = fixtureRun(1, { learningRate: 0.5 }).config;
    const b = fixtureRun(2, { learningRate: 3 }).config;
    const diff = diffConfigs([a, b]);
    expect(diff.differing).toEqual([{ path: 'learningRate', values: [0.5, 3] }]);
    expect(diff.shared.map((s) => s.path)).toContain('layers');
    expect(diff.shared.map((s) => s.path)).not.toContain('name');
  });

  it('puts a path only some runs have next to its siblings', () => {
    const normal = fixtureRun(1).config;
    const uniform = fixtureRun(2, {
      learningRate: 0.5,
      init: { weights: { kind: 'uniform', low: 0, high: 1 }, biases: { kind: 'normal', std: 1 } },
    }).config;
    const paths = diffConfigs([normal, uniform]).differing.map((d) => d.path);
    expect(paths).toEqual([
      'init.weights.kind',
      'init.weights.mean',
      'init.weights.std',
      'init.weights.low',
      'init.weights.high',
      'learningRate',
    ]);
  });

  it('groups configs that differ only in seed and name', () => {
    const key = (seed: number, name: string, lr = 3) =>
      configKeyWithoutSeed(fixtureRun(1, { seed, name, learningRate: lr }).config);
    expect(key(1, 'a')).toBe(key(2, 'b'));
    expect(key(1, 'a')).not.toBe(key(1, 'a', 0.5));
  });
});
