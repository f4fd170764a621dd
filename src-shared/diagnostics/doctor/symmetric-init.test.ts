import { describe, expect, it } from 'vitest';
import { symmetricInit } from './symmetric-init';
import { config, nielsenCh1Config } from './records.testing';

describe('symmetric-init', () => {
  it('is an error when every weight starts at zero in a network with a hidden layer', () => {
    const c = config({ init: { weights: { kind: 'zeros' }, biases: { kind: 'zeros' } } });
    const [finding] = symmetricInit({ config: c, epochs: [] });
    expect(finding).toMatchObject({ rule: 'symmetric-init', severity: 'error', epoch: 0 });
    expect(finding.message).toContain('stay identical forever');
    expect(finding.fix).toEqual({
      field: 'init.weights',
      value: { kind: 'scaled-normal' },
      label: 'N(0, 1/√n_in)',
    });
  });

  it('is silent for random weights and for a network without hidden layers', () => {
    expect(symmetricInit({ config: nielsenCh1Config, epochs: [] })).toEqual([]);
    const flat = config({
      layers: [784, 10],
      init: { weights: { kind: 'constant', value: 0.1 }, biases: { kind: 'zeros' } },
    });
    expect(symmetricInit({ config: flat, epochs: [] })).toEqual([]);
  });
});
