/**
 * The fast conv session with dropout on its dense layers and on the expanded training set (byte
 * images, shifted by expand.ts), against the reference engine (float32 runs; tolerance:
 * conv.testing.ts), across thread counts and across checkpoints. Each agreement case also trains
 * the reference without the feature, to show the feature changed the run by far more than the
 * tolerance (so agreeing is not agreeing on a run without it).
 */
import { describe, expect, it } from 'vitest';
import { createSession, restoreSession } from '../../../src-shared/engine/reference-session';
import { fastConfigProblem } from '../../../src-shared/experiment/fast-engine';
import type { RunConfig } from '../../../src-shared/experiment/config';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import { freshStart } from '../../../src-shared/engine/start-state';
import { planFeatures } from '../../../src-shared/engine/layers/feature-stack';
import { buildConvMemory } from './conv-memory';
import { ConvSession } from './conv-session';
import { convSessionFactory, selectSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { imageData } from './fast.testing';
import {
  barsData,
  closeRecords,
  convConfig,
  expectSameOnEveryThreadCount,
  options,
  parameters,
  relativeDifference,
  timeless,
  TOLERANCE,
} from './conv.testing';

const built = kernelAvailable();
if (!built) console.warn('conv-features.test: skipped, out/kernels/fast.wasm is not built');

/** A conv net whose two hidden dense layers drop units (rates 0.5 and 0.3: 1/(1 − p) exact and
 * not), or without the dropout layers. */
function dropLayers(dropout = true): unknown[] {
  const drop = (rate: number) => (dropout ? [{ type: 'dropout', rate }] : []);
  return [
    { type: 'input', shape: [12, 12, 1] },
    { type: 'conv2d', filters: 4, kernel: 3, padding: 1, activation: 'sigmoid' },
    { type: 'maxpool', size: 2 },
    { type: 'dense', units: 10, activation: 'relu' },
    ...drop(0.5),
    { type: 'dense', units: 8, activation: 'sigmoid' },
    ...drop(0.3),
    { type: 'dense', units: 3, activation: 'softmax' },
  ];
}

const bars = barsData(96, 12, 1);
/** Byte images (MNIST-like, 12×12): the expanded set shifts them; 60 train, 300 expanded. */
const images = imageData(12, 12, 3, { train: 60, validation: 12, test: 12 });
const expand = { expand: { kind: 'shift' } };
/** Dropout on a ReLU layer makes a run sensitive to rounding (a unit at z ≈ 0 flips): the
 * reference's own float32 and float64 runs differ by 2e-5 after one epoch on `bars` at η = 0.3
 * and 2e-2 after two (4e-6 without dropout), and by 3e-2 after one epoch on the expanded
 * `images` (60 steps) at η = 0.05; the kernel's differ from the reference's by as much. At these
 * rates one epoch stays within rounding (seen: 2e-7 and 4e-6; reference float32 vs float64 1e-6
 * and 2e-6). */
const gentle = { learningRate: 0.05 };
const gentler = { learningRate: 0.01 };
const adam = { momentum: 0, learningRate: 0.01, optimizer: { kind: 'adam' } };

/** name, config, data, and the same run without the feature under test. */
const cases: [string, RunConfig, LoadedDataset, RunConfig][] = [
  ['the expanded set (momentum and L2)', convConfig(expand), images, convConfig()],
  [
    'dropout on two dense layers',
    convConfig(gentle, dropLayers()),
    bars,
    convConfig(gentle, dropLayers(false)),
  ],
  [
    'dropout and the expanded set',
    convConfig({ ...gentler, ...expand }, dropLayers()),
    images,
    convConfig({ ...gentler, ...expand }, dropLayers(false)),
  ],
  [
    'dropout and the expanded set with Adam',
    convConfig({ ...expand, ...adam }, dropLayers()),
    images,
    convConfig({ ...adam }, dropLayers()),
  ],
];

describe.skipIf(!built)('the fast conv session with dropout and the expanded set', () => {
  for (const [name, config, data, without] of cases) {
    it(`agrees with the reference engine after an epoch: ${name}`, () => {
      const fast = convSessionFactory({ threads: 2, ...options }).create(config, data);
      const ref = createSession(config, data, options);
      expect(fast).toBeInstanceOf(ConvSession);
      closeRecords(fast.measure(), ref.measure(), 12);
      closeRecords(fast.trainEpoch(), ref.trainEpoch(), 12);
      expect(relativeDifference(parameters(fast), parameters(ref))).toBeLessThan(TOLERANCE);
      const other = createSession(without, data, options);
      other.trainEpoch();
      const apart = relativeDifference(parameters(fast), parameters(other));
      expect(apart).toBeGreaterThan(100 * TOLERANCE);
      fast.close();
    });
  }

  it('scores the train split on the original examples only, as the reference', () => {
    const config = convConfig(expand);
    const fast = convSessionFactory({ threads: 2, ...options }).create(config, images);
    const record = fast.trainEpoch();
    // The reference engine scoring the same weights on the unexpanded set: the same numbers.
    const plain = restoreSession(convConfig(), images, fast.checkpoint(), options).measure();
    expect(Math.abs(record.trainCost! - plain.trainCost!)).toBeLessThan(TOLERANCE);
    expect(record.trainAccuracy).toBe(plain.trainAccuracy);
    fast.close();
  });

  it('reads byte pixels as the reference’s float32 values p/255, exactly', () => {
    // The same images as float pixels f32(p/255): the kernel must see the same numbers.
    const scale = Float32Array.from({ length: 256 }, (_, v) => v / 255);
    const asFloats = (split: LoadedDataset['train']) => ({
      ...split,
      inputs: Float64Array.from(split.inputs, (v) => scale[v]),
    });
    const floats = {
      ...images,
      train: asFloats(images.train),
      validation: asFloats(images.validation),
      test: asFloats(images.test),
    };
    const config = convConfig({}, dropLayers());
    const [bytes, plain] = [images, floats].map((d) => {
      const s = convSessionFactory({ threads: 2, ...options }).create(config, d);
      const records = [s.measure(), s.trainEpoch()].map(timeless);
      s.close();
      return { records, params: parameters(s) };
    });
    expect(bytes.params).toEqual(plain.params);
    expect(bytes.records).toEqual(plain.records);
  });

  it('gives bit-identical weights and records on 1, 2, 3 and 4 threads', () => {
    // 300 expanded examples in batches of 11: the last batch (3) is smaller than 4 threads.
    expectSameOnEveryThreadCount(convConfig({ ...expand, batchSize: 11 }, dropLayers()), images);
  });

  it('resumes dropout with Adam from a checkpoint bit-identically, and across engines', () => {
    const config = convConfig({ ...expand, ...adam, epochs: 3 }, dropLayers());
    const factory = convSessionFactory({ threads: 2, ...options });
    const whole = factory.create(config, images);
    const wholeRecords = [whole.trainEpoch(), whole.trainEpoch()].map(timeless);
    const first = factory.create(config, images);
    first.trainEpoch();
    const checkpoint = first.checkpoint();
    const resumed = factory.restore(config, images, checkpoint);
    expect(resumed.epoch).toBe(1);
    expect(timeless(resumed.trainEpoch())).toEqual(wholeRecords[1]);
    expect(parameters(resumed)).toEqual(parameters(whole));
    expect(Buffer.from(resumed.checkpoint()).equals(Buffer.from(whole.checkpoint()))).toBe(true);

    // The reference engine restores the fast checkpoint (its masks come from the saved Rng).
    const ref = restoreSession(config, images, checkpoint, options);
    expect(parameters(ref)).toEqual(parameters(first));
    closeRecords(ref.trainEpoch(), wholeRecords[1], 12);
    expect(relativeDifference(parameters(ref), parameters(whole))).toBeLessThan(TOLERANCE);
    // And the other way round.
    const back = factory.restore(config, images, ref.checkpoint());
    expect(parameters(back)).toEqual(parameters(ref));
    expect(back.epoch).toBe(2);
    for (const s of [whole, first, resumed, back]) s.close();
  });

  it('refuses a memory past the kernel’s 4 GiB, saying how much it needs', () => {
    const config = convConfig();
    const state = freshStart(config, bars);
    // 8 million float images of 144 values: 4.6 GB of images alone (nothing is allocated).
    const huge = { ...bars, train: { ...bars.train, count: 8_000_000 } };
    expect(() => buildConvMemory(config, huge, planFeatures(config.features!), state, 1)).toThrow(
      /^fast conv engine: 4\.\d\d GiB of memory needed, more than the kernel's 4 GiB$/,
    );
  });

  it('is what auto and fast choose for a conv net with dropout or the expanded set', () => {
    for (const config of [convConfig({}, dropLayers()), convConfig(expand, dropLayers())]) {
      expect(fastConfigProblem(config)).toBeNull();
      const s = selectSessionFactory({ ...config, engine: 'auto' }).create(config, images);
      expect(s).toBeInstanceOf(ConvSession);
      (s as ConvSession).close();
    }
  });
});
