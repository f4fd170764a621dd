import { describe, expect, it } from 'vitest';
import { deadRelu } from './dead-relu';
import { config, epochRecord, layerStats } from './records.testing';

const relu = config({ activations: ['relu', 'sigmoid'], learningRate: 1 });

describe('dead-relu', () => {
  it('is an error when every ReLU unit is dead from the start, and proposes He init', () => {
    const epoch0 = epochRecord(0, [
      layerStats(1, { deadFraction: 1, preActivation: { mean: -3, std: 1 } }),
      layerStats(2),
    ]);
    const [finding] = deadRelu({ config: relu, epochs: [epoch0] });
    expect(finding).toMatchObject({ rule: 'dead-relu', severity: 'error', epoch: 0, layer: 1 });
    expect(finding.message).toContain('30 of the 30 units');
    expect(finding.fix?.field).toBe('init');
  });

  it('warns when half the units die during training, blaming the learning rate', () => {
    const epochs = [
      epochRecord(0, [layerStats(1), layerStats(2)]),
      epochRecord(1, [layerStats(1, { deadFraction: 0.6 }), layerStats(2)]),
    ];
    const [finding] = deadRelu({ config: relu, epochs });
    expect(finding).toMatchObject({ severity: 'warning', epoch: 1 });
    expect(finding.fix).toEqual({
      field: 'learningRate',
      value: 0.1,
      label: 'learning rate η = 0.1',
    });
  });

  it('is silent for healthy ReLU layers and for sigmoid layers', () => {
    const healthy = epochRecord(0, [layerStats(1, { deadFraction: 0.05 }), layerStats(2)]);
    expect(deadRelu({ config: relu, epochs: [healthy] })).toEqual([]);
    const sigmoidDead = epochRecord(0, [layerStats(1, { deadFraction: 1 }), layerStats(2)]);
    expect(deadRelu({ config: config(), epochs: [sigmoidDead] })).toEqual([]);
  });
});
