/**
 * RunDetail fixtures for the report tests, built from simple formulas (not from the code under
 * test): a learning run whose cost falls as c0·0.7^epoch, a diverged run whose cost turns NaN, and
 * a run with a hostile name and notes.
 */
import type { AppInfo } from '../base/app-info';
import type { Finding } from '../base/findings';
import type { RunDetail } from '../experiment/run';
import type { WeightsJson } from '../base/records';
import type { ConvLayerStats, EpochRecord, LayerStats } from '../base/records';
import { runConfigSchema, type ActivationName, type RunConfigInput } from '../experiment/config';
import { Rng } from '../engine/rng';

export const hostile = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

export const fixtureApp: AppInfo = {
  version: '0.1.0',
  engineVersion: '0.1.0',
  host: 'serve',
  machine: { platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'Test CPU', memoryGb: 24 },
  dbPath: '/tmp/test.db',
};

function layerStats(layer: number, epoch: number, saturated: number, gradient: number): LayerStats {
  return {
    layer,
    preActivation: { mean: 0.1 * layer, std: 1 },
    activation: { mean: 0.5, std: 0.2 },
    saturatedFraction: saturated,
    constantFraction: 0,
    deadFraction: 0,
    weights: {
      mean: 0,
      std: 1,
      min: -3,
      max: 3,
      histogram: { min: -3, max: 3, counts: [1, 2, 3] },
    },
    biases: { mean: 0, std: 1 },
    gradientNorm: gradient,
    biasGradientNorm: gradient / 10,
    updateRatio: epoch === 0 ? 0 : 0.01,
  };
}

/** Epoch e: cost = c0·0.7^e, accuracy = 0.1 + 0.8·(1 − 0.6^e); layer l saturation 0.3/l, gradient 0.05·l·0.9^e. */
export function learningEpochs(count: number, c0 = 0.45, layers = 2, outputs = 10): EpochRecord[] {
  const classes = outputs > 1 ? outputs : 2;
  return Array.from({ length: count + 1 }, (_, e) => ({
    epoch: e,
    trainCost: c0 * 0.7 ** e,
    trainAccuracy: null,
    validationCost: c0 * 0.72 ** e,
    validationAccuracy: 0.1 + 0.8 * (1 - 0.6 ** e),
    testCost: e === count ? c0 * 0.72 ** e : null,
    testAccuracy: e === count ? 0.1 + 0.79 * (1 - 0.6 ** e) : null,
    learningRate: 3,
    seconds: e === 0 ? 0 : 1.5,
    layers: Array.from({ length: layers }, (_, l) =>
      layerStats(l + 1, e, 0.3 / (l + 1), 0.05 * (l + 1) * 0.9 ** e),
    ),
    meanOutput: Array.from({ length: outputs }, () => 0.1),
    predictedClassFraction: Array.from({ length: classes }, () => 1 / classes),
  }));
}

export function fixtureRun(
  id: number,
  config: Partial<RunConfigInput> = {},
  epochs = 5,
): RunDetail {
  const full = runConfigSchema.parse({
    layers: [784, 30, 10],
    learningRate: 3,
    batchSize: 10,
    epochs,
    name: `run ${id}`,
    ...config,
  });
  return {
    id,
    name: full.name,
    status: 'completed',
    experimentId: null,
    config: full,
    createdAt: '2025-03-04T12:00:00.000Z',
    startedAt: '2025-03-04T12:00:01.000Z',
    finishedAt: '2025-03-04T12:01:00.000Z',
    priority: 0,
    seed: full.seed,
    tags: ['baseline'],
    notes: '',
    starred: false,
    error: null,
    attempts: 1,
    host: 'test',
    engineVersion: '0.1.0',
    final: null,
    progress: null,
    epochs: learningEpochs(epochs, 0.45, full.layers.length - 1, full.layers.at(-1)),
    findings: [],
  };
}

/** Conv layers whose output is as big as MNIST's pixels: 4 filters of 5×5 padded by 2 on 28×28,
 * pooled by 2, give 4×14×14 = 784 values, so fixtureRun(id, { features: convFeatures }) is the
 * 784-30-10 run with conv layers in front. */
export const convFeatures = {
  input: [28, 28, 1] as [number, number, number],
  layers: [
    { type: 'conv2d' as const, filters: 4, kernel: 5, padding: 2 },
    { type: 'maxpool' as const, size: 2 },
  ],
};

/** Conv layer c's statistics at epoch e: saturation 0.6/c (dead 0.2/c), gradient 0.02·c·0.9^e,
 * ‖∂C/∂b‖ a tenth of that. */
function convLayerStats(conv: number, epoch: number): ConvLayerStats {
  const { layer, ...stats } = layerStats(conv, epoch, 0.6 / conv, 0.02 * conv * 0.9 ** epoch);
  return {
    ...stats,
    conv: layer,
    deadFraction: 0.2 / conv,
    deadFilterFraction: 0,
    activationHistogram: { min: 0, max: 1, counts: [4, 2, 1] },
  };
}

/** fixtureRun with convFeatures in front (activation `convActivation`) and conv layer 1 measured
 * in every record, by convLayerStats' formulas. */
export function convRun(
  id: number,
  epochs = 5,
  convActivation: ActivationName = 'sigmoid',
): RunDetail {
  const [conv, pool] = convFeatures.layers;
  const features = { ...convFeatures, layers: [{ ...conv, activation: convActivation }, pool] };
  const run = fixtureRun(id, { features }, epochs);
  run.epochs = run.epochs.map((e) => ({ ...e, convLayers: [convLayerStats(1, e.epoch)] }));
  return run;
}

/** The doctor's finding about weight layer 1 at epoch 2. */
export const layerOneFinding: Finding = {
  rule: 'saturated-layer',
  severity: 'warning',
  epoch: 2,
  layer: 1,
  title: 'Saturated',
  message: 'Most units are saturated.',
  evidence: { saturatedFraction: 0.6 },
  suggestion: 'Shrink the initial weights.',
};

/** A run whose cost grows tenfold per epoch and is NaN from epoch 3 on. */
export function divergedRun(id: number): RunDetail {
  const run = fixtureRun(id, { learningRate: 100, name: 'too hot' }, 4);
  run.status = 'diverged';
  run.epochs = run.epochs.map((e) => ({
    ...e,
    trainCost: e.epoch >= 3 ? NaN : 0.45 * 10 ** e.epoch,
    validationCost: e.epoch >= 3 ? Infinity : 0.45 * 10 ** e.epoch,
    validationAccuracy: e.epoch >= 3 ? NaN : 0.1,
  }));
  run.findings = [
    {
      rule: 'divergence',
      severity: 'error',
      epoch: 3,
      title: 'Training diverged',
      message: 'The cost became NaN at epoch 3: the learning rate 100 is too large.',
      evidence: { learningRate: 100, cost: NaN },
      chart: 'cost',
      suggestion: 'Lower the learning rate to 3.',
      fix: { field: 'learningRate', value: 3, label: 'learning rate 3' },
    },
  ];
  return run;
}

/** Random first-layer weights N(0,1) for a 784-`hidden`-10 network, seeded. */
export function fixtureWeights(hidden = 30, seed = 1): WeightsJson {
  const rng = new Rng(seed);
  const matrix = (rows: number, cols: number): number[][] =>
    Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
  return {
    weights: [matrix(hidden, 784), matrix(10, hidden)],
    biases: [
      Array.from({ length: hidden }, () => rng.normal()),
      Array.from({ length: 10 }, () => rng.normal()),
    ],
  };
}
