import { describe, expect, it } from 'vitest';
import { overfitting } from './overfitting';
import { config, epochRecord, layerStats } from './records.testing';

const layers = [layerStats(1), layerStats(2)];
const records = (pairs: [number, number | null, number | null][]) =>
  pairs.map(([train, validation, accuracy], i) =>
    epochRecord(i + 1, layers, {
      trainCost: train,
      validationCost: validation,
      validationAccuracy: accuracy,
    }),
  );

describe('overfitting', () => {
  it('warns when validation cost rises 5%+ for 3 epochs while training cost falls, proposing L2', () => {
    const epochs = records([
      [0.3, 0.2, 0.9],
      [0.2, 0.1, 0.95],
      [0.15, 0.105, 0.95],
      [0.1, 0.11, 0.95],
      [0.05, 0.12, 0.95],
    ]);
    const [finding] = overfitting({ config: config({ trainSize: 1000 }), epochs });
    expect(finding).toMatchObject({ rule: 'overfitting', severity: 'warning', epoch: 5 });
    expect(finding.message).toContain('from 0.1 at epoch 2 to 0.12');
    expect(finding.fix).toEqual({ field: 'l2', value: 0.1, label: 'L2 regularization λ = 0.1' });
  });

  it('proposes early stopping when L2 is already on, and judges by accuracy without a validation cost', () => {
    const epochs = records([
      [0.3, null, 0.9],
      [0.2, null, 0.96],
      [0.15, null, 0.95],
      [0.1, null, 0.95],
      [0.05, null, 0.94],
    ]);
    const [finding] = overfitting({ config: config({ l2: 5 }), epochs });
    expect(finding).toMatchObject({ severity: 'info' });
    expect(finding.fix?.field).toBe('earlyStopping');
  });

  it('is silent while validation cost keeps falling or has risen for fewer than 3 epochs', () => {
    const falling = records([
      [0.3, 0.2, 0.9],
      [0.2, 0.15, 0.92],
      [0.15, 0.12, 0.93],
      [0.1, 0.1, 0.94],
    ]);
    expect(overfitting({ config: config(), epochs: falling })).toEqual([]);
    const brief = records([
      [0.3, 0.2, 0.9],
      [0.2, 0.15, 0.92],
      [0.15, 0.1, 0.93],
      [0.1, 0.12, 0.94],
    ]);
    expect(overfitting({ config: config(), epochs: brief })).toEqual([]);
  });
});
