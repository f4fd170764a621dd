/**
 * Checkpoints of the fast path use the reference engine's format: a run stopped after any epoch
 * and restored continues bit-identically, and either engine can restore the other's checkpoint.
 */
import { describe, expect, it } from 'vitest';
import { createSession, restoreSession } from '../../../src-shared/engine/reference-session';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { parameterDifference, sessionParameters } from './agreement';
import { sparseData } from './fast.testing';

const built = kernelAvailable();
if (!built) console.warn('checkpoint.test: skipped, out/kernels/fast.wasm is not built');

const data = sparseData(200, 20, 3, 4, 0.5, { validationSize: 40 });
const config = testConfig({
  layers: [20, 16, 3],
  epochs: 3,
  batchSize: 5,
  momentum: 0.5,
  schedule: { kind: 'plateau', patience: 1, factor: 0.5, minLearningRate: 0 },
});
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe.skipIf(!built)('fast checkpoints', () => {
  it('resume bit-identically after every epoch', () => {
    const factory = fastSessionFactory();
    const straight = factory.create(config, data);
    const records = [1, 2, 3].map(() => straight.trainEpoch());
    for (let stop = 1; stop <= 2; stop++) {
      const first = factory.create(config, data);
      for (let e = 0; e < stop; e++) first.trainEpoch();
      let resumed = factory.restore(config, data, first.checkpoint());
      expect(resumed.epoch).toBe(stop);
      for (let e = stop; e < 3; e++) {
        const { seconds: _, ...record } = resumed.trainEpoch();
        const { seconds: __, ...expected } = records[e];
        expect(record).toEqual(expected);
        resumed = factory.restore(config, data, resumed.checkpoint());
      }
      expect(same(resumed.checkpoint(), straight.checkpoint())).toBe(true);
      expect(resumed.finished).toBe(true);
    }
  });

  it('restore in the reference engine, and reference checkpoints restore in the fast path', () => {
    const fast = fastSessionFactory().create(config, data);
    fast.trainEpoch();
    const inReference = restoreSession(config, data, fast.checkpoint());
    expect(same(inReference.checkpoint(), fast.checkpoint())).toBe(true);
    const ref = createSession(config, data);
    ref.trainEpoch();
    const inFast = fastSessionFactory().restore(config, data, ref.checkpoint());
    expect(same(inFast.checkpoint(), ref.checkpoint())).toBe(true);
    inFast.trainEpoch();
    ref.trainEpoch();
    expect(parameterDifference(sessionParameters(inFast), sessionParameters(ref))).toBeLessThan(
      1e-5,
    );
  });

  it('refuse a checkpoint of another network with the reference engine’s message', () => {
    const other = createSession({ ...config, layers: [20, 8, 3] }, data).checkpoint();
    expect(() => fastSessionFactory().restore(config, data, other)).toThrow(/layers 20-8-3/);
  });
});
