/**
 * The fast conv session against the reference engine (float32 runs), across thread counts and
 * across checkpoints (tolerance: conv.testing.ts; dropout and the expanded set:
 * conv-features.test.ts). Over more epochs the two drift apart by more than rounding: a max-pool winner, a ReLU at 0 or
 * the sign in L1's step can flip on a float32 difference (seen: 1e-6 after one epoch, 1e-2 after
 * three), which is why one epoch is compared.
 */
import { describe, expect, it } from 'vitest';
import { createSession, restoreSession } from '../../../src-shared/engine/reference-session';
import { fastConfigProblem } from '../../../src-shared/experiment/fast-engine';
import { ConvSession, scoringPiece } from './conv-session';
import { planFeatures } from '../../../src-shared/engine/layers/feature-stack';
import { SCORING_TICK } from '../../../src-shared/engine/evaluate';
import { convSessionFactory, selectSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import {
  barsData,
  closeRecords,
  convConfig,
  expectSameOnEveryThreadCount,
  options,
  parameters,
  relativeDifference,
  stridedLayers,
  timeless,
  TOLERANCE,
} from './conv.testing';

const built = kernelAvailable();
if (!built) console.warn('conv-session.test: skipped, out/kernels/fast.wasm is not built');

const data = barsData(96, 12, 1);
const data3 = barsData(60, 11, 3);

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
    // 72 training examples: the last batch (2) is smaller than 3 or 4 threads.
    expectSameOnEveryThreadCount(convConfig({ batchSize: 7 }), data);
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

  it('is what auto and fast choose for a conv net; what it cannot train is named', () => {
    expect(
      selectSessionFactory(convConfig({ engine: 'auto' })).create(convConfig(), data),
    ).toBeInstanceOf(ConvSession);
    expect(fastConfigProblem(convConfig())).toBeNull();
    const float64 = convConfig({ precision: 'float64' });
    expect(fastConfigProblem(float64)).toMatch(/^precision float64/);
    expect(() => convSessionFactory().create(float64, data)).toThrow(
      /cannot run this config: precision float64/,
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
