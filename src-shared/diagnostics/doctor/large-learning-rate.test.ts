import { describe, expect, it } from 'vitest';
import type { LayerStats } from '../../base/records';
import { largeLearningRate } from './large-learning-rate';
import { config, epochRecord, layerStats } from './records.testing';

// 784-30-10, η = 3. Before training one full step moves layer 2 (weight std 0.05, ‖w‖ =
// 0.05·√300 ≈ 0.87, ‖∂C/∂w‖ = 0.5) by 3·0.5/0.87 ≈ 1.7 times its size: 10× smaller fits, η = 0.3.
const c = config({ learningRate: 3 });
const steady = [layerStats(1), layerStats(2)];
/** Layer 2 with its weights scaled `times` (std 0.05·times, range ±0.2·times). */
const grown = (times: number, over: Partial<LayerStats> = {}) =>
  layerStats(2, {
    weights: { ...layerStats(2).weights, std: 0.05 * times, min: -0.2 * times, max: 0.2 * times },
    ...over,
  });

describe('large-learning-rate', () => {
  it('is silent for a run whose cost falls and whose weights stay their size', () => {
    const epochs = [0.45, 0.3, 0.2, 0.15].map((trainCost, e) =>
      epochRecord(e, steady, { trainCost }),
    );
    expect(largeLearningRate({ config: c, epochs })).toEqual([]);
  });

  it('is an error when the cost ends above where it started, and lowers η 10×', () => {
    const epochs = [
      epochRecord(0, steady, { trainCost: 0.45 }),
      epochRecord(1, steady, { trainCost: 0.6, validationAccuracy: 0.5 }),
    ];
    const [finding] = largeLearningRate({ config: c, epochs });
    expect(finding).toMatchObject({ rule: 'large-learning-rate', severity: 'error', epoch: 1 });
    expect(finding.title).toBe('The learning rate η = 3 is too large');
    expect(finding.message).toContain('rose from 0.45 before training to 0.6 after epoch 1');
    expect(finding.message).toContain('by 1.7 times their own size');
    expect(finding.fix).toEqual({
      field: 'learningRate',
      value: 0.3,
      label: 'learning rate η = 0.3',
    });
    expect(finding.changes).toEqual([{ field: 'learningRate', direction: 'down' }]);
    expect(finding.suggestion).toBe('Lower the learning rate 10×: try learning rate η = 0.3.');
  });

  it('warns when a layer’s weights grow 20× in one epoch while accuracy is 50%', () => {
    const epochs = [
      epochRecord(0, steady, { trainCost: 0.45 }),
      epochRecord(1, [layerStats(1), grown(20)], { trainCost: 0.4, validationAccuracy: 0.5 }),
    ];
    const [finding] = largeLearningRate({ config: c, epochs });
    expect(finding).toMatchObject({ severity: 'warning', epoch: 1, chart: 'weights' });
    expect(finding.message).toContain(
      'the weights of layer 2 grew 20× in epoch 1 alone (RMS 0.05 → 1)',
    );
    expect(finding.evidence.weightGrowth).toBeCloseTo(20, 6);
  });

  it('says nothing of a jump in a run that reaches 90% accuracy', () => {
    const epochs = [
      epochRecord(0, steady, { trainCost: 0.45 }),
      epochRecord(1, [layerStats(1), grown(20)], { trainCost: 0.1, validationAccuracy: 0.95 }),
    ];
    expect(largeLearningRate({ config: c, epochs })).toEqual([]);
  });

  it('counts saturation that appears in one epoch, not saturation there from the start', () => {
    const sat = (f: number) => [layerStats(1, { saturatedFraction: f }), layerStats(2)];
    const run = (start: number) =>
      largeLearningRate({
        config: c,
        epochs: [
          epochRecord(0, sat(start), { trainCost: 0.45 }),
          epochRecord(1, sat(0.9), { trainCost: 0.4, validationAccuracy: 0.12 }),
        ],
      });
    const [finding] = run(0.05);
    expect(finding).toMatchObject({ severity: 'error', chart: 'saturation' });
    expect(finding.message).toContain(
      'layer 1 went from 5% of its (example, unit) pairs saturated to 90% in epoch 1',
    );
    expect(run(0.5)).toEqual([]);
  });

  it('calls a cost that keeps jumping up an oscillation', () => {
    const costs = [0.5, 0.3, 0.36, 0.3, 0.36, 0.3, 0.36];
    const epochs = costs.map((trainCost, e) =>
      epochRecord(e, steady, { trainCost, validationAccuracy: e === 0 ? null : 0.6 }),
    );
    const [finding] = largeLearningRate({ config: c, epochs });
    expect(finding.message).toContain('jumped up by 10% or more in 3 of 6 epochs');
    expect(finding.severity).toBe('warning');
  });

  it('leaves an overflowed cost to the divergence rule', () => {
    const epochs = [
      epochRecord(0, steady, { trainCost: 0.45 }),
      epochRecord(1, steady, { trainCost: NaN }),
    ];
    expect(largeLearningRate({ config: c, epochs })).toEqual([]);
  });
});
