import { describe, expect, it } from 'vitest';
import { constantUnits } from './constant-units';
import { config, epochRecord, foundingConfig, foundingEpoch0, layerStats } from './records.testing';

const deep = config({ layers: [784, 30, 30, 10] });

describe('constant-units', () => {
  it('warns about a layer made constant by the constant layer below it', () => {
    const epoch0 = epochRecord(0, [
      layerStats(1, { saturatedFraction: 1, constantFraction: 1 }),
      layerStats(2, { saturatedFraction: 0, constantFraction: 1 }),
      layerStats(3),
    ]);
    const [finding, ...rest] = constantUnits({ config: deep, epochs: [epoch0] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'constant-units',
      severity: 'warning',
      layer: 2,
      epoch: 0,
    });
    expect(finding.message).toContain('layer 1 is itself constant');
  });

  it('leaves constancy explained by saturation to the saturated-layer rule', () => {
    expect(constantUnits({ config: foundingConfig, epochs: [foundingEpoch0] })).toEqual([]);
  });

  it('is info for a few constant units and silent for none', () => {
    const few = epochRecord(3, [layerStats(1, { constantFraction: 0.2 }), layerStats(2)]);
    expect(constantUnits({ config: config(), epochs: [few] })[0]?.severity).toBe('info');
    const none = epochRecord(0, [layerStats(1), layerStats(2)]);
    expect(constantUnits({ config: config(), epochs: [none] })).toEqual([]);
  });
});
