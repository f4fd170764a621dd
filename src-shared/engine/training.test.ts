/**
 * Training end to end on small data: XOR learns, runs are deterministic, and a checkpoint taken
 * mid-run continues bit-identically.
 */
import { describe, expect, it } from 'vitest';
import { logicDataset } from '../datasets/logic';
import type { RunConfig } from '../experiment/config';
import { encodeWire } from '../base/wire';
import { createSession, restoreSession } from './reference-session';
import type { EpochRecord } from '../base/records';
import type { TrainingSession } from './session';
import { blobData, inlineData, testConfig } from '../experiment/config.testing';

/** A fixed clock, so records (including `seconds`) can be compared byte for byte. */
const options = { now: () => 0 };

function runAll(session: TrainingSession): EpochRecord[] {
  const records = [session.measure()];
  while (!session.finished) records.push(session.trainEpoch());
  return records;
}

const xorConfig = testConfig({
  dataset: 'xor',
  layers: [2, 4, 1],
  activations: 'sigmoid',
  cost: 'quadratic',
  learningRate: 2,
  batchSize: 1,
  epochs: 2000,
  seed: 1,
  init: {
    weights: { kind: 'normal', mean: 0, std: 1 },
    biases: { kind: 'normal', mean: 0, std: 1 },
  },
});

describe('XOR', () => {
  it('learns to a quadratic cost below 0.01 with seed 1', () => {
    const records = runAll(createSession(xorConfig, logicDataset('xor'), options));
    const last = records[records.length - 1];
    expect(records[0].trainCost).toBeGreaterThan(0.1);
    expect(last.trainCost).toBeLessThan(0.01);
    expect(last.testAccuracy).toBe(1);
  });
});

const blobs = blobData;

/** Exercises every piece of state a checkpoint must carry. */
const stateful: RunConfig = testConfig({
  layers: [5, 6, 3],
  activations: ['tanh', 'softmax'],
  cost: 'log-likelihood',
  learningRate: 0.3,
  batchSize: 7,
  epochs: 8,
  seed: 42,
  momentum: 0.9,
  l2: 0.5,
  l1: 0.01,
  precision: 'float32',
  schedule: { kind: 'plateau', patience: 1, factor: 0.5 },
  earlyStopping: { metric: 'validationAccuracy', patience: 50 },
  init: { weights: { kind: 'xavier-normal' }, biases: { kind: 'normal', mean: 0, std: 0.5 } },
});

describe('determinism and checkpoints', () => {
  it('the same config and seed give byte-equal records and weights', () => {
    const a = createSession(stateful, blobs(), options);
    const b = createSession(stateful, blobs(), options);
    expect(encodeWire(runAll(a))).toBe(encodeWire(runAll(b)));
    expect(encodeWire(a.weights())).toBe(encodeWire(b.weights()));
    expect(a.checkpoint()).toEqual(b.checkpoint());
  });

  it('another seed gives other weights', () => {
    const a = createSession(stateful, blobs(), options);
    const b = createSession({ ...stateful, seed: 43 }, blobs(), options);
    expect(encodeWire(a.weights())).not.toBe(encodeWire(b.weights()));
  });

  it('a run restored from a checkpoint after epoch 3 continues bit-identically', () => {
    const whole = createSession(stateful, blobs(), options);
    const expected = runAll(whole);
    const first = createSession(stateful, blobs(), options);
    const records = [first.measure(), first.trainEpoch(), first.trainEpoch(), first.trainEpoch()];
    const resumed = restoreSession(stateful, blobs(), first.checkpoint(), options);
    expect(resumed.epoch).toBe(3);
    while (!resumed.finished) records.push(resumed.trainEpoch());
    expect(encodeWire(records)).toBe(encodeWire(expected));
    expect(resumed.checkpoint()).toEqual(whole.checkpoint());
    expect(expected.map((r) => r.learningRate)).toContain(0.15);
  });

  it('a checkpoint of another network is refused, naming what differs', () => {
    const session = createSession(stateful, blobs(), options);
    const other = { ...stateful, layers: [5, 7, 3] };
    expect(() => restoreSession(other, blobs(), session.checkpoint())).toThrow(
      /layers 5-6-3 \(config: 5-7-3\)/,
    );
    expect(() =>
      restoreSession({ ...stateful, momentum: 0 }, blobs(), session.checkpoint()),
    ).toThrow(/momentum/);
  });

  it('a damaged checkpoint is refused with a CheckpointError', () => {
    const bytes = createSession(stateful, blobs(), options).checkpoint();
    expect(() => restoreSession(stateful, blobs(), bytes.subarray(0, bytes.length - 4))).toThrow(
      /expected \d+/,
    );
    expect(() => restoreSession(stateful, blobs(), new Uint8Array(20))).toThrow(/not a checkpoint/);
  });
});

describe('run control', () => {
  it('stops as diverged when the cost overflows, and refuses to train further', () => {
    // A linear unit with x = 10 and η = 10 multiplies its error by (1 − ηx²) = −999 per step.
    const config = testConfig({
      layers: [1, 1],
      activations: 'linear',
      learningRate: 10,
      epochs: 500,
    });
    const session = createSession(config, inlineData([[10]], [[1]]), options);
    const records = runAll(session);
    expect(session.diverged).toBe(true);
    expect(session.finished).toBe(true);
    expect(session.epoch).toBeLessThan(500);
    expect(Number.isFinite(records[records.length - 1].trainCost)).toBe(false);
    expect(() => session.trainEpoch()).toThrow(/finished/);
  });

  it('stops early when the watched accuracy has not improved for `patience` epochs', () => {
    const config = {
      ...xorConfig,
      learningRate: 1e-9,
      earlyStopping: { metric: 'validationAccuracy', patience: 1 },
    } as const;
    const session = createSession(config, logicDataset('xor'), options);
    runAll(session);
    expect(session.finished).toBe(true);
    expect(session.diverged).toBe(false);
    expect(session.epoch).toBe(2);
  });

  it('stores float32 runs in float32 and keeps them close to float64', () => {
    const short = { ...xorConfig, epochs: 50 };
    const single = createSession({ ...short, precision: 'float32' }, logicDataset('xor'), options);
    const double = createSession({ ...short, precision: 'float64' }, logicDataset('xor'), options);
    const [a, b] = [runAll(single).at(-1), runAll(double).at(-1)];
    const weights = single.weights().weights.flat(2);
    expect(weights.every((w) => Math.fround(w) === w)).toBe(true);
    expect(a?.trainCost).not.toBe(b?.trainCost);
    expect(Math.abs((a?.trainCost ?? 0) - (b?.trainCost ?? 1))).toBeLessThan(1e-4);
  });

  it('reports batch progress with a running mean cost, ending at the last batch', () => {
    const session = createSession({ ...stateful, epochs: 1 }, blobs(), options);
    const seen: number[] = [];
    session.trainEpoch((p) => {
      expect(p.epoch).toBe(1);
      expect(p.batches).toBe(Math.ceil(36 / 7));
      expect(Number.isFinite(p.cost)).toBe(true);
      seen.push(p.batch);
    });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
