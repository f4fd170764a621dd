/**
 * Test scaffolding of the fast conv session's tests (conv-session.test.ts, conv-features.test.ts):
 * small conv nets and data, and the agreement with the reference engine as those tests state it.
 * Tolerance of fast vs reference: the kernel sums in float32 (four lanes) where the reference
 * sums each dot product in float64, so after one epoch (8 to 60 steps) every weight and bias is
 * within 1e-4 of the reference's, relative to the largest magnitude (at least 1), and the recorded
 * costs within 1e-4 relative; accuracies may differ by one example at most.
 */
import { expect } from 'vitest';
import { inlineData, testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfig } from '../../../src-shared/experiment/config';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { TrainingSession } from '../../../src-shared/engine/session';
import { Rng } from '../../../src-shared/engine/rng';
import { convSessionFactory } from './factory';

export const TOLERANCE = 1e-4;
export const options = { now: () => 0 };

/** `count` images side×side×channels of noise with a bright bar: horizontal, vertical or a
 * diagonal (three classes), at a random place. */
export function barsData(count: number, side: number, channels: number): LoadedDataset {
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

export function convConfig(over: Record<string, unknown> = {}, layers?: unknown[]): RunConfig {
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
export const stridedLayers = [
  { type: 'input', shape: [11, 11, 3] },
  { type: 'conv2d', filters: 5, kernel: 3, stride: 2, padding: 1, activation: 'tanh' },
  { type: 'maxpool', size: 3 },
  { type: 'dense', units: 3, activation: 'softmax' },
];

export function parameters(s: TrainingSession): number[] {
  const w = s.weights();
  return [
    ...w.weights.flat(2),
    ...w.biases.flat(),
    ...(w.features?.weights.flat() ?? []),
    ...(w.features?.biases.flat() ?? []),
  ] as number[];
}

export function relativeDifference(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let [worst, size] = [0, 1];
  a.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - b[i]));
    size = Math.max(size, Math.abs(b[i]));
  });
  return worst / size;
}

export function closeRecords(fast: EpochRecord, ref: EpochRecord, examples: number): void {
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
export const timeless = (r: EpochRecord) => ({ ...r, seconds: 0 });

/** Trains `config` on `data` with 1, 2, 3 and 4 threads (epoch 0 and two epochs) and expects the
 * same weights and records every time, bit for bit. */
export function expectSameOnEveryThreadCount(config: RunConfig, data: LoadedDataset): void {
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
}
