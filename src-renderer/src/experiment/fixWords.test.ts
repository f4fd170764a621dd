import { describe, expect, it } from 'vitest';
import { fixChanges } from './fixWords';

describe('fixChanges', () => {
  it('says an init fix of weights and biases under both controls’ labels', () => {
    const value = {
      weights: { kind: 'uniform', low: -0.5, high: 0.5 },
      biases: { kind: 'normal', mean: 0, std: 1 },
    };
    expect(fixChanges('init', value)).toEqual([
      { label: 'Weights start as', value: 'U[-0.5,0.5)' },
      { label: 'Biases start as', value: 'N(0,1)' },
    ]);
  });

  it('names a single field by its label and its value in words', () => {
    expect(fixChanges('learningRate', 0.3)).toEqual([{ label: 'Learning rate η', value: '0.3' }]);
    expect(fixChanges('init.weights', { kind: 'scaled-normal' })).toEqual([
      { label: 'Weights start as', value: 'N(0,1/√n)' },
    ]);
  });

  it('says early stopping’s metric as the form’s dropdown does', () => {
    expect(fixChanges('earlyStopping', { metric: 'validationAccuracy', patience: 10 })).toEqual([
      { label: 'Early stopping watches', value: 'validation accuracy' },
      { label: 'Early stopping patience (epochs)', value: '10' },
    ]);
  });

  it('keeps the path of a field the form has no control for', () => {
    expect(fixChanges('expand.pixels', 2)).toEqual([{ label: 'expand.pixels', value: '2' }]);
  });

  it('names an optimizer field by the optimizer control’s label', () => {
    expect(fixChanges('optimizer.beta1', 0.9)).toEqual([{ label: 'Decay β₁', value: '0.9' }]);
  });
});
