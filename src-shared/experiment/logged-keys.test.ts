import { describe, expect, it } from 'vitest';
import { higherIsBetterKey, roleOfKey } from './logged-keys';

describe('the roles of logged keys', () => {
  it('maps the common names of cost and accuracy, whatever their spelling', () => {
    expect(['loss', 'cost', 'Train-Loss', 'batch_cost'].map(roleOfKey)).toEqual([
      'trainCost',
      'trainCost',
      'trainCost',
      'trainCost',
    ]);
    expect(['acc', 'accuracy'].map(roleOfKey)).toEqual(['trainAccuracy', 'trainAccuracy']);
    expect(['val_loss', 'val/loss', 'val_acc', 'val.accuracy'].map(roleOfKey)).toEqual([
      'validationCost',
      'validationCost',
      'validationAccuracy',
      'validationAccuracy',
    ]);
    expect(['test_loss', 'test_acc'].map(roleOfKey)).toEqual(['testCost', 'testAccuracy']);
  });

  it('gives no role to a key of its own', () => {
    expect(['lr', 'grad_norm', 'loss_scale'].map(roleOfKey)).toEqual([null, null, null]);
  });

  it('takes a larger value as better only for accuracy-like names', () => {
    expect(['top5_acc', 'f1', 'grad_norm', 'perplexity'].map(higherIsBetterKey)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
