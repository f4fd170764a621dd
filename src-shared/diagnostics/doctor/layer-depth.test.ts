import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../base/records';
import { hiddenGradients } from './gradient-depth';
import {
  convFilterCounts,
  depthLayers,
  errorSignal,
  stalledFraction,
  valuesOf,
} from './layer-depth';
import { config, convLayerStats, convNetConfig, epochRecord, layerStats } from './records.testing';

/** 20 ReLU filters of 5×5, max-pool 2, then dense layers 2880-100-10 (sigmoid, softmax). */
const convNet = convNetConfig('relu', 'sigmoid');

const withConv = (epoch: number): EpochRecord =>
  epochRecord(epoch, [layerStats(1, { biasGradientNorm: 2, deadFraction: 0.7 }), layerStats(2)], {
    convLayers: [convLayerStats(1, { biasGradientNorm: 0.3, deadFraction: 0.25 })],
  });

describe('depthLayers', () => {
  it('puts the conv layers first, then the weight layers, named "dense layer ℓ"', () => {
    const layers = depthLayers([withConv(0)], convNet);
    expect(layers.map((l) => [l.id, l.label, l.activation, l.biases])).toEqual([
      ['conv1', 'conv layer 1', 'relu', 20],
      ['dense1', 'dense layer 1', 'sigmoid', 100],
      ['dense2', 'dense layer 2', 'softmax', 10],
    ]);
  });

  it('names a dense network’s weight layers "layer ℓ", as Nielsen numbers them', () => {
    const record = epochRecord(0, [layerStats(1), layerStats(2)]);
    const layers = depthLayers([record], config({ activations: ['relu', 'softmax'] }));
    expect(layers.map((l) => [l.label, l.activation, l.biases])).toEqual([
      ['layer 1', 'relu', 30],
      ['layer 2', 'softmax', 10],
    ]);
  });

  it('leaves conv layers out of records made before they were measured, still naming dense layers', () => {
    const old = epochRecord(0, [layerStats(1), layerStats(2)]);
    expect(depthLayers([old], convNet).map((l) => l.label)).toEqual([
      'dense layer 1',
      'dense layer 2',
    ]);
  });

  it('reads each level’s speed per bias parameter: ‖∂C/∂b‖/√F for a conv layer, /√n for a dense one', () => {
    const record = withConv(1);
    const speeds = depthLayers([record], convNet).map((l) => errorSignal(l, l.statsIn(record)!));
    expect(speeds).toEqual([0.3 / Math.sqrt(20), 2 / 10, 0.1 / Math.sqrt(10)]);
  });

  it('gives the levels below the output the speeds the doctor’s gradient-depth rule compares', () => {
    const record = withConv(1);
    const doctor = hiddenGradients({ config: convNet, epochs: [record] }, record)!;
    const levels = depthLayers([record], convNet).slice(0, -1);
    expect(levels.map((l) => l.label)).toEqual(doctor.map((d) => d.label));
    expect(levels.map((l) => errorSignal(l, l.statsIn(record)!))).toEqual(
      doctor.map((d) => d.gradient),
    );
  });

  it('counts dead units for rectifiers and saturated ones for squashing units', () => {
    const record = epochRecord(
      0,
      [layerStats(1, { deadFraction: 0.7, saturatedFraction: 0.1 }), layerStats(2)],
      { convLayers: [convLayerStats(1, { deadFraction: 0.25, saturatedFraction: 0.9 })] },
    );
    const stalled = depthLayers([record], convNetConfig('relu', 'sigmoid')).map((l) =>
      stalledFraction(l, l.statsIn(record)!),
    );
    // conv layer 1 is ReLU (dead 25%), dense layer 1 sigmoid (saturated 10%), the output softmax (0).
    expect(stalled).toEqual([0.25, 0.1, 0]);
  });

  it('reads one value per record, null where a record lacks the level', () => {
    const records = [epochRecord(0, [layerStats(1), layerStats(2)]), withConv(1)];
    const [conv1, dense1] = depthLayers(records, convNet);
    expect(valuesOf(conv1, records, (s) => s.biasGradientNorm)).toEqual([null, 0.3]);
    expect(valuesOf(dense1, records, (s) => s.biasGradientNorm)).toEqual([0.1, 2]);
  });

  it('reads the filters of the conv2d layers only', () => {
    const twoConvs = convNetConfig('relu', 'relu', {
      layers: [
        { type: 'input', shape: [28, 28, 1] },
        { type: 'conv2d', filters: 20, kernel: 5 },
        { type: 'maxpool', size: 2 },
        { type: 'conv2d', filters: 40, kernel: 5 },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    });
    expect(convFilterCounts(twoConvs.features)).toEqual([20, 40]);
    expect(convFilterCounts(undefined)).toEqual([]);
  });
});
