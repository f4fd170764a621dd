import { describe, expect, it } from 'vitest';
import { depthRatio, vanishingGradientDepth } from './gradient-depth';
import { vanishingGradient } from './vanishing-gradient';
import { diagnose } from './index';
import {
  config,
  epochRecord,
  layerStats,
  nielsenCh1Config,
  nielsenCh1Epoch0,
} from './records.testing';

/** Nielsen ch.5's 784-30-30-30-10 as the book trains it. */
const deep = config({
  layers: [784, 30, 30, 30, 10],
  cost: 'cross-entropy',
  learningRate: 0.1,
  l2: 5,
});

/** Epoch-0 record with these ‖∂C/∂b‖ for the layers, first weight layer first. */
function gradients(norms: number[], epoch = 0) {
  return epochRecord(
    epoch,
    norms.map((g, i) => layerStats(i + 1, { biasGradientNorm: g })),
  );
}

describe('vanishing-gradient-depth', () => {
  it('compares the first and last hidden layers per unit, leaving the output layer out', () => {
    // Hidden widths 784-[20, 30, 45]-10: per unit 0.02/√20 over 0.3/√45.
    const widths = config({ layers: [784, 20, 30, 45, 10] });
    const ratio = depthRatio({ config: widths, epochs: [] }, gradients([0.02, 0.1, 0.3, 9]));
    expect(ratio! / (0.02 / Math.sqrt(20) / (0.3 / Math.sqrt(45)))).toBeCloseTo(1, 12);
  });

  it("fires as info on the book's figures for three hidden layers (0.012, 0.060, 0.283: ×24)", () => {
    const [finding] = vanishingGradientDepth({
      config: deep,
      epochs: [gradients([0.012, 0.06, 0.283, 1.3])],
    });
    expect(finding).toMatchObject({
      rule: 'vanishing-gradient-depth',
      severity: 'info',
      epoch: 0,
      layer: 1,
      fix: { field: 'activations', value: ['relu', 'relu', 'relu', 'sigmoid'] },
      changes: [
        { field: 'activations', direction: 'set', value: ['relu', 'relu', 'relu', 'sigmoid'] },
      ],
    });
    expect(finding.title).toContain('24 times slower than layer 3');
    expect(finding.message).toContain('layer 1: 0.0022, layer 2: 0.011, layer 3: 0.052');
    expect(finding.suggestion).toMatch(/ReLU/);
  });

  it('warns at ×100 or more (four hidden layers, 0.0028 … 0.285: ×102; measured here ×104 to ×128)', () => {
    const four = config({ layers: [784, 30, 30, 30, 30, 10] });
    const record = gradients([0.0028, 0.017, 0.07, 0.285, 1.4]);
    expect(vanishingGradientDepth({ config: four, epochs: [record] })[0]?.severity).toBe('warning');
  });

  it('is silent at ×4.4 (the book’s two hidden layers: 0.07, 0.31) and when the gradient grows', () => {
    const two = config({ layers: [784, 30, 30, 10] });
    expect(vanishingGradientDepth({ config: two, epochs: [gradients([0.07, 0.31, 1.5])] })).toEqual(
      [],
    );
    expect(
      vanishingGradientDepth({ config: deep, epochs: [gradients([0.3, 0.2, 0.1, 1])] }),
    ).toEqual([]);
  });

  it('is silent for one hidden layer, however small its gradient', () => {
    const record = epochRecord(0, [
      layerStats(1, { biasGradientNorm: 1e-9 }),
      layerStats(2, { biasGradientNorm: 1 }),
    ]);
    expect(vanishingGradientDepth({ config: nielsenCh1Config, epochs: [record] })).toEqual([]);
    expect(
      vanishingGradientDepth({ config: nielsenCh1Config, epochs: [nielsenCh1Epoch0] }),
    ).toEqual([]);
  });

  it('reports the worst epoch, and ignores records with a missing or non-finite layer', () => {
    const epochs = [
      gradients([0.05, 0.1, 0.2, 1], 0),
      gradients([0.01, 0.1, 0.3, 1], 1),
      gradients([NaN, 0.1, 0.3, 1], 2),
      epochRecord(3, [layerStats(2), layerStats(3), layerStats(4)]),
    ];
    const [finding] = vanishingGradientDepth({ config: deep, epochs });
    expect([finding?.epoch, finding?.severity]).toEqual([1, 'info']);
  });

  it('offers no ReLU fix when the hidden layers are already ReLU', () => {
    const relu = config({ ...deep, activations: ['relu', 'relu', 'relu', 'softmax'] });
    const [finding] = vanishingGradientDepth({
      config: relu,
      epochs: [gradients([0.01, 0.05, 0.3, 1])],
    });
    expect(finding?.fix).toBeUndefined();
    expect(finding?.suggestion).toMatch(/fewer hidden layers/);
  });

  it('makes vanishing-gradient stand aside, so diagnose reports the shrinking once', () => {
    // First hidden vs output per unit: (0.012/√30)/(1.3/√10) = 0.0053, below 1/100 on its own.
    const input = { config: deep, epochs: [gradients([0.012, 0.06, 0.283, 1.3])] };
    expect(vanishingGradient(input)).toEqual([]);
    const rules = diagnose(input).map((f) => f.rule);
    expect(rules).toContain('vanishing-gradient-depth');
    expect(rules).not.toContain('vanishing-gradient');
  });
});
