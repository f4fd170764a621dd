/**
 * Synthetic epoch records for the doctor's tests, with numbers derived by hand (not produced by the
 * code under test). MNIST input statistics: E[x] = 0.131, rms(x) = 0.335, ~150 non-zero pixels,
 * per-image pixel sum 102.7 ± 34.2 (first 50,000 training images).
 */
import { runConfigSchema, type RunConfig, type RunConfigInput } from '../../experiment/config';
import type { RunSummary } from '../../experiment/run';
import type { LoadedDataset } from '../../base/dataset';
import type { ConvLayerStats, EpochRecord, LayerStats } from '../../base/records';
import type { ActivationName } from '../../engine/options';
import { createSession } from '../../engine/reference-session';
import { presets } from '../../experiment/presets';
import type { DiagnoseInput } from './rule';

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

/** A preset the UI offers, as the engine sees it. */
export function presetConfig(id: string, over: Partial<RunConfigInput> = {}): RunConfig {
  const preset = presets.find((p) => p.id === id);
  if (!preset) throw new Error(`no preset "${id}"`);
  return runConfigSchema.parse({ ...preset.config, ...over });
}

/** The founding network ("Stuck network" preset): 784-15-10 sigmoid, quadratic, η 0.5, batch 1,
 * U[0,1) weights and biases. */
export const foundingConfig = presetConfig('stuck-network', { epochs: 1 });

/**
 * Its epoch 0 (seed 1, reference engine, float32, probe = first 1,000 validation images). Derived:
 * z₁ = Σ w·x + b with E[w] = 0.5 has mean 784·0.5·0.131 + 0.5 ≈ 51.9 and, across images, spread
 * √(0.25·34.2² + 784·(1/12)·0.335²) ≈ 17.3; even z = 15 gives σ'(z) ≈ 3e-7, so every pair is
 * saturated and every unit outputs 1 − ε. Measured: z₁ = 49.4 ± 14.7, 100% saturated, 12 of 15
 * units constant to 1e-6 and all outputs within 1.8e-8 (float32 rounds 1 − e^−z), ∂C/∂b₁ ≈ 1e-11.
 * Layer 2 sees 15 ones: z₂ = Σ w + b ≈ 15·0.5 + 0.5 = 8 ± √(16/12) ≈ 8 ± 1.15; measured 7.8 ± 1.1,
 * 90% saturated, outputs ≈ 1.
 */
export const foundingEpoch0 = epochRecord(
  0,
  [
    layerStats(1, {
      preActivation: { mean: 49.44, std: 14.71 },
      activation: { mean: 1, std: 1.83e-8 },
      saturatedFraction: 1,
      constantFraction: 0.8,
      weights: {
        mean: 0.5,
        std: 0.2887,
        min: 0,
        max: 1,
        histogram: { min: 0, max: 1, counts: [5, 5] },
      },
      biases: { mean: 0.5, std: 0.2887 },
      gradientNorm: 5.27e-11,
      biasGradientNorm: 1.12e-11,
    }),
    layerStats(2, {
      preActivation: { mean: 7.78, std: 1.14 },
      activation: { mean: 0.9992, std: 9.59e-4 },
      saturatedFraction: 0.9,
      constantFraction: 1,
      weights: {
        mean: 0.5,
        std: 0.2887,
        min: 0,
        max: 1,
        histogram: { min: 0, max: 1, counts: [5, 5] },
      },
      gradientNorm: 1.39e-2,
      biasGradientNorm: 3.59e-3,
    }),
  ],
  {
    trainCost: 4.49,
    validationAccuracy: 0.103,
    meanOutput: [1, 1, 0.998, 1, 0.997, 1, 0.999, 1, 1, 1],
    predictedClassFraction: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
  },
);

/** After one epoch the outputs sit near the class prior (≈ 0.1 each, z₂ ≈ ln(0.1/0.9) ≈ −2.2;
 * measured −2.6) and the network always answers one digit; quadratic cost ½(0.9² + 9·0.1²) = 0.45
 * (measured 0.4575), validation accuracy 10.1%. Layer 1 has not moved (‖Δw‖/‖w‖ = 1.2e-6). */
export const foundingEpoch1 = epochRecord(
  1,
  [
    { ...foundingEpoch0.layers[0], updateRatio: 1.21e-6 },
    layerStats(2, {
      preActivation: { mean: -2.58, std: 0.41 },
      activation: { mean: 0.0751, std: 0.0271 },
      saturatedFraction: 0,
      constantFraction: 1,
      gradientNorm: 2.39e-2,
      biasGradientNorm: 6.16e-3,
      updateRatio: 2.07,
    }),
  ],
  {
    trainCost: 0.4575,
    validationAccuracy: 0.1009,
    meanOutput: [0.049, 0.041, 0.11, 0.086, 0.04, 0.098, 0.074, 0.062, 0.122, 0.07],
    predictedClassFraction: [0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
  },
);

/** Nielsen ch.1 (784-30-10, N(0,1) weights and biases) at epoch 0. Derived: std(z₁) = √(784·0.335² + 1)
 * ≈ 9.4, so P(|z₁| > 6) ≈ 53% of pairs saturated, yet every unit varies with the input; z₂ has std
 * √(30·E[a²] + 1) ≈ √(30·0.5 + 1) ≈ 4 → P(|z₂| > 6) ≈ 14%. Measured (seed 1): z₁ = 1.9 ± 9.1, 52.5%
 * saturated, none constant; z₂ = 0.0 ± 4.0, 14% saturated. */
export const nielsenCh1Config = presetConfig('nielsen-ch1');
export const nielsenCh1Epoch0 = epochRecord(0, [
  layerStats(1, {
    preActivation: { mean: 1.94, std: 9.14 },
    activation: { mean: 0.585, std: 0.449 },
    saturatedFraction: 0.525,
    weights: { ...layerStats(1).weights, std: 1 },
    gradientNorm: 0.215,
    biasGradientNorm: 0.0367,
  }),
  layerStats(2, {
    preActivation: { mean: 0.02, std: 4.03 },
    activation: { mean: 0.559, std: 0.398 },
    saturatedFraction: 0.14,
    gradientNorm: 0.548,
    biasGradientNorm: 0.156,
  }),
]);

/** Nielsen ch.3 (N(0, 1/√n_in) weights, N(0,1) biases, cross-entropy, λ = 5). Derived: std(z₁) =
 * √(0.335² + 1) ≈ 1.05, P(|z₁| > 6) ≈ 1e-8; z₂ has std about √(30·(1/30)·0.25 + 1) ≈ 1.1, nothing
 * saturated. Measured (seed 1): z₁ = −0.5 ± 1.2, z₂ = −0.2 ± 0.8, 0% saturated. */
export const nielsenCh3Config = presetConfig('nielsen-ch3');
export const nielsenCh3Epoch0 = epochRecord(0, [
  layerStats(1, {
    preActivation: { mean: -0.47, std: 1.16 },
    activation: { mean: 0.403, std: 0.228 },
    gradientNorm: 1.41,
    biasGradientNorm: 0.235,
  }),
  layerStats(2, {
    preActivation: { mean: -0.16, std: 0.76 },
    activation: { mean: 0.466, std: 0.17 },
    gradientNorm: 3.21,
    biasGradientNorm: 1.27,
  }),
]);

/** A run as the runs service lists it; `final` is filled for finished runs from the arguments. */
export function runSummary(
  seed: number,
  status: RunSummary['status'],
  testAccuracy: number | null,
  trainCost = 0.4,
): RunSummary {
  const finished = status === 'completed' || status === 'diverged';
  return {
    id: seed,
    name: '',
    status,
    experimentId: 1,
    config: { ...foundingConfig, seed },
    createdAt: '',
    startedAt: null,
    finishedAt: null,
    priority: 0,
    seed,
    tags: [],
    notes: '',
    starred: false,
    error: null,
    attempts: 1,
    host: null,
    engineVersion: '1',
    final: finished
      ? {
          epochs: 1,
          trainCost,
          validationAccuracy: null,
          testAccuracy,
          testCost: null,
          bestValidationAccuracy: null,
          bestEpoch: null,
        }
      : null,
    progress: null,
  };
}

/** Trains `config` on `data` to its last epoch with the reference engine: what the doctor reads
 * when the run ends (records from epoch 0, and "diverged" or "completed"). */
export function trainedRun(
  config: RunConfig,
  data: LoadedDataset,
): Required<Pick<DiagnoseInput, 'config' | 'epochs' | 'status'>> {
  const session = createSession(config, data, { now: () => 0 });
  const epochs = [session.measure()];
  while (!session.finished) epochs.push(session.trainEpoch());
  return { config, epochs, status: session.diverged ? 'diverged' : 'completed' };
}

/** A ch.6-shaped conv net: 28×28 images, 20 filters of 5×5 (maps 24×24) with `convActivation`,
 * max-pool 2, a hidden dense layer of 100 `denseActivation` units and 10 softmax outputs. */
export function convNetConfig(
  convActivation: ActivationName,
  denseActivation: ActivationName,
  over: Record<string, unknown> = {},
): RunConfig {
  return runConfigSchema.parse({
    layers: [
      { type: 'input', shape: [28, 28, 1] },
      { type: 'conv2d', filters: 20, kernel: 5, activation: convActivation },
      { type: 'maxpool', size: 2 },
      { type: 'dense', units: 100, activation: denseActivation },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    cost: 'log-likelihood',
    learningRate: 0.1,
    batchSize: 10,
    epochs: 10,
    ...over,
  });
}

/** A healthy-looking conv layer; override what the test is about. */
export function convLayerStats(conv: number, over: Partial<ConvLayerStats> = {}): ConvLayerStats {
  return {
    conv,
    preActivation: { mean: 0, std: 1 },
    activation: { mean: 0.5, std: 0.2 },
    activationHistogram: { min: 0, max: 1, counts: [1, 2, 1] },
    saturatedFraction: 0,
    constantFraction: 0,
    deadFraction: 0,
    deadFilterFraction: 0,
    weights: {
      mean: 0,
      std: 0.2,
      min: -0.5,
      max: 0.5,
      histogram: { min: -0.5, max: 0.5, counts: [1, 2, 1] },
    },
    biases: { mean: 0, std: 1 },
    gradientNorm: 0.5,
    biasGradientNorm: 0.1,
    updateRatio: 0,
    ...over,
  };
}
