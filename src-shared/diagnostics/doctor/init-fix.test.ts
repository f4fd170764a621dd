import { describe, expect, it } from 'vitest';
import { MNIST_INPUT_STATS } from './input-stats';
import { centred, describeInit, isOneSigned, proposeInitFix } from './init-fix';
import { config, foundingConfig, nielsenCh1Config } from './records.testing';

describe('proposeInitFix', () => {
  it('centres both weights and biases of the founding network, as its author did', () => {
    const fix = proposeInitFix(foundingConfig, MNIST_INPUT_STATS);
    expect(fix).toEqual({
      field: 'init',
      value: {
        weights: { kind: 'uniform', low: -0.5, high: 0.5 },
        biases: { kind: 'uniform', low: -0.5, high: 0.5 },
      },
      label: 'U[-0.5, 0.5) weights and biases',
    });
  });

  it('changes only init.weights when the biases are already centred', () => {
    const c = config({
      init: { weights: { kind: 'uniform', low: 0, high: 1 }, biases: { kind: 'zeros' } },
    });
    expect(proposeInitFix(c, MNIST_INPUT_STATS)).toEqual({
      field: 'init.weights',
      value: { kind: 'uniform', low: -0.5, high: 0.5 },
      label: 'U[-0.5, 0.5)',
    });
  });

  it('shrinks centred-but-wide weights to N(0, 1/√n_in)', () => {
    expect(proposeInitFix(nielsenCh1Config, MNIST_INPUT_STATS).value).toEqual({
      kind: 'scaled-normal',
    });
  });

  it('shrinks one-signed weights that would still saturate after centring', () => {
    // U[0,10) centred is U[-5,5): std(z) = 2.89·√784·0.335 ≈ 27, far beyond 6
    const c = config({
      init: { weights: { kind: 'uniform', low: 0, high: 10 }, biases: { kind: 'zeros' } },
    });
    expect(proposeInitFix(c, MNIST_INPUT_STATS).value).toEqual({ kind: 'scaled-normal' });
  });
});

describe('init helpers', () => {
  it('knows which distributions are one-signed', () => {
    expect(isOneSigned({ kind: 'uniform', low: 0, high: 1 })).toBe(true);
    expect(isOneSigned({ kind: 'uniform', low: -1, high: 0 })).toBe(true);
    expect(isOneSigned({ kind: 'uniform', low: -0.5, high: 0.5 })).toBe(false);
    expect(isOneSigned({ kind: 'normal', mean: 3, std: 1 })).toBe(true);
    expect(isOneSigned({ kind: 'normal', mean: 0, std: 1 })).toBe(false);
  });

  it('centres and labels', () => {
    expect(centred({ kind: 'uniform', low: 2, high: 4 })).toEqual({
      kind: 'uniform',
      low: -1,
      high: 1,
    });
    expect(centred({ kind: 'normal', mean: 3, std: 2 })).toEqual({
      kind: 'normal',
      mean: 0,
      std: 2,
    });
    expect(describeInit({ kind: 'normal', mean: 0, std: 1 })).toBe('N(0, 1)');
    expect(describeInit({ kind: 'scaled-normal' })).toBe('N(0, 1/√n_in)');
  });
});
