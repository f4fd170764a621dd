/**
 * Issue 21's training features on the fast path against the reference engine (float32 runs): the
 * expanded training set, the optimizers Nesterov, RMSProp and Adam, and dropout. The kernel sums
 * in float32 with four-lane SIMD where the reference accumulates in float64, so the two agree to
 * float32 rounding, not bit for bit. Tolerance: after every epoch the largest difference of any
 * weight or bias is at most TOLERANCE of the largest weight magnitude (at least 1), and the
 * recorded costs agree to TOLERANCE relative. Runs on 1 to 4 threads must be bit-identical, and a
 * run restored from its checkpoint after any epoch must equal the uninterrupted one.
 */
import { describe, expect, it } from 'vitest';
import { createSession, restoreSession } from '../../../src-shared/engine/reference-session';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfig, RunConfigInput } from '../../../src-shared/experiment/config';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { TrainingSession } from '../../../src-shared/engine/session';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { parameterDifference, sessionParameters } from './agreement';
import { readCheckpoint } from '../../../src-shared/engine/checkpoint';
import { imageData, sparseData } from './fast.testing';

const TOLERANCE = 2e-5;
const built = kernelAvailable();
if (!built) console.warn('book-features.test: skipped, out/kernels/fast.wasm is not built');

function closeRecords(fast: EpochRecord, ref: EpochRecord): void {
  for (const key of ['trainCost', 'validationCost', 'testCost'] as const) {
    const a = fast[key];
    const b = ref[key];
    if (a === null || b === null) expect(a).toBe(b);
    else expect(Math.abs(a - b)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(b)));
  }
  expect(fast.trainAccuracy).toBeCloseTo(ref.trainAccuracy ?? 0, 1);
  expect(fast.epoch).toBe(ref.epoch);
}

/** Trains both engines epoch by epoch, comparing records and parameters after each. */
function agree(config: RunConfig, data: LoadedDataset): void {
  const fast = fastSessionFactory({ threads: 1 }).create(config, data);
  const ref = createSession(config, data);
  closeRecords(fast.measure(), ref.measure());
  while (!ref.finished) {
    closeRecords(fast.trainEpoch(), ref.trainEpoch());
    const diff = parameterDifference(sessionParameters(fast), sessionParameters(ref));
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  }
  fast.close();
}

/** Records (without seconds) and the final checkpoint of a fast run on `threads` threads, all
 * training, or with 'auto' one training while the other scores (train-ahead.ts). */
function fastRun(config: RunConfig, data: LoadedDataset, threads: number, auto = false) {
  const options = { threads, trainThreads: auto ? ('auto' as const) : threads };
  const session = fastSessionFactory(options).create(config, data);
  const records = [];
  while (!session.finished) records.push(withoutSeconds(session.trainEpoch()));
  const checkpoint = Buffer.from(session.checkpoint());
  const ahead = session.epochsTrainedAhead;
  session.close();
  return { records, checkpoint, ahead };
}

/** The run on 1 thread equals those on 2, 3 and 4 training threads, and on two threads where
 * one trains ahead while the other scores; returns the one-thread run. */
function threadIdentical(config: RunConfig, data: LoadedDataset) {
  const one = fastRun(config, data, 1);
  const runs = [2, 3, 4].map((threads) => fastRun(config, data, threads));
  const ahead = fastRun(config, data, 2, true);
  expect(ahead.ahead).toBe(config.epochs - 1);
  for (const many of [...runs, ahead]) {
    expect(many.records).toEqual(one.records);
    expect(many.checkpoint.equals(one.checkpoint)).toBe(true);
  }
  return one;
}

function withoutSeconds(record: EpochRecord): Omit<EpochRecord, 'seconds'> {
  const { seconds: _, ...rest } = record;
  return rest;
}

/** The run restored from its own checkpoint after epoch `stop`, then trained to the end. */
function resumedRun(
  config: RunConfig,
  data: LoadedDataset,
  stop: number,
  restore: (checkpoint: Uint8Array) => TrainingSession,
) {
  const first = fastSessionFactory({ threads: 2 }).create(config, data);
  for (let e = 0; e < stop; e++) first.trainEpoch();
  const checkpoint = first.checkpoint();
  first.close();
  const resumed = restore(checkpoint);
  const records = [];
  while (!resumed.finished) records.push(withoutSeconds(resumed.trainEpoch()));
  return { records, checkpoint: Buffer.from(resumed.checkpoint()) };
}

/** Weights then biases of a checkpoint. */
function parametersOf(checkpoint: Uint8Array): Float64Array[] {
  const saved = readCheckpoint(checkpoint);
  return [...saved.weights, ...saved.biases].map((a) => Float64Array.from(a));
}

/**
 * A fast run stopped after any epoch (its process killed: only the checkpoint survives) and
 * restored in the fast path equals the uninterrupted run; restored in the reference engine, and a
 * reference run's checkpoint restored in the fast path, they agree within TOLERANCE.
 */
function resumes(config: RunConfig, data: LoadedDataset): void {
  const straight = fastRun(config, data, 1);
  const fast = (c: Uint8Array) => fastSessionFactory({ threads: 1 }).restore(config, data, c);
  for (let stop = 1; stop < config.epochs; stop++) {
    const resumed = resumedRun(config, data, stop, fast);
    expect(resumed.records).toEqual(straight.records.slice(stop));
    expect(resumed.checkpoint.equals(straight.checkpoint)).toBe(true);
  }
  const inReference = resumedRun(config, data, 1, (c) => restoreSession(config, data, c));
  const reference = createSession(config, data);
  reference.trainEpoch();
  const inFast = fast(reference.checkpoint());
  while (!reference.finished) reference.trainEpoch();
  while (!inFast.finished) inFast.trainEpoch();
  const ends = [inReference.checkpoint, inFast.checkpoint(), reference.checkpoint()];
  expect(
    parameterDifference(parametersOf(ends[0]), parametersOf(straight.checkpoint)),
  ).toBeLessThanOrEqual(TOLERANCE);
  expect(parameterDifference(parametersOf(ends[1]), parametersOf(ends[2]))).toBeLessThanOrEqual(
    TOLERANCE,
  );
  expect(readCheckpoint(ends[1]).meta).toEqual(readCheckpoint(ends[2]).meta);
}

const blobs = sparseData(120, 12, 3, 7, 0.5, { validationSize: 16, testSize: 16 });
const denseConfig = (input: Partial<RunConfigInput>) =>
  testConfig({ layers: [12, 9, 6, 3], epochs: 3, batchSize: 8, learningRate: 0.05, ...input });

const images = imageData(6, 6, 3, { train: 60, validation: 12, test: 12 });
const imageConfig = (input: Partial<RunConfigInput>) =>
  testConfig({
    layers: [36, 10, 3],
    activations: ['sigmoid', 'softmax'],
    cost: 'log-likelihood',
    epochs: 3,
    batchSize: 7,
    learningRate: 0.3,
    ...input,
  });

describe.skipIf(!built)('the expanded training set on the fast path', () => {
  it('trains as the reference engine does, scoring the original examples', () => {
    agree(imageConfig({ expand: { kind: 'shift', pixels: 1 } }), images);
  });

  it('trains on 5× the examples: other weights than without it', () => {
    const plain = fastRun(imageConfig({}), images, 1);
    const expanded = fastRun(imageConfig({ expand: { kind: 'shift', pixels: 1 } }), images, 1);
    expect(expanded.checkpoint.equals(plain.checkpoint)).toBe(false);
  });

  it('is bit-identical on 1 to 4 threads, and with the probe on the training split', () => {
    const noValidation = imageData(6, 6, 3, { train: 60, validation: 0, test: 12 });
    for (const data of [images, noValidation])
      threadIdentical(imageConfig({ expand: { kind: 'shift', pixels: 2 } }), data);
  });

  it('resumes from a checkpoint as the uninterrupted run, in either engine', () => {
    resumes(imageConfig({ expand: { kind: 'shift', pixels: 1 } }), images);
  });
});

describe.skipIf(!built)('Nesterov, RMSProp and Adam on the fast path', () => {
  const optimizers = [
    ['nesterov', { optimizer: { kind: 'nesterov', momentum: 0.8 }, learningRate: 0.3 }],
    ['rmsprop', { optimizer: { kind: 'rmsprop', rho: 0.85, epsilon: 1e-6 }, learningRate: 0.01 }],
    ['adam', { optimizer: { kind: 'adam' }, learningRate: 0.01 }],
  ] as const;
  for (const [kind, input] of optimizers) {
    it(`${kind}: agrees with the reference, with and without L2 and L1`, () => {
      agree(denseConfig(input), blobs);
      agree(denseConfig({ ...input, l2: 0.5, l1: 0.2 }), blobs);
    });

    it(`${kind}: with fixed biases, and a mini-batch larger than a kernel chunk`, () => {
      agree(denseConfig({ ...input, trainBiases: false }), blobs);
      const big = sparseData(2400, 6, 2, 3, 0.3);
      agree(testConfig({ ...input, layers: [6, 5, 2], batchSize: 1100, epochs: 2 }), big);
    });

    it(`${kind}: is bit-identical on 1 to 4 threads and when training ahead`, () => {
      const one = threadIdentical(denseConfig({ ...input, l2: 0.1 }), blobs);
      expect(one.records[2].trainCost).toBeLessThan(one.records[0].trainCost);
    });

    it(`${kind}: resumes from a checkpoint as the uninterrupted run, in either engine`, () => {
      resumes(denseConfig(input), blobs);
    });
  }
});

describe.skipIf(!built)('dropout on the fast path', () => {
  const dropped = (input: Partial<RunConfigInput>) =>
    denseConfig({ dropout: [0, 0.5, 0.2], learningRate: 0.3, ...input });

  it('agrees with the reference: masks from the run’s stream in its order, none when scoring', () => {
    agree(dropped({}), blobs);
    agree(dropped({ activations: ['relu', 'tanh', 'softmax'], cost: 'log-likelihood' }), blobs);
    agree(dropped({ dropout: [0, 0, 0.3], momentum: 0.5, l2: 0.2 }), blobs);
  });

  it('agrees with Adam, with the expanded set and over several mask blocks of the epoch', () => {
    agree(dropped({ optimizer: { kind: 'adam' }, learningRate: 0.01 }), blobs);
    const config = imageConfig({ dropout: [0, 0.4], expand: { kind: 'shift', pixels: 1 } });
    agree(config, images);
    // 5,800 training examples in batches of 10: more than one call’s worth of masks (4,096 rows hold 409
    // batches), so the epoch is trained in several calls.
    const big = sparseData(6000, 6, 2, 3, 0.3, { validationSize: 100, testSize: 100 });
    agree(testConfig({ layers: [6, 8, 2], dropout: [0, 0.3], batchSize: 10, epochs: 2 }), big);
  });

  it('agrees with a mini-batch larger than a kernel chunk and two dropped layers', () => {
    const big = sparseData(2400, 6, 2, 3, 0.3);
    const config = { layers: [6, 7, 5, 2], dropout: [0, 0.2, 0.4], batchSize: 1100, epochs: 2 };
    agree(testConfig({ ...config, learningRate: 2 }), big);
  });

  it('changes training: other weights than without it', () => {
    const plain = fastRun(denseConfig({ learningRate: 0.3 }), blobs, 1);
    expect(fastRun(dropped({}), blobs, 1).checkpoint.equals(plain.checkpoint)).toBe(false);
  });

  it('is bit-identical on 1 to 4 threads and when training ahead', () => {
    threadIdentical(dropped({}), blobs);
    threadIdentical(dropped({ optimizer: { kind: 'adam' }, learningRate: 0.01 }), blobs);
  });

  it('resumes from a checkpoint as the uninterrupted run, in either engine (also with Adam)', () => {
    resumes(dropped({}), blobs);
    resumes(dropped({ optimizer: { kind: 'adam' }, learningRate: 0.01, epochs: 4 }), blobs);
  });
});
