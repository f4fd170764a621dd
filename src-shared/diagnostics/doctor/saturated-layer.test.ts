import { describe, expect, it } from 'vitest';
import { saturatedLayer } from './saturated-layer';
import {
  config,
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  foundingEpoch1,
  layerStats,
  nielsenCh1Config,
  nielsenCh1Epoch0,
  nielsenCh3Config,
  nielsenCh3Epoch0,
} from './records.testing';

describe('saturated-layer', () => {
  it('calls the founding U[0,1) network an error at epoch 0 and names the initialization', () => {
    const [finding, ...rest] = saturatedLayer({
      config: foundingConfig,
      epochs: [foundingEpoch0, foundingEpoch1],
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'saturated-layer',
      severity: 'error',
      epoch: 0,
      layer: 1,
    });
    expect(finding.message).toContain('U[0, 1)');
    // float32 leaves 3 of the 15 units varying by ~1e-8: still frozen
    expect(finding.message).toContain('12 of its 15 units give exactly the same output');
    expect(finding.message).toContain('the other 3 barely move');
    expect(finding.message).toContain('every one is positive');
    expect(finding.message).toContain('about 150 positive terms');
    expect(finding.message).toContain('784 × 0.5 × 0.13 + 0.5 ≈ +52');
    expect(finding.message).toContain('class prior');
    expect(finding.fix).toEqual({
      field: 'init',
      value: {
        weights: { kind: 'uniform', low: -0.5, high: 0.5 },
        biases: { kind: 'uniform', low: -0.5, high: 0.5 },
      },
      label: 'U[-0.5, 0.5) weights and biases',
    });
    expect(finding.suggestion).toMatch(/U\[-0\.5, 0\.5\)/);
  });

  it('gives the N(0,1) network a warning only: half saturated, but every unit still varies', () => {
    const findings = saturatedLayer({ config: nielsenCh1Config, epochs: [nielsenCh1Epoch0] });
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0].message).toContain('still varies with the input');
    expect(findings[0].fix?.value).toEqual({ kind: 'scaled-normal' });
  });

  it('says nothing about the Nielsen ch.3 initialization', () => {
    expect(saturatedLayer({ config: nielsenCh3Config, epochs: [nielsenCh3Epoch0] })).toEqual([]);
  });

  it('ignores the output layer, which the learning-slowdown rule judges', () => {
    const epoch0 = epochRecord(0, [
      layerStats(1),
      layerStats(2, { saturatedFraction: 1, constantFraction: 1 }),
    ]);
    expect(saturatedLayer({ config: nielsenCh3Config, epochs: [epoch0] })).toEqual([]);
  });

  /** Layer 1 saturating at epoch `saturatedAt` while its weight std grows by `perEpoch` each epoch. */
  function saturating(perEpoch: number, saturatedAt: number) {
    return Array.from({ length: saturatedAt + 1 }, (_, e) => {
      const std = 0.05 * perEpoch ** e;
      const fraction = e === saturatedAt ? 0.7 : 0.2 * (e / saturatedAt);
      const stats = layerStats(1, {
        saturatedFraction: fraction,
        weights: { ...layerStats(1).weights, std, min: -4 * std, max: 4 * std },
      });
      return epochRecord(e, [stats, layerStats(2)], { validationAccuracy: e === 0 ? null : 0.5 });
    });
  }

  it('reports a layer that saturates during training, blaming slow weight growth, with L2', () => {
    const c = config({ init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'zeros' } } });
    // std ×1.6 an epoch: 0.05 → 0.84 over 6 epochs, never 10× within 3 epochs (1.6³ ≈ 4.1).
    const [finding] = saturatedLayer({ config: c, epochs: saturating(1.6, 6) });
    expect(finding).toMatchObject({ severity: 'warning', epoch: 6, layer: 1 });
    expect(finding.message).toContain('spread from std 0.05 at the start to 0.84');
    expect(finding.fix).toEqual({ field: 'l2', value: 5, label: 'L2 regularization λ = 5' });
    expect(finding.changes).toEqual([{ field: 'l2', direction: 'up' }]);
  });

  it('blames the learning rate when the weights multiplied within a few epochs', () => {
    const c = config({ init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'zeros' } } });
    // std 0.05 → 2 in two epochs (×6.3 each): 40× within 3 epochs is overshooting, not drift.
    const [finding] = saturatedLayer({ config: c, epochs: saturating(Math.sqrt(40), 2) });
    expect(finding).toMatchObject({ severity: 'warning', epoch: 2, layer: 1 });
    expect(finding.suggestion).toContain('Lower the learning rate');
    expect(finding.changes).toEqual([{ field: 'learningRate', direction: 'down' }]);
  });

  it('lets a network that learns well saturate its hidden units without a word', () => {
    const c = config({ init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'zeros' } } });
    const epochs = [
      epochRecord(0, [layerStats(1), layerStats(2)]),
      epochRecord(1, [layerStats(1, { saturatedFraction: 0.7 }), layerStats(2)], {
        validationAccuracy: 0.95,
      }),
    ];
    expect(saturatedLayer({ config: c, epochs })).toEqual([]);
  });

  it('skips ReLU layers', () => {
    const c = config({ activations: ['relu', 'sigmoid'] });
    const epoch0 = epochRecord(0, [
      layerStats(1, { saturatedFraction: 1, constantFraction: 1 }),
      layerStats(2),
    ]);
    expect(saturatedLayer({ config: c, epochs: [epoch0] })).toEqual([]);
  });
});
