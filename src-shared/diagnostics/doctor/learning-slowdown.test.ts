import { describe, expect, it } from 'vitest';
import { learningSlowdown } from './learning-slowdown';
import {
  config,
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  layerStats,
  nielsenCh1Config,
  nielsenCh1Epoch0,
} from './records.testing';

describe('learning-slowdown', () => {
  it('suggests cross-entropy when quadratic cost meets saturated sigmoid outputs', () => {
    const [finding] = learningSlowdown({ config: foundingConfig, epochs: [foundingEpoch0] });
    expect(finding).toMatchObject({
      rule: 'learning-slowdown',
      severity: 'warning',
      epoch: 0,
      layer: 2,
    });
    expect(finding.fix).toEqual({
      field: 'cost',
      value: 'cross-entropy',
      label: 'cross-entropy cost',
    });
    expect(finding.message).toContain("δ = (a − y)·σ'(z)");
  });

  it('suggests log-likelihood for softmax outputs', () => {
    const c = config({ activations: ['sigmoid', 'softmax'] });
    const epoch0 = epochRecord(0, [layerStats(1), layerStats(2, { saturatedFraction: 0.8 })]);
    expect(learningSlowdown({ config: c, epochs: [epoch0] })[0]?.fix?.value).toBe('log-likelihood');
  });

  it('is silent for cross-entropy, for unsaturated outputs, and for a network that already learned', () => {
    const crossEntropy = config({ ...foundingConfig, cost: 'cross-entropy' });
    expect(learningSlowdown({ config: crossEntropy, epochs: [foundingEpoch0] })).toEqual([]);
    expect(learningSlowdown({ config: nielsenCh1Config, epochs: [nielsenCh1Epoch0] })).toEqual([]);
    const confident = epochRecord(5, [layerStats(1), layerStats(2, { saturatedFraction: 0.8 })], {
      validationAccuracy: 0.95,
    });
    expect(learningSlowdown({ config: nielsenCh1Config, epochs: [confident] })).toEqual([]);
  });
});
