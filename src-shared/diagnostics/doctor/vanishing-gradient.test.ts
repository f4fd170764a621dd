import { describe, expect, it } from 'vitest';
import { gradientRatio, vanishingGradient } from './vanishing-gradient';
import {
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  layerStats,
  nielsenCh3Config,
  nielsenCh3Epoch0,
} from './test-records';

describe('vanishing-gradient', () => {
  it('compares layers per weight: ‖g‖/√(n_in·n_out)', () => {
    // layer 1: 1e-21/√(784·15); layer 2: 0.003/√(15·10)
    const expected = 1e-21 / Math.sqrt(784 * 15) / (0.003 / Math.sqrt(150));
    expect(gradientRatio({ config: foundingConfig, epochs: [] }, foundingEpoch0)).toBeCloseTo(
      expected,
      30,
    );
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

  it('is silent when the layers learn at comparable speeds', () => {
    // 0.3/√23520 vs 0.9/√300: ratio 0.057 → info at most; equal per-weight gradients → nothing
    const even = epochRecord(0, [
      layerStats(1, { gradientNorm: Math.sqrt(23520) }),
      layerStats(2, { gradientNorm: Math.sqrt(300) }),
    ]);
    expect(vanishingGradient({ config: nielsenCh3Config, epochs: [even] })).toEqual([]);
    expect(
      vanishingGradient({ config: nielsenCh3Config, epochs: [nielsenCh3Epoch0] })[0]?.severity,
    ).toBe('info');
  });
});
