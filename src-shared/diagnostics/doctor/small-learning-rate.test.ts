import { describe, expect, it } from 'vitest';
import { smallLearningRate } from './small-learning-rate';
import {
  config,
  epochRecord,
  foundingConfig,
  foundingEpoch0,
  foundingEpoch1,
  layerStats,
} from './records.testing';

const slowLayers = [layerStats(1, { updateRatio: 2e-5 }), layerStats(2, { updateRatio: 4e-4 })];
const slow = config({ learningRate: 0.001 });

describe('small-learning-rate', () => {
  it('warns when weights move < 0.1% per epoch and the cost barely falls, proposing η × 10', () => {
    const epochs = [
      epochRecord(1, slowLayers, { trainCost: 0.45, validationAccuracy: 0.3 }),
      epochRecord(2, slowLayers, { trainCost: 0.449, validationAccuracy: 0.31 }),
    ];
    const [finding] = smallLearningRate({ config: slow, epochs });
    expect(finding).toMatchObject({ rule: 'small-learning-rate', severity: 'warning', epoch: 2 });
    expect(finding.fix).toEqual({
      field: 'learningRate',
      value: 0.01,
      label: 'learning rate η = 0.01',
    });
  });

  it('is silent when the cost falls quickly, when the net is accurate, or with one epoch', () => {
    const falling = [
      epochRecord(1, slowLayers, { trainCost: 0.45 }),
      epochRecord(2, slowLayers, { trainCost: 0.3 }),
    ];
    expect(smallLearningRate({ config: slow, epochs: falling })).toEqual([]);
    const accurate = [
      epochRecord(1, slowLayers, { validationAccuracy: 0.97 }),
      epochRecord(2, slowLayers, { validationAccuracy: 0.97 }),
    ];
    expect(smallLearningRate({ config: slow, epochs: accurate })).toEqual([]);
    expect(smallLearningRate({ config: slow, epochs: [epochRecord(1, slowLayers)] })).toEqual([]);
  });

  it('leaves a stuck network with constant hidden units to the saturation rules', () => {
    const stuck = {
      ...foundingEpoch1,
      epoch: 2,
      layers: [foundingEpoch1.layers[0], layerStats(2, { updateRatio: 1e-5 })],
    };
    const epochs = [foundingEpoch0, { ...stuck, epoch: 1 }, stuck];
    expect(smallLearningRate({ config: foundingConfig, epochs })).toEqual([]);
  });

  it('does not ask for a larger rate when saturation, not step size, stalls the weights (η = 300)', () => {
    const saturatedLayers = [
      layerStats(1, { updateRatio: 2e-5, saturatedFraction: 0.93 }),
      layerStats(2, { updateRatio: 4e-4, saturatedFraction: 0.8 }),
    ];
    const epochs = [
      epochRecord(1, saturatedLayers, { trainCost: 0.45, validationAccuracy: 0.3 }),
      epochRecord(2, saturatedLayers, { trainCost: 0.449, validationAccuracy: 0.31 }),
    ];
    expect(smallLearningRate({ config: config({ learningRate: 300 }), epochs })).toEqual([]);
  });

  it('does not ask for a larger rate when an earlier epoch moved the weights by their own size', () => {
    // XOR, ReLU, η = 1e6: epoch 1 moved every layer by ‖Δw‖/‖w‖ ≈ 1, then nothing moved again.
    const jumped = [layerStats(1, { updateRatio: 1 }), layerStats(2, { updateRatio: 1 })];
    const epochs = [
      epochRecord(1, jumped, { trainCost: 0.25, validationAccuracy: 0.5 }),
      epochRecord(2, slowLayers, { trainCost: 0.25, validationAccuracy: 0.5 }),
      epochRecord(3, slowLayers, { trainCost: 0.25, validationAccuracy: 0.5 }),
    ];
    expect(smallLearningRate({ config: slow, epochs })).toEqual([]);
    expect(smallLearningRate({ config: slow, epochs: epochs.slice(1) })).toHaveLength(1);
  });

  it('does not ask for a larger rate when no weight moved at all (‖Δw‖ = 0: no gradient)', () => {
    const still = [layerStats(1), layerStats(2)];
    const epochs = [
      epochRecord(1, still, { trainCost: 0.45, validationAccuracy: 0.3 }),
      epochRecord(2, still, { trainCost: 0.45, validationAccuracy: 0.3 }),
    ];
    expect(smallLearningRate({ config: slow, epochs })).toEqual([]);
  });

  it('declares its fix as raising η', () => {
    const epochs = [
      epochRecord(1, slowLayers, { trainCost: 0.45, validationAccuracy: 0.3 }),
      epochRecord(2, slowLayers, { trainCost: 0.449, validationAccuracy: 0.31 }),
    ];
    expect(smallLearningRate({ config: slow, epochs })[0]?.changes).toEqual([
      { field: 'learningRate', direction: 'up' },
    ]);
  });
});
