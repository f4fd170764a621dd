import { describe, expect, it } from 'vitest';
import { outputCollapse } from './output-collapse';
import {
  config,
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  foundingEpoch1,
  layerStats,
} from './records.testing';

describe('output-collapse', () => {
  it('is an error when the trained outputs are constant: they learned only the class prior', () => {
    const [finding] = outputCollapse({
      config: foundingConfig,
      epochs: [foundingEpoch0, foundingEpoch1],
    });
    expect(finding).toMatchObject({
      rule: 'output-collapse',
      severity: 'error',
      epoch: 1,
      layer: 2,
    });
    expect(finding.message).toContain('class prior');
    expect(finding.message).toContain('layer 1 is constant');
  });

  it('warns when one class is predicted for 90% of examples', () => {
    const skewed = [0.02, 0.92, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0, 0];
    const epochs = [
      epochRecord(0, [layerStats(1), layerStats(2)]),
      epochRecord(1, [layerStats(1), layerStats(2)], { predictedClassFraction: skewed }),
    ];
    const [finding] = outputCollapse({ config: config(), epochs });
    expect(finding).toMatchObject({ severity: 'warning', epoch: 1 });
    expect(finding.message).toContain('class 1 for 92%');
  });

  it('ignores epoch 0 and a collapse that training has left behind', () => {
    expect(outputCollapse({ config: foundingConfig, epochs: [foundingEpoch0] })).toEqual([]);
    const recovered = epochRecord(2, [layerStats(1), layerStats(2)]);
    expect(
      outputCollapse({
        config: foundingConfig,
        epochs: [foundingEpoch0, foundingEpoch1, recovered],
      }),
    ).toEqual([]);
  });

  it('reports the epoch the lasting collapse began', () => {
    const again = { ...foundingEpoch1, epoch: 2 };
    const [finding] = outputCollapse({
      config: foundingConfig,
      epochs: [foundingEpoch0, foundingEpoch1, again],
    });
    expect(finding.epoch).toBe(1);
  });
});
