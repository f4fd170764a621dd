/**
 * Synthetic epoch records for the doctor's tests, with numbers derived by hand (not produced by the
 * code under test). MNIST input statistics: E[x] = 0.131, rms(x) = 0.335, ~150 non-zero pixels,
 * per-image pixel sum 102.7 ± 34.2 (first 50,000 training images).
 */
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../../experiment/config';
import type { EpochRecord, LayerStats } from '../../engine/records';

export function config(input: Partial<RunConfigInput> = {}): RunConfig {
  return runConfigSchema.parse({
    layers: [784, 30, 10],
    learningRate: 3,
    batchSize: 10,
    epochs: 30,
    ...input,
  });
}

/** A healthy-looking layer; override what the test is about. */
export function layerStats(layer: number, over: Partial<LayerStats> = {}): LayerStats {
  return {
    layer,
    preActivation: { mean: 0, std: 1 },
    activation: { mean: 0.5, std: 0.2 },
    saturatedFraction: 0,
    constantFraction: 0,
    deadFraction: 0,
    weights: {
      mean: 0,
      std: 0.05,
      min: -0.2,
      max: 0.2,
      histogram: { min: -0.2, max: 0.2, counts: [1, 2, 1] },
    },
    biases: { mean: 0, std: 1 },
    gradientNorm: 0.5,
    biasGradientNorm: 0.1,
    updateRatio: 0,
    ...over,
  };
}

export function epochRecord(
  epoch: number,
  layers: LayerStats[],
  over: Partial<EpochRecord> = {},
): EpochRecord {
  return {
    epoch,
    trainCost: 0.45,
    trainAccuracy: null,
    validationCost: null,
    validationAccuracy: epoch === 0 ? null : 0.9,
    testCost: null,
    testAccuracy: null,
    learningRate: 0.5,
    seconds: epoch === 0 ? 0 : 1,
    layers,
    meanOutput: new Array(10).fill(0.1),
    predictedClassFraction: new Array(10).fill(0.1),
    ...over,
  };
}

const U01 = { kind: 'uniform', low: 0, high: 1 } as const;

/** The founding network: 784-15-10 sigmoid, quadratic, η 0.5, batch 1, U[0,1) weights and biases. */
export const foundingConfig = config({
  layers: [784, 15, 10],
  learningRate: 0.5,
  batchSize: 1,
  epochs: 1,
  init: { weights: U01, biases: U01 },
});

/**
 * Its epoch 0: z₁ = Σ w·x + b with E[w] = 0.5 has mean 784·0.5·0.131 + 0.5 ≈ 51.9 and, across images,
 * spread √(0.25·34.2² + 784·(1/12)·0.335²) ≈ 17.3; even z = 15 gives σ'(z) ≈ 3e-7, so every pair is
 * saturated and every unit outputs 1 − ε: constant. The gradient reaching layer 1 carries σ'(52) ≈ 2.6e-23.
 * Layer 2 sees 15 ones: z₂ = Σ w + b ≈ 15·0.5 + 0.5 = 8 ± √(16/12) ≈ 8 ± 1.15 → P(|z₂| > 6) ≈ 96%.
 */
export const foundingEpoch0 = epochRecord(
  0,
  [
    layerStats(1, {
      preActivation: { mean: 51.9, std: 17.3 },
      activation: { mean: 1, std: 0 },
      saturatedFraction: 1,
      constantFraction: 1,
      weights: {
        mean: 0.5,
        std: 0.2887,
        min: 0,
        max: 1,
        histogram: { min: 0, max: 1, counts: [5, 5] },
      },
      biases: { mean: 0.5, std: 0.2887 },
      gradientNorm: 1e-21,
    }),
    layerStats(2, {
      preActivation: { mean: 8, std: 1.15 },
      activation: { mean: 0.9997, std: 0.0003 },
      saturatedFraction: 0.96,
      constantFraction: 1,
      weights: {
        mean: 0.5,
        std: 0.2887,
        min: 0,
        max: 1,
        histogram: { min: 0, max: 1, counts: [5, 5] },
      },
      gradientNorm: 0.003,
    }),
  ],
  {
    trainCost: 4.5,
    meanOutput: new Array(10).fill(0.9997),
    predictedClassFraction: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  },
);

/** After one epoch the outputs sit at the class prior (≈ 0.1 each, z₂ ≈ ln(0.1/0.9) ≈ −2.2) and the
 * network always answers "1", the commonest digit of the validation split (1,064 of 10,000);
 * quadratic cost ½(0.9² + 9·0.1²) = 0.45. Layer 1 has not moved. */
export const foundingEpoch1 = epochRecord(
  1,
  [
    { ...foundingEpoch0.layers[0], updateRatio: 0 },
    layerStats(2, {
      preActivation: { mean: -2.2, std: 0.1 },
      activation: { mean: 0.1, std: 0.01 },
      saturatedFraction: 0,
      constantFraction: 1,
      updateRatio: 0.6,
    }),
  ],
  {
    trainCost: 0.45,
    validationAccuracy: 0.1064,
    predictedClassFraction: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
  },
);

/** Nielsen ch.1 (784-30-10, N(0,1) weights and biases) at epoch 0: std(z₁) = √(784·0.335² + 1) ≈ 9.4, so
 * P(|z₁| > 6) ≈ 53% of pairs saturated, yet every unit varies with the input. Output z₂ has std
 * √(30·E[a²] + 1) ≈ √(30·0.4 + 1) ≈ 3.6 → P(|z₂| > 6) ≈ 10%. */
export const nielsenCh1Config = config({
  init: {
    weights: { kind: 'normal', mean: 0, std: 1 },
    biases: { kind: 'normal', mean: 0, std: 1 },
  },
});
export const nielsenCh1Epoch0 = epochRecord(0, [
  layerStats(1, {
    preActivation: { mean: 0, std: 9.4 },
    saturatedFraction: 0.53,
    weights: { ...layerStats(1).weights, std: 1 },
    gradientNorm: 0.4,
  }),
  layerStats(2, {
    preActivation: { mean: 0, std: 3.6 },
    saturatedFraction: 0.1,
    gradientNorm: 0.9,
  }),
]);

/** Nielsen ch.3 (N(0, 1/√n_in) weights, N(0,1) biases, cross-entropy, λ = 5): std(z₁) = √(0.335² + 1) ≈ 1.05,
 * P(|z₁| > 6) ≈ 1e-8; z₂ has std √(30·(1/30)·0.3 + 1) ≈ 1.14, nothing saturated. */
export const nielsenCh3Config = config({
  cost: 'cross-entropy',
  learningRate: 0.5,
  l2: 5,
  init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
});
export const nielsenCh3Epoch0 = epochRecord(0, [
  layerStats(1, { preActivation: { mean: 0, std: 1.05 }, gradientNorm: 0.3 }),
  layerStats(2, { preActivation: { mean: 0, std: 1.14 }, gradientNorm: 0.9 }),
]);
