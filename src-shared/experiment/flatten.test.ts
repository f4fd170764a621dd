import { describe, expect, it } from 'vitest';
import { diffConfigs, flattenConfig } from './flatten';
import { runConfigSchema } from './config';
import { presetById } from './presets';

describe('flattenConfig', () => {
  it('names nested fields with dotted paths and keeps arrays as one leaf', () => {
    const leaves = flattenConfig({
      layers: [2, 3, 1],
      init: { weights: { kind: 'uniform', low: 0 } },
    });
    expect([...leaves.entries()]).toEqual([
      ['layers', [2, 3, 1]],
      ['init.weights.kind', 'uniform'],
      ['init.weights.low', 0],
    ]);
  });

  it('keeps null as a leaf instead of dropping it', () => {
    expect(flattenConfig({ earlyStopping: null }).get('earlyStopping')).toBeNull();
  });
});

describe('diffConfigs', () => {
  it('marks only the rows whose values differ', () => {
    const rows = diffConfigs([
      { learningRate: 0.5, layers: [784, 30, 10] },
      { learningRate: 3, layers: [784, 30, 10] },
    ]);
    expect(rows.map((r) => [r.path, r.differs])).toEqual([
      ['learningRate', true],
      ['layers', false],
    ]);
  });

  it('lists a path that only some configs have, with undefined for the others', () => {
    const rows = diffConfigs([
      { schedule: { kind: 'constant' } },
      { schedule: { kind: 'step', every: 5 } },
    ]);
    const every = rows.find((r) => r.path === 'schedule.every');
    expect(every?.values).toEqual([undefined, 5]);
    expect(every?.differs).toBe(true);
  });

  it('shows that the stuck and fixed presets differ only in their initialization', () => {
    const stuck = runConfigSchema.parse(presetById('stuck-network')?.config);
    const fixed = runConfigSchema.parse(presetById('fixed-init')?.config);
    const differing = diffConfigs([stuck, fixed])
      .filter((r) => r.differs)
      .map((r) => r.path);
    expect(differing).toEqual([
      'init.weights.low',
      'init.weights.high',
      'init.biases.low',
      'init.biases.high',
    ]);
  });
});
