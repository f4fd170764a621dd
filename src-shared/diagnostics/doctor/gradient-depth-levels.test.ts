import { describe, expect, it } from 'vitest';
import { hiddenGradients, vanishingGradientDepth } from './gradient-depth';
import { depthLayers, valuesOf } from './layer-depth';
import { twoConvNetConfig } from './layer-depth.testing';
import { convLayerStats, convNetConfig, epochRecord, layerStats } from './records.testing';

/** 20 sigmoid filters of 5×5, max-pool 2, then dense layers 2880-100-10. */
const convNet = convNetConfig('sigmoid', 'sigmoid');

/** Two sigmoid conv layers (20 and 40 filters), then one dense hidden layer of 100 and the output. */
const twoConvs = twoConvNetConfig('sigmoid');

const dense = (biasGradientNorm: number) => [layerStats(1, { biasGradientNorm }), layerStats(2)];

describe('the levels gradient-depth reads from layer-depth.ts', () => {
  it('lists each record’s own levels: a record made before conv layers were measured has its dense ones', () => {
    const old = epochRecord(0, dense(1));
    // Per parameter: conv 0.001·√20/√20 = 0.001, dense hidden 1/√100 = 0.1: ratio 0.01.
    const measured = epochRecord(1, dense(1), {
      convLayers: [convLayerStats(1, { biasGradientNorm: 0.001 * Math.sqrt(20) })],
    });
    const input = { config: convNet, epochs: [old, measured] };
    expect(hiddenGradients(input, old)).toEqual([
      { label: 'dense layer 1', layer: 1, biasGradientNorm: 1, gradient: 0.1 },
    ]);
    expect(hiddenGradients(input, measured)?.map((l) => [l.label, l.layer])).toEqual([
      ['conv layer 1', undefined],
      ['dense layer 1', 1],
    ]);
    const [finding] = vanishingGradientDepth(input);
    expect([finding?.epoch, finding?.severity]).toEqual([1, 'warning']);
    expect(finding?.evidence.gradientRatio).toBeCloseTo(0.01, 12);
  });

  it('skips a record that measured conv layers but lacks one, which the charts draw as a gap', () => {
    const lacking = epochRecord(0, dense(1), { convLayers: [convLayerStats(1)] });
    const none = epochRecord(1, dense(1), { convLayers: [] });
    for (const record of [lacking, none]) {
      expect(hiddenGradients({ config: twoConvs, epochs: [record] }, record)).toBeNull();
    }
    const conv2 = depthLayers([lacking, none], twoConvs)[1];
    expect(conv2.label).toBe('conv layer 2');
    expect(valuesOf(conv2, [lacking, none], (s) => s.biasGradientNorm)).toEqual([null, null]);
  });

  it('skips a record whose conv layer’s gradient is not a finite number', () => {
    const record = epochRecord(0, dense(1), {
      convLayers: [convLayerStats(1, { biasGradientNorm: Number.NaN })],
    });
    expect(hiddenGradients({ config: convNet, epochs: [record] }, record)).toBeNull();
    expect(vanishingGradientDepth({ config: convNet, epochs: [record] })).toEqual([]);
  });
});
