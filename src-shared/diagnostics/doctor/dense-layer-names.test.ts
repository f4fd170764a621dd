/**
 * How findings name a dense layer: "layer ℓ" in a dense network, "dense layer ℓ" in a conv net,
 * where "layer 1" could be read as its first layer, a conv layer. Each rule that names a dense
 * layer runs on the same records twice: for a dense network and for its twin with conv layers in
 * front (the same dense sizes, 2880 = 20 maps of 12×12 after the pool).
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../base/findings';
import type { EpochRecord, LayerStats } from '../../base/records';
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../../experiment/config';
import { constantUnits } from './constant-units';
import { deadRelu } from './dead-relu';
import { explodingWeights } from './exploding-weights';
import { vanishingGradientDepth } from './gradient-depth';
import { largeLearningRate } from './large-learning-rate';
import { denseLayerName } from './network-shape';
import { outputCollapse } from './output-collapse';
import { config, convNetConfig, epochRecord, layerStats } from './records.testing';
import type { DiagnoseInput } from './rule';
import { saturatedLayer } from './saturated-layer';
import { vanishingGradient } from './vanishing-gradient';

/** A dense net 2880-100-100-10 (or `over`) and the same dense layers behind 20 conv maps + pool. */
function twins(over: Partial<RunConfigInput> = {}): { dense: RunConfig; conv: RunConfig } {
  const dense = config({ layers: [2880, 100, 100, 10], ...over });
  const conv = runConfigSchema.parse({
    ...dense,
    features: convNetConfig('sigmoid', 'sigmoid').features,
  });
  return { dense, conv };
}

type Name = (layer: number) => string;
const plain: Name = (l) => `layer ${l}`;
const qualified: Name = (l) => `dense layer ${l}`;
const upper = (text: string) => text[0].toUpperCase() + text.slice(1);

/** Every text a learner reads in a finding. */
const textOf = (f: Finding) => [f.title, f.message, f.suggestion ?? ''].join('\n');

interface Case {
  rule: string;
  over?: Partial<RunConfigInput>;
  epochs: EpochRecord[];
  run: (input: DiagnoseInput) => Finding[];
  /** Phrases the finding must hold, with its dense layers named by `name`. */
  says: (name: Name) => string[];
  /** Finding.layer: the dense layer the finding is about (none for a finding about η). */
  layer: number | undefined;
}

const frozen: Partial<LayerStats> = {
  saturatedFraction: 1,
  constantFraction: 0.95,
  activation: { mean: 1, std: 1e-4 },
  preActivation: { mean: 31, std: 6 },
};
const healthy = [layerStats(1), layerStats(2), layerStats(3)];
/** Layer 2 (100 → 100) with weight std 0.05·times and range ±0.2·times. */
const grown = (times: number) =>
  layerStats(2, {
    weights: { ...layerStats(2).weights, std: 0.05 * times, min: -0.2 * times, max: 0.2 * times },
  });

const cases: Case[] = [
  {
    rule: 'saturated-layer at the start',
    epochs: [epochRecord(0, [layerStats(1, frozen), layerStats(2), layerStats(3)])],
    run: saturatedLayer,
    says: (n) => [
      `${upper(n(1))} is fully saturated before training starts`,
      `pairs in ${n(1)} (2880 inputs → 100 hidden units, sigmoid) are saturated`,
    ],
    layer: 1,
  },
  {
    rule: 'saturated-layer at the start, fed by the layer below',
    over: { init: { weights: { kind: 'uniform', low: 0, high: 1 } } },
    epochs: [epochRecord(0, [layerStats(1), layerStats(2, frozen), layerStats(3)])],
    run: saturatedLayer,
    says: (n) => [
      `${upper(n(2))} is fully saturated before training starts`,
      `and the outputs of ${n(1)} are never negative`,
    ],
    layer: 2,
  },
  {
    rule: 'saturated-layer during training',
    epochs: [
      epochRecord(0, healthy),
      epochRecord(3, [layerStats(1, { saturatedFraction: 0.75 }), layerStats(2), layerStats(3)], {
        validationAccuracy: 0.4,
      }),
    ],
    run: saturatedLayer,
    says: (n) => [`${upper(n(1))} saturated during training`, `pairs in ${n(1)} (2880 inputs`],
    layer: 1,
  },
  {
    rule: 'dead-relu',
    over: { activations: ['relu', 'relu', 'sigmoid'], learningRate: 1 },
    epochs: [epochRecord(0, [layerStats(1, { deadFraction: 0.6 }), layerStats(2), layerStats(3)])],
    run: deadRelu,
    says: (n) => [
      `60 of 100 ReLU units in ${n(1)} are dead`,
      `60 of the 100 units in ${n(1)} (2880 inputs → 100 hidden units, relu) output 0`,
    ],
    layer: 1,
  },
  {
    rule: 'constant-units',
    epochs: [
      epochRecord(0, [
        layerStats(1, { saturatedFraction: 1, constantFraction: 1 }),
        layerStats(2, { constantFraction: 1 }),
        layerStats(3),
      ]),
    ],
    run: constantUnits,
    says: (n) => [
      `100 of 100 units in ${n(2)} ignore the input`,
      `units in ${n(2)} (100 units → 100 hidden units, sigmoid)`,
      `The cause is below them: ${n(1)} is itself constant`,
    ],
    layer: 2,
  },
  {
    rule: 'exploding-weights',
    over: { learningRate: 30 },
    epochs: [1, 2e4].map((t, e) => epochRecord(e, [layerStats(1), grown(t), layerStats(3)])),
    run: explodingWeights,
    says: (n) => [`The weights of ${n(2)} exploded`, `the weights of ${n(2)} (100 units →`],
    layer: 2,
  },
  {
    rule: 'large-learning-rate, weights that jump',
    over: { learningRate: 30 },
    epochs: [
      epochRecord(0, healthy, { trainCost: 0.45 }),
      epochRecord(1, [layerStats(1), grown(20), layerStats(3)], {
        trainCost: 0.4,
        validationAccuracy: 0.5,
      }),
    ],
    run: largeLearningRate,
    // The largest first step is the output layer's: 30·0.5/(0.05·√(100·10)) ≈ 9.5 times its size.
    says: (n) => [`the weights of ${n(2)} grew 20×`, `would already move ${n(3)}'s weights by 9.5`],
    layer: undefined,
  },
  {
    rule: 'large-learning-rate, saturation that appears',
    epochs: [
      epochRecord(0, [layerStats(1, { saturatedFraction: 0.05 }), layerStats(2), layerStats(3)]),
      epochRecord(1, [layerStats(1, { saturatedFraction: 0.9 }), layerStats(2), layerStats(3)], {
        validationAccuracy: 0.12,
      }),
    ],
    run: largeLearningRate,
    says: (n) => [`${n(1)} went from 5% of its (example, unit) pairs saturated to 90%`],
    layer: undefined,
  },
  {
    rule: 'output-collapse',
    epochs: [
      epochRecord(0, healthy),
      epochRecord(1, [
        layerStats(1, { constantFraction: 1, activation: { mean: 1, std: 0 } }),
        layerStats(2),
        layerStats(3, { constantFraction: 1, activation: { mean: 0.1, std: 0 } }),
      ]),
    ],
    run: outputCollapse,
    says: (n) => [`Nothing below the outputs varies with the input: ${n(1)} is constant`],
    layer: 3,
  },
  {
    rule: 'vanishing-gradient (one hidden layer; records without conv statistics)',
    over: { layers: [2880, 100, 10] },
    // Per unit: 0.001·√100/√100 against 1·√10/√10: ratio 0.001.
    epochs: [
      epochRecord(0, [
        layerStats(1, { biasGradientNorm: 0.01, saturatedFraction: 0.5 }),
        layerStats(2, { biasGradientNorm: Math.sqrt(10) }),
      ]),
    ],
    run: vanishingGradient,
    says: (n) => [
      `the error signal per unit of ${n(1)} (∂C/∂b) is 0.001 times that of the output layer (${n(2)})`,
      `The cause is saturation: ${n(1)} is saturated`,
    ],
    layer: 1,
  },
  {
    rule: 'vanishing-gradient-depth (records without conv statistics)',
    // Per unit: 0.01/√100 = 0.001 and 1/√100 = 0.1: ratio 0.01.
    epochs: [
      epochRecord(0, [
        layerStats(1, { biasGradientNorm: 0.01 }),
        layerStats(2, { biasGradientNorm: 1 }),
        layerStats(3),
      ]),
    ],
    run: vanishingGradientDepth,
    says: (n) => [
      `${n(1)} learns 100 times slower than ${n(2)}`,
      `first to last, is ${n(1)}: 0.001, ${n(2)}: 0.1.`,
    ],
    layer: 1,
  },
];

/** "layer 2" not preceded by "dense " or "conv ": a name a conv net's reader could misread. */
const bareLayer = /(?<!dense |conv )\blayer \d/i;

describe.each(cases)('$rule', ({ over, epochs, run, says, layer }) => {
  const { dense, conv } = twins(over);

  it('names the layer "layer ℓ" in a dense network, as before', () => {
    const [f, ...rest] = run({ config: dense, epochs });
    expect(rest).toEqual([]);
    expect(f.layer).toBe(layer);
    for (const phrase of says(plain)) expect(textOf(f)).toContain(phrase);
    expect(textOf(f)).not.toMatch(/dense layer/i);
  });

  it('names it "dense layer ℓ" in a conv net, and no layer by a bare number', () => {
    const [f, ...rest] = run({ config: conv, epochs });
    expect(rest).toEqual([]);
    expect(f.layer).toBe(layer);
    for (const phrase of says(qualified)) expect(textOf(f)).toContain(phrase);
    expect(textOf(f)).not.toMatch(bareLayer);
  });
});

describe('denseLayerName', () => {
  it('qualifies the number only when the network has conv layers in front', () => {
    const { dense, conv } = twins();
    expect(denseLayerName(dense, 2)).toBe('layer 2');
    expect(denseLayerName(conv, 2)).toBe('dense layer 2');
  });
});
