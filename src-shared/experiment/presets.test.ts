import { describe, expect, it } from 'vitest';
import { runConfigSchema } from './config';
import { presetById, presets } from './presets';

describe('presets', () => {
  it.each(presets.map((p) => [p.label, p] as const))(
    '%s is a valid run config',
    (_label, preset) => {
      const result = runConfigSchema.safeParse(preset.config);
      expect(result.success ? [] : result.error.issues).toEqual([]);
    },
  );

  it('have unique ids', () => {
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
  });

  it('give the stuck network U[0,1) weights and biases and the fixed one U[-0.5,0.5)', () => {
    const stuck = runConfigSchema.parse(presetById('stuck-network')?.config);
    const fixed = runConfigSchema.parse(presetById('fixed-init')?.config);
    expect(stuck.init).toEqual({
      weights: { kind: 'uniform', low: 0, high: 1 },
      biases: { kind: 'uniform', low: 0, high: 1 },
    });
    expect(fixed.init.weights).toEqual({ kind: 'uniform', low: -0.5, high: 0.5 });
    expect([stuck.layers, stuck.learningRate, stuck.batchSize, stuck.cost]).toEqual([
      [784, 15, 10],
      0.5,
      1,
      'quadratic',
    ]);
  });

  it('set Nielsen ch.3 to cross-entropy with λ = 5.0 and scaled-normal weights', () => {
    const ch3 = runConfigSchema.parse(presetById('nielsen-ch3')?.config);
    expect([ch3.cost, ch3.l2, ch3.init.weights.kind, ch3.batchSize]).toEqual([
      'cross-entropy',
      5,
      'scaled-normal',
      10,
    ]);
  });

  it('give the ch.3 dropout preset 784-100-10 with p = 0.5 on the hidden layer only', () => {
    const c = runConfigSchema.parse(presetById('nielsen-ch3-dropout')?.config);
    expect([c.layers, c.dropout, c.cost, c.l2]).toEqual([
      [784, 100, 10],
      [0, 0.5],
      'cross-entropy',
      5,
    ]);
  });

  it('returns undefined for an unknown id', () => {
    expect(presetById('nope')).toBeUndefined();
  });
});
