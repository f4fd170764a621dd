/**
 * The fast path against the readable reference engine (float32 runs). The kernel sums in float32
 * with four-lane SIMD while the reference accumulates each dot product in float64 before rounding,
 * so results are not bit-identical; they agree to float32 rounding. Tolerance: after 24 steps the
 * largest difference of any weight or bias is at most 1e-5 of the largest weight magnitude (at
 * least 1), and recorded costs agree to 1e-5 relative.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../src-shared/engine/reference-session';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { parameterDifference, sessionParameters } from './agreement';
import { imageData, sparseData } from './fast.testing';

const TOLERANCE = 1e-5;
const built = kernelAvailable();
if (!built) console.warn('fast-vs-reference.test: skipped, out/kernels/fast.wasm is not built');

function closeRecords(fast: EpochRecord, ref: EpochRecord): void {
  for (const key of ['trainCost', 'validationCost', 'testCost'] as const) {
    const a = fast[key];
    const b = ref[key];
    if (a === null || b === null) expect(a).toBe(b);
    else expect(Math.abs(a - b)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(b)));
  }
  expect(fast.epoch).toBe(ref.epoch);
  expect(fast.learningRate).toBe(ref.learningRate);
}

/** Trains both engines for `epochs` and compares parameters and records. */
function compare(input: Partial<RunConfigInput>, data: LoadedDataset, epochs = 2): number {
  const config = testConfig({ epochs, batchSize: 8, learningRate: 0.5, ...input });
  const fast = fastSessionFactory().create(config, data);
  const ref = createSession(config, data);
  expect(parameterDifference(sessionParameters(fast), sessionParameters(ref))).toBe(0);
  closeRecords(fast.measure(), ref.measure());
  for (let e = 0; e < epochs; e++) closeRecords(fast.trainEpoch(), ref.trainEpoch());
  const diff = parameterDifference(sessionParameters(fast), sessionParameters(ref));
  expect(diff).toBeLessThanOrEqual(TOLERANCE);
  return diff;
}

const data = sparseData(96, 12, 3, 7, 0.5, { validationSize: 16, testSize: 16 });
const layers = [12, 9, 6, 3];

describe.skipIf(!built)('the fast path agrees with the reference engine', () => {
  for (const hidden of ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear'] as const) {
    it(`with ${hidden} hidden layers, a sigmoid output and quadratic cost`, () => {
      const eta = hidden === 'sigmoid' || hidden === 'tanh' ? 0.5 : 0.05;
      compare({ layers, activations: [hidden, hidden, 'sigmoid'], learningRate: eta }, data);
    });
  }

  const outputs = [
    ['sigmoid', 'cross-entropy'],
    ['softmax', 'cross-entropy'],
    ['softmax', 'log-likelihood'],
    ['softmax', 'quadratic'],
    ['tanh', 'quadratic'],
    ['relu', 'quadratic'],
    ['leaky-relu', 'quadratic'],
    ['linear', 'quadratic'],
  ] as const;
  for (const [output, cost] of outputs) {
    it(`with a ${output} output and ${cost} cost`, () => {
      const eta = output === 'sigmoid' || output === 'softmax' ? 0.5 : 0.05;
      compare({ layers, activations: ['sigmoid', 'tanh', output], cost, learningRate: eta }, data);
    });
  }

  it('with momentum, L2 and L1 regularization', () => {
    compare({ layers, momentum: 0.9, l2: 0.5, l1: 0.2, learningRate: 0.2 }, data);
  });

  it('with fixed biases (trainBiases false) and no shuffle', () => {
    compare({ layers, trainBiases: false, shuffle: false }, data);
  });

  it('with a step schedule of the learning rate', () => {
    compare({ layers, schedule: { kind: 'step', every: 1, factor: 0.5 } }, data, 3);
  });

  it("on byte images (decoded by the first layer's own sweep), with 40 hidden units", () => {
    const images = imageData(8, 8, 4, { train: 120, validation: 16, test: 16 });
    compare(
      { layers: [64, 40, 4], activations: ['sigmoid', 'softmax'], cost: 'log-likelihood' },
      images,
    );
  });

  it('with one weight layer (the sparse layer is the output layer)', () => {
    compare({ layers: [12, 3], activations: 'softmax', cost: 'log-likelihood' }, data);
  });

  it('with a mini-batch larger than one chunk of the kernel (gradients summed over chunks)', () => {
    const big = sparseData(2400, 6, 2, 3, 0.3);
    compare({ layers: [6, 5, 2], batchSize: 1100, learningRate: 2 }, big, 3);
  });

  it('with saturated sigmoid units, whose tiny activations and deltas the kernel stores as 0', () => {
    // Weights in [-20, -10): most first-layer z are below −44.4, where σ(z) < 2^-64 and the
    // kernel stores a hidden a (and any δ that small) as 0 instead of a subnormal-bound value;
    // the reference keeps them. The records and weights must still agree.
    const input: Partial<RunConfigInput> = {
      layers: [12, 9, 6, 3],
      init: {
        weights: { kind: 'uniform', low: -20, high: -10 },
        biases: { kind: 'uniform', low: -1, high: 1 },
      },
    };
    const fast = fastSessionFactory().create(testConfig({ ...input, epochs: 1 }), data);
    const z = fast.firstLayerZ(0).flatMap((row) => Array.from(row.slice(0, 9)));
    fast.close();
    expect(z.filter((v) => v < -44.4).length).toBeGreaterThan(z.length / 3);
    compare(input, data, 3);
  });

  it('with regression targets and a linear output', () => {
    const base = sparseData(64, 5, 2, 11);
    const targets = Float64Array.from(base.train.targets ?? [], (v, i) => v * 0.3 + (i % 7) * 0.1);
    const regression = {
      ...base,
      train: { ...base.train, targets, labels: base.train.labels.fill(-1) },
    };
    compare({ layers: [5, 4, 2], activations: ['tanh', 'linear'], learningRate: 0.1 }, regression);
  });
});
