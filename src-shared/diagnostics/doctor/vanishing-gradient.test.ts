import { describe, expect, it } from 'vitest';
import { gradientRatio, vanishingGradient } from './vanishing-gradient';
import {
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  layerStats,
  nielsenCh1Config,
  nielsenCh1Epoch0,
  nielsenCh3Config,
  nielsenCh3Epoch0,
} from './records.testing';

describe('vanishing-gradient', () => {
  it('compares the error signal ∂C/∂b per unit: ‖∂C/∂b‖/√n', () => {
    // layer 1: 1.12e-11/√15; layer 2: 3.59e-3/√10
    const expected = 1.12e-11 / Math.sqrt(15) / (3.59e-3 / Math.sqrt(10));
    const ratio = gradientRatio({ config: foundingConfig, epochs: [] }, foundingEpoch0) as number;
    expect(ratio / expected).toBeCloseTo(1, 12);
  });

  it('warns when the first layer gets practically no gradient, naming saturation as the cause', () => {
    const [finding] = vanishingGradient({ config: foundingConfig, epochs: [foundingEpoch0] });
    expect(finding).toMatchObject({
      rule: 'vanishing-gradient',
      severity: 'warning',
      epoch: 0,
      layer: 1,
    });
    expect(finding.message).toContain('layer 1 is saturated');
  });

  it('says a first layer with no error signal at all has none, not "0 times" the output layer', () => {
    const none = {
      ...foundingEpoch0,
      layers: foundingEpoch0.layers.map((l, i) => (i === 0 ? { ...l, biasGradientNorm: 0 } : l)),
    };
    const [finding] = vanishingGradient({ config: foundingConfig, epochs: [none] });
    expect(finding.message).toContain(
      "the error signal per unit of layer 1 (∂C/∂b) is zero, where the output layer's (layer 2) is not: in practice the first layer does not learn at all.",
    );
    expect(finding.message).not.toContain('0 times');
  });

  it('is silent for the Nielsen ch.1 and ch.3 networks, whose ratio is about 0.1', () => {
    expect(vanishingGradient({ config: nielsenCh1Config, epochs: [nielsenCh1Epoch0] })).toEqual([]);
    expect(vanishingGradient({ config: nielsenCh3Config, epochs: [nielsenCh3Epoch0] })).toEqual([]);
  });

  it('is info between 1/100 and 1/30', () => {
    // per unit: (0.02·√30/√30) / (1·√10/√10) = 0.02
    const slow = epochRecord(0, [
      layerStats(1, { biasGradientNorm: 0.02 * Math.sqrt(30) }),
      layerStats(2, { biasGradientNorm: Math.sqrt(10) }),
    ]);
    expect(vanishingGradient({ config: nielsenCh3Config, epochs: [slow] })[0]?.severity).toBe(
      'info',
    );
  });
});
