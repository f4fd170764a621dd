/**
 * The doctor inside conv layers: saturation and dead filters per conv layer, and the gradient
 * across depth with the conv layers first, on hand-made records of a ch.6-shaped net (20 maps of
 * 24×24 from 5×5 filters, pool 2, 100 hidden units, 10 outputs) — and on a tiny conv net that
 * really saturates.
 */
import { expandSweep } from '../../experiment/sweep';
import { describe, expect, it } from 'vitest';
import type { ConvLayerStats, EpochRecord } from '../../base/records';
import { inlineData } from '../../experiment/config.testing';
import { runConfigSchema, type RunConfig } from '../../experiment/config';
import type { ActivationName } from '../../engine/options';
import { Rng } from '../../engine/rng';
import { deadConvFilters } from './dead-conv-filters';
import { vanishingGradientDepth } from './gradient-depth';
import { diagnose } from './index';
import { layerInputStats } from './layer-inputs';
import { vanishingGradient } from './vanishing-gradient';
import {
  convLayerStats,
  convNetConfig,
  epochRecord,
  layerStats,
  trainedRun,
} from './records.testing';
import { saturatedConvLayer } from './saturated-conv-layer';
import { saturatedLayer } from './saturated-layer';

/** An 8×8 image through 3 filters of 5×5 (4×4 maps, 48 values), then dense layers of `units`:
 * sigmoid hidden layers and a softmax output. */
function smallConvNet(
  convActivation: ActivationName,
  units: number[],
  over: Record<string, unknown> = {},
): RunConfig {
  const last = units.length - 1;
  return runConfigSchema.parse({
    layers: [
      { type: 'input', shape: [8, 8, 1] },
      { type: 'conv2d', filters: 3, kernel: 5, activation: convActivation },
      ...units.map((n, i) => ({
        type: 'dense',
        units: n,
        activation: i < last ? 'sigmoid' : 'softmax',
      })),
    ],
    cost: 'log-likelihood',
    learningRate: 0.1,
    batchSize: 5,
    epochs: 1,
    ...over,
  });
}

/** A record of the ch.6-shaped net with healthy dense layers and the given conv layer. */
function convRecord(
  epoch: number,
  conv: Partial<ConvLayerStats>,
  over: Partial<EpochRecord> = {},
): EpochRecord {
  return epochRecord(epoch, [layerStats(1), layerStats(2)], {
    convLayers: [convLayerStats(1, conv)],
    ...over,
  });
}

const frozen = {
  saturatedFraction: 1,
  constantFraction: 0.95,
  activation: { mean: 1, std: 1e-4 },
  preActivation: { mean: 31.2, std: 6.4 },
};

describe('saturated-conv-layer', () => {
  const sigmoidNet = convNetConfig('sigmoid', 'relu');

  it('names a conv layer frozen at the start, its shape, and tests N(0, 1/√n_in) weights', () => {
    const [f] = saturatedConvLayer({ config: sigmoidNet, epochs: [convRecord(0, frozen)] });
    expect(f).toMatchObject({ rule: 'saturated-conv-layer', severity: 'error', epoch: 0 });
    expect(f.title).toBe('Conv layer 1 is fully saturated before training starts');
    expect(f.message).toContain('conv layer 1 (20 maps 24×24 from 5×5 filters, sigmoid)');
    expect(f.message).toContain("filter's 25 inputs");
    expect(f.message).toContain('10,944 of its 11,520 units'); // 0.95 · 20 · 24 · 24
    expect(f.fix).toEqual({
      field: 'init.weights',
      value: { kind: 'scaled-normal' },
      label: 'weights N(0, 1/√n_in)',
    });
    expect(f.changes).toEqual([
      { field: 'init.weights', direction: 'set', value: { kind: 'scaled-normal' } },
    ]);
    expect(f.evidence.convLayer).toBe(1);
  });

  it('grades by the dense thresholds: 35% saturated units that still vary is a warning, 5% nothing', () => {
    const warn = saturatedConvLayer({
      config: sigmoidNet,
      epochs: [convRecord(0, { saturatedFraction: 0.35 })],
    });
    expect(warn.map((f) => f.severity)).toEqual(['warning']);
    const none = saturatedConvLayer({
      config: sigmoidNet,
      epochs: [convRecord(0, { saturatedFraction: 0.05 })],
    });
    expect(none).toEqual([]);
  });

  it('proposes ReLU in that conv layer when the weights are already N(0, 1/√n_in)', () => {
    const config = convNetConfig('sigmoid', 'relu', {
      init: { weights: { kind: 'scaled-normal' } },
    });
    const [f] = saturatedConvLayer({ config, epochs: [convRecord(0, frozen)] });
    expect(f.fix).toEqual({
      field: 'features.layers.0.activation',
      value: 'relu',
      label: 'ReLU units in conv layer 1',
    });
    expect(f.changes).toEqual([{ field: f.fix!.field, direction: 'set', value: 'relu' }]);
    expect(f.suggestion).toContain('ReLU units in conv layer 1');
    // "Test this fix" sweeps that field: both sides expand, the fix side with ReLU there only.
    const { configs } = expandSweep({
      base: config,
      grid: { [f.fix!.field]: ['sigmoid', 'relu'] },
    });
    expect(configs.map((c) => c.features!.layers[0])).toMatchObject([
      { type: 'conv2d', activation: 'sigmoid' },
      { type: 'conv2d', activation: 'relu' },
    ]);
    expect(configs[1].layers).toEqual(configs[0].layers);
  });

  it('reports a conv layer that saturates during training and proposes L2', () => {
    const epochs = [
      convRecord(0, { saturatedFraction: 0.05 }),
      convRecord(3, { saturatedFraction: 0.75 }, { validationAccuracy: 0.4 }),
    ];
    const [f] = saturatedConvLayer({ config: sigmoidNet, epochs });
    expect(f).toMatchObject({ severity: 'warning', epoch: 3 });
    expect(f.title).toBe('Conv layer 1 saturated during training');
    expect(f.fix?.field).toBe('l2');
  });

  it('says nothing about ReLU conv layers, dense nets, or records made before conv statistics', () => {
    const relu = convNetConfig('relu', 'relu');
    expect(saturatedConvLayer({ config: relu, epochs: [convRecord(0, frozen)] })).toEqual([]);
    const old = epochRecord(0, [layerStats(1), layerStats(2)]);
    expect(saturatedConvLayer({ config: sigmoidNet, epochs: [old] })).toEqual([]);
  });
});

describe('dead-conv-filters', () => {
  const reluNet = convNetConfig('relu', 'relu', { learningRate: 0.5 });

  it('counts filters dead from the start and proposes He-normal weights', () => {
    const epochs = [convRecord(0, { deadFilterFraction: 0.5, deadFraction: 0.62 })];
    const [f] = deadConvFilters({ config: reluNet, epochs });
    expect(f).toMatchObject({ rule: 'dead-conv-filters', severity: 'warning', epoch: 0 });
    expect(f.title).toBe('10 of 20 ReLU filters in conv layer 1 are dead');
    expect(f.message).toContain('62% of the layer');
    expect(f.fix?.field).toBe('init');
  });

  it('blames the learning rate when every filter dies during training', () => {
    const epochs = [convRecord(0, {}), convRecord(2, { deadFilterFraction: 1, deadFraction: 1 })];
    const [f] = deadConvFilters({ config: reluNet, epochs });
    expect(f).toMatchObject({ severity: 'error', epoch: 2 });
    expect(f.fix?.field).toBe('learningRate');
    expect(f.fix?.value as number).toBeLessThan(0.5);
  });

  it('ignores a few dead positions when every filter still lives', () => {
    const epochs = [convRecord(0, { deadFraction: 0.7, deadFilterFraction: 0 })];
    expect(deadConvFilters({ config: reluNet, epochs })).toEqual([]);
  });
});

describe('vanishing-gradient-depth with conv layers', () => {
  // Per parameter: conv ‖∂C/∂b‖/√20 = 0.001, dense hidden ‖∂C/∂b‖/√100 = 0.1: ratio 0.01.
  const record = (epoch: number) =>
    epochRecord(epoch, [layerStats(1, { biasGradientNorm: 1 }), layerStats(2)], {
      convLayers: [convLayerStats(1, { biasGradientNorm: 0.001 * Math.sqrt(20) })],
    });

  it('counts the conv layer as the first level of depth and names it', () => {
    const config = convNetConfig('sigmoid', 'sigmoid');
    const [f] = vanishingGradientDepth({ config, epochs: [record(0)] });
    expect(f.severity).toBe('warning');
    expect(f.evidence.gradientRatio).toBeCloseTo(0.01, 12);
    expect(f.title).toBe(
      'The gradient shrinks layer by layer: conv layer 1 learns 100 times slower than dense layer 1',
    );
    expect(f.message).toContain('2 layers below the output');
    expect(f.message).toContain('conv layer 1: 0.001, dense layer 1: 0.1');
    expect(f.layer).toBeUndefined();
    expect(f.fix).toMatchObject({ field: 'activations', value: ['relu', 'softmax'] });
    expect(f.suggestion).toContain('the conv layers (their activation in the layer editor)');
  });

  it('advises ReLU in the conv layers without a fix when the dense layers already use it', () => {
    const config = convNetConfig('sigmoid', 'relu');
    const [f] = vanishingGradientDepth({ config, epochs: [record(0)] });
    expect(f.fix).toBeUndefined();
    expect(f.suggestion).toContain('ReLU units in the conv layers');
  });

  it('reads a conv net’s old records (no conv statistics) by its dense layers alone', () => {
    const config = convNetConfig('sigmoid', 'sigmoid');
    const old = epochRecord(0, [layerStats(1, { biasGradientNorm: 1 }), layerStats(2)]);
    expect(vanishingGradientDepth({ config, epochs: [old] })).toEqual([]);
  });
});

describe('vanishing-gradient in a conv net without hidden dense layers', () => {
  it('compares conv layer 1, per filter, with the output layer', () => {
    const config = smallConvNet('sigmoid', [2]);
    // Per parameter: conv 0.0005 (‖∂C/∂b‖/√3), output 0.1 (‖∂C/∂b‖/√2): ratio 0.005.
    const record = epochRecord(0, [layerStats(1, { biasGradientNorm: 0.1 * Math.sqrt(2) })], {
      convLayers: [convLayerStats(1, { biasGradientNorm: 0.0005 * Math.sqrt(3) })],
    });
    const [f] = vanishingGradient({ config, epochs: [record] });
    expect(f).toMatchObject({ rule: 'vanishing-gradient', severity: 'warning' });
    expect(f.evidence.gradientRatio).toBeCloseTo(0.005, 12);
    expect(f.message).toContain('the error signal per unit of conv layer 1 (∂C/∂b) is 0.005 times');
    expect(f.layer).toBeUndefined();
  });
});

describe('what feeds the first dense layer of a conv net', () => {
  const stats = { activation: { mean: 0.3, std: 0.4 } };

  it('is the last conv layer’s maps, as measured on the probe', () => {
    const config = smallConvNet('relu', [2]);
    const record = epochRecord(0, [layerStats(1)], { convLayers: [convLayerStats(1, stats)] });
    // rms = √(0.3² + 0.4²) = 0.5
    expect(layerInputStats({ config, epochs: [record] }, record, 1)).toEqual({
      mean: 0.3,
      rms: 0.5,
      nonNegative: true,
    });
  });

  it('is named as the conv layers’ outputs when they make a dense layer saturate', () => {
    const config = smallConvNet('relu', [4, 2], {
      init: { weights: { kind: 'uniform', low: 0, high: 1 } },
    });
    const record = epochRecord(0, [layerStats(1, frozen), layerStats(2)], {
      convLayers: [convLayerStats(1, stats)],
    });
    const [f] = saturatedLayer({ config, epochs: [record] });
    expect(f.title).toBe('Dense layer 1 is fully saturated before training starts');
    expect(f.message).toContain('every one is positive, and the outputs of the conv layers are');
    expect(f.message).not.toContain('pixels');
  });

  it('is unknown after a max-pool (the maxima are not the maps’ statistics), never the pixels', () => {
    const config = convNetConfig('relu', 'relu');
    const record = convRecord(0, stats);
    const input = { config, epochs: [record], inputStats: { mean: 0.13, rms: 0.34 } };
    expect(layerInputStats(input, record, 1)).toBeNull();
  });
});

describe('the doctor on a conv net that really saturates', () => {
  it('names conv layer 1 when U[0,1) filters meet bright images', () => {
    // z = b + Σ of 25 weights U[0,1) × pixels in [0.5, 1): mean ≈ 0.5 + 25·0.5·0.75 ≈ 9.9, spread
    // ≈ √(25·(1/12)·0.6) ≈ 1.1, so nearly every unit sits beyond |z| ≈ 6 where σ' < 1% of its peak.
    const rng = new Rng(9);
    const inputs = Array.from({ length: 40 }, () =>
      Array.from({ length: 64 }, () => 0.5 + 0.5 * rng.next()),
    );
    const targets = inputs.map((_, i) => (i % 2 ? [0, 1] : [1, 0]));
    const data = inlineData(inputs, targets, { validationSize: 10, testSize: 10 });
    const uniform = { kind: 'uniform', low: 0, high: 1 };
    const config = smallConvNet('sigmoid', [2], { init: { weights: uniform, biases: uniform } });
    const run = trainedRun(config, data);
    const conv = run.epochs[0].convLayers![0];
    expect(conv.saturatedFraction).toBeGreaterThan(0.9);
    const found = diagnose(run).find((f) => f.rule === 'saturated-conv-layer');
    expect(found?.title).toMatch(/^Conv layer 1 is (fully )?saturated before training starts$/);
    expect(found?.message).toContain('conv layer 1 (3 maps 4×4 from 5×5 filters, sigmoid)');
  });
});
