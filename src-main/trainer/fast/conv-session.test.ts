/**
 * The fast conv session against the reference engine (float32 runs), across thread counts and
 * across checkpoints. Tolerance of fast vs reference: the kernel sums in float32 (four lanes)
 * where the reference sums each dot product in float64, so after one epoch (8 to 15 steps) every
 * weight and bias is within 1e-4 of the reference's, relative to the largest magnitude (at least
 * 1), and the recorded costs within 1e-4 relative; accuracies may differ by one example at most.
 * Over more epochs the two drift apart by more than rounding: a max-pool winner, a ReLU at 0 or
 * the sign in L1's step can flip on a float32 difference (seen: 1e-6 after one epoch, 1e-2 after
 * three), which is why one epoch is compared.
 */
import { describe, expect, it } from 'vitest';
import { createSession, restoreSession } from '../../../src-shared/engine/reference-session';
import { inlineData, testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfig } from '../../../src-shared/experiment/config';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { TrainingSession } from '../../../src-shared/engine/session';
import { Rng } from '../../../src-shared/engine/rng';
import { fastConfigProblem } from '../../../src-shared/experiment/fast-engine';
import { ConvSession, scoringPiece } from './conv-session';
import { planFeatures } from '../../../src-shared/engine/layers/feature-stack';
import { SCORING_TICK } from '../../../src-shared/engine/evaluate';
import { convSessionFactory, selectSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';

const built = kernelAvailable();
if (!built) console.warn('conv-session.test: skipped, out/kernels/fast.wasm is not built');

const TOLERANCE = 1e-4;
const options = { now: () => 0 };

/** `count` images side×side×channels of noise with a bright bar: horizontal, vertical or a
 * diagonal (three classes), at a random place. */
function barsData(count: number, side: number, channels: number): LoadedDataset {
  const rng = new Rng(5);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < count; i++) {
    const cls = i % 3;
    const at = Math.floor(rng.next() * side);
    const image = Array.from({ length: side * side * channels }, () => 0.3 * rng.next());
    for (let k = 0; k < side; k++) {
      const [y, x] = cls === 0 ? [at, k] : cls === 1 ? [k, at] : [k, k];
      for (let c = 0; c < channels; c++) image[(y * side + x) * channels + c] = 1;
    }
    inputs.push(image);
    targets.push([0, 1, 2].map((j) => (j === cls ? 1 : 0)));
  }
  return inlineData(inputs, targets, { validationSize: 12, testSize: 12 });
}

function convConfig(over: Record<string, unknown> = {}, layers?: unknown[]): RunConfig {
  return testConfig({
    layers: layers ?? [
      { type: 'input', shape: [12, 12, 1] },
      { type: 'conv2d', filters: 4, kernel: 3, padding: 1, activation: 'sigmoid' },
      { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 3, kernel: 3, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'sigmoid' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
    cost: 'log-likelihood',
    precision: 'float32',
    engine: 'fast',
    learningRate: 0.3,
    batchSize: 5,
    epochs: 3,
    seed: 11,
    momentum: 0.5,
    l2: 0.1,
    ...over,
  } as unknown as Parameters<typeof testConfig>[0]);
}

/** Three channels, stride 2, a pool of 3 with stride 3: other paths of the kernel. */
const stridedLayers = [
  { type: 'input', shape: [11, 11, 3] },
  { type: 'conv2d', filters: 5, kernel: 3, stride: 2, padding: 1, activation: 'tanh' },
  { type: 'maxpool', size: 3 },
  { type: 'dense', units: 3, activation: 'softmax' },
];

const data = barsData(96, 12, 1);
const data3 = barsData(60, 11, 3);

function parameters(s: TrainingSession): number[] {
  const w = s.weights();
  return [
    ...w.weights.flat(2),
    ...w.biases.flat(),
    ...(w.features?.weights.flat() ?? []),
    ...(w.features?.biases.flat() ?? []),
  ] as number[];
}

function relativeDifference(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let [worst, size] = [0, 1];
  a.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - b[i]));
    size = Math.max(size, Math.abs(b[i]));
  });
  return worst / size;
}

function closeRecords(fast: EpochRecord, ref: EpochRecord, examples: number): void {
  for (const key of ['trainCost', 'validationCost', 'testCost'] as const) {
    const [a, b] = [fast[key]!, ref[key]!];
    expect(Math.abs(a - b)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(b)));
  }
  for (const key of ['trainAccuracy', 'validationAccuracy', 'testAccuracy'] as const)
    expect(Math.abs(fast[key]! - ref[key]!)).toBeLessThanOrEqual(1 / examples + 1e-12);
  expect(fast.epoch).toBe(ref.epoch);
  expect(fast.learningRate).toBe(ref.learningRate);
  expect(fast.layers.length).toBe(ref.layers.length);
  // The doctor's statistics inside the conv layers, by the reference's own code on the kernel's
  // float32 weights (the reference engine here computes in float64).
  expect(fast.convLayers?.length).toBe(ref.convLayers?.length);
  expect(fast.convLayers?.length).toBeGreaterThan(0);
  fast.convLayers!.forEach((layer, i) => {
    const want = ref.convLayers![i];
    expect(layer.conv).toBe(want.conv);
    for (const key of ['gradientNorm', 'biasGradientNorm', 'updateRatio'] as const)
      expect(Math.abs(layer[key] - want[key])).toBeLessThanOrEqual(
        TOLERANCE * Math.max(1, Math.abs(want[key])),
      );
    expect(Math.abs(layer.activation.mean - want.activation.mean)).toBeLessThan(TOLERANCE);
  });
}

/** Records without their clock reading, for exact comparison. */
const timeless = (r: EpochRecord) => ({ ...r, seconds: 0 });

describe.skipIf(!built)('the fast conv session', () => {
  for (const [name, config, d] of [
    ['two conv layers, pool, momentum and L2', convConfig(), data],
    ['three channels, stride 2, padding 1, pool 3', convConfig({}, stridedLayers), data3],
    ['plain SGD (the first layer steps every column)', convConfig({ momentum: 0, l2: 0 }), data],
    ['momentum with L1', convConfig({ l2: 0, l1: 0.05 }), data],
    [
      'Adam (the host takes the step)',
      convConfig({ momentum: 0, learningRate: 0.01, optimizer: { kind: 'adam' } }),
      data,
    ],
  ] as const) {
    it(`agrees with the reference engine: ${name}`, () => {
      const fast = convSessionFactory({ threads: 2, ...options }).create(config, d);
      const ref = createSession(config, d, options);
      expect(fast).toBeInstanceOf(ConvSession);
      expect(relativeDifference(parameters(fast), parameters(ref))).toBe(0);
      closeRecords(fast.measure(), ref.measure(), 12);
      closeRecords(fast.trainEpoch(), ref.trainEpoch(), 12);
      const diff = relativeDifference(parameters(fast), parameters(ref));
      expect(diff).toBeLessThan(TOLERANCE);
      // Not vacuous: training moved the weights far more than the tolerance.
      const start = parameters(createSession(config, d, options));
      expect(relativeDifference(parameters(fast), start)).toBeGreaterThan(100 * TOLERANCE);
      fast.close();
    });
  }

  it('takes exactly the reference’s step (sgd.ts updateMiniBatch) for momentum with L2 and L1', () => {
    const config = convConfig({ l1: 0.02 });
    const runs = [false, true].map((hostStep) => {
      const s = convSessionFactory({ threads: 2, hostStep, ...options }).create(config, data);
      const records = [s.trainEpoch(), s.trainEpoch()].map(timeless);
      s.close();
      return { records, params: parameters(s) };
    });
    expect(runs[0].params).toEqual(runs[1].params);
    expect(runs[0].records).toEqual(runs[1].records);
  });

  it('gives bit-identical weights and records on 1, 2, 3 and 4 threads', () => {
    const config = convConfig({ batchSize: 7 }); // 72 training examples: the last batch (2) is smaller than 3 or 4 threads
    const runs = [1, 2, 3, 4].map((threads) => {
      const s = convSessionFactory({ threads, ...options }).create(config, data);
      const records = [s.measure(), s.trainEpoch(), s.trainEpoch()].map(timeless);
      s.close();
      return { records, params: parameters(s) };
    });
    for (const run of runs.slice(1)) {
      expect(run.params).toEqual(runs[0].params);
      expect(run.records).toEqual(runs[0].records);
    }
  });

  it('resumes from a checkpoint bit-identically, and in the reference engine', () => {
    const config = convConfig();
    const factory = convSessionFactory({ threads: 2, ...options });
    const whole = factory.create(config, data);
    const wholeRecords = [whole.trainEpoch(), whole.trainEpoch()].map(timeless);
    const first = factory.create(config, data);
    first.trainEpoch();
    const checkpoint = first.checkpoint();
    const resumed = factory.restore(config, data, checkpoint);
    expect(resumed.epoch).toBe(1);
    expect(timeless(resumed.trainEpoch())).toEqual(wholeRecords[1]);
    expect(parameters(resumed)).toEqual(parameters(whole));

    // The reference engine restores the fast checkpoint (same parameters) and trains on close.
    const ref = restoreSession(config, data, checkpoint, options);
    expect(parameters(ref)).toEqual(parameters(first));
    closeRecords(ref.trainEpoch(), wholeRecords[1], 12);
    expect(relativeDifference(parameters(ref), parameters(whole))).toBeLessThan(TOLERANCE);
    // And the other way round.
    const back = factory.restore(config, data, ref.checkpoint());
    expect(parameters(back)).toEqual(parameters(ref));
    expect(back.epoch).toBe(2);
    for (const s of [whole, first, resumed, back]) s.close();
  });

  const dropoutConfig = convConfig({}, [
    ...stridedLayers.slice(0, 3),
    { type: 'dense', units: 6, activation: 'relu' },
    { type: 'dropout', rate: 0.5 },
    { type: 'dense', units: 3, activation: 'softmax' },
  ]);

  it('is what auto and fast choose for a conv net; what it cannot train is named', () => {
    expect(
      selectSessionFactory(convConfig({ engine: 'auto' })).create(convConfig(), data),
    ).toBeInstanceOf(ConvSession);
    expect(fastConfigProblem(convConfig())).toBeNull();
    expect(fastConfigProblem(dropoutConfig)).toMatch(/^dropout in a conv net/);
    expect(fastConfigProblem(convConfig({ expand: { kind: 'shift' } }))).toMatch(
      /^expand in a conv net/,
    );
    expect(fastConfigProblem(convConfig({ precision: 'float64' }))).toMatch(/^precision float64/);
    expect(() => convSessionFactory().create(dropoutConfig, data3)).toThrow(
      /cannot run this config: dropout in a conv net/,
    );
  });
});

describe('scoring pieces between two heartbeats', () => {
  const conv = (filters: number, kernel: number, padding: number) =>
    ({ type: 'conv2d', filters, kernel, stride: 1, padding, activation: 'relu' }) as const;

  it('are SCORING_TICK examples for the ch.6 net, and a few for a net of 500 million weights', () => {
    const ch6 = planFeatures({
      input: [28, 28, 1],
      layers: [conv(20, 5, 0), { type: 'maxpool', size: 2 }],
    });
    expect(scoringPiece(ch6, [2880, 100, 10])).toBe(SCORING_TICK);
    const huge = planFeatures({ input: [28, 28, 1], layers: [conv(127, 3, 1)] });
    // 127·784·9 + 99,568·5,000 + 5,000·10 ≈ 499 million multiply-adds per example.
    expect(scoringPiece(huge, [127 * 784, 5000, 10])).toBe(2);
    expect(scoringPiece(huge, [127 * 784, 50_000, 10])).toBe(1);
  });
});
