/**
 * Training copies each block of about 1,024 positions of the epoch's order (whole mini-batches)
 * into the epoch split before training on it (kernels/assembly/_gather.ts), and each kernel call
 * starts a block of its own. An epoch trained in many calls (progress every 1% of it) must give
 * bit-identical weights and records to one call per epoch, on one thread and on several, and an
 * epoch of several blocks must follow the shuffle exactly as the reference engine does.
 */
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import { createSession } from '../../../src-shared/engine/reference-session';
import { parameterDifference, sessionParameters } from './agreement';
import { fastSessionFactory } from './factory';
import { blockExamples } from './memory-plan';
import { kernelAvailable } from './kernel-module';
import { sparseData } from './fast.testing';
import { inlineData } from '../../../src-shared/experiment/config.testing';
import { Rng } from '../../../src-shared/engine/rng';

const built = kernelAvailable();
if (!built) console.warn('gather.test: skipped, out/kernels/fast.wasm is not built');

const data = sparseData(700, 50, 5, 13, 0.7, { validationSize: 50, testSize: 50 });

function train(threads: number, batchSize: number, inPieces: boolean) {
  const config = testConfig({ layers: [50, 24, 5], epochs: 2, threads, batchSize, seed: 4 });
  const session = fastSessionFactory({ trainThreads: threads }).create(config, data);
  let calls = 0;
  const progress = inPieces ? () => calls++ : undefined;
  const records = [session.trainEpoch(progress), session.trainEpoch(progress)];
  const checkpoint = Buffer.from(session.checkpoint());
  session.close();
  return { records: records.map(({ seconds: _, ...r }) => r), checkpoint, calls };
}

describe.skipIf(!built)('epoch gather', () => {
  for (const [threads, batchSize] of [
    [1, 1],
    [1, 9],
    [2, 1],
    [3, 9],
  ]) {
    it(`gives the same run in 1% pieces as in whole epochs (${threads} threads, batch ${batchSize})`, () => {
      const whole = train(threads, batchSize, false);
      const pieces = train(threads, batchSize, true);
      expect(pieces.calls).toBeGreaterThan(50);
      expect(pieces.checkpoint.equals(whole.checkpoint)).toBe(true);
      expect(pieces.records).toEqual(whole.records);
      expect(whole.records[1].trainCost).toBeLessThan(whole.records[0].trainCost);
    });
  }
});

describe.skipIf(!built)('an epoch of several gathered blocks', () => {
  // 2,600 examples in batches of 7: blocks of 1,022 examples, the last one partial, and a last
  // batch of 3.
  const big = sparseData(2600, 40, 4, 17, 0.6, { validationSize: 60, testSize: 60 });
  const config = testConfig({ layers: [40, 16, 4], epochs: 2, batchSize: 7, learningRate: 0.4 });

  it('splits the epoch into blocks of whole mini-batches', () => {
    expect(blockExamples(2600, 7)).toBe(1022);
    expect(blockExamples(2600, 5000)).toBe(2600);
    expect(blockExamples(300, 1)).toBe(300);
  });

  it('trains as the reference engine does, to float32 rounding', () => {
    const fast = fastSessionFactory({ trainThreads: 1 }).create(config, big);
    const ref = createSession(config, big);
    for (let e = 0; e < 2; e++) {
      const [a, b] = [fast.trainEpoch(), ref.trainEpoch()];
      expect(Math.abs(a.trainCost - b.trainCost)).toBeLessThanOrEqual(
        1e-5 * Math.max(1, b.trainCost),
      );
    }
    expect(
      parameterDifference(sessionParameters(fast), sessionParameters(ref)),
    ).toBeLessThanOrEqual(1e-5);
    fast.close();
  });

  it('gives the same run on 1 and 3 threads, whole or in pieces', () => {
    const runs = [1, 3].flatMap((threads) =>
      [false, true].map((pieces) => {
        const s = fastSessionFactory({ trainThreads: threads }).create({ ...config, threads }, big);
        const progress = pieces ? () => {} : undefined;
        const records = [s.trainEpoch(progress), s.trainEpoch(progress)].map(
          ({ seconds: _, ...r }) => r,
        );
        const checkpoint = Buffer.from(s.checkpoint());
        s.close();
        return { records, checkpoint };
      }),
    );
    for (const run of runs.slice(1)) {
      expect(run.checkpoint.equals(runs[0].checkpoint)).toBe(true);
      expect(run.records).toEqual(runs[0].records);
    }
  });
});

describe.skipIf(!built)('gathering examples of a few bytes or none', () => {
  /** Rows with no non-zero input (0 bytes) or one (8 bytes), so whole 16-byte copies run past
   * the next examples; `tail` rows end the split. */
  function tiny(count: number, tail: number[][]) {
    const rng = new Rng(5);
    const xs: number[][] = [];
    for (let i = 0; i < count; i++) {
      const x = new Array<number>(6).fill(0);
      if (rng.next() < 0.5) x[Math.floor(rng.next() * 6)] = 0.25 + rng.next();
      xs.push(x);
    }
    xs.push(...tail);
    const ys = xs.map((x) => [x[0] + x[1] > x[2] ? 1 : 0, x[0] + x[1] > x[2] ? 0 : 1]);
    return inlineData(xs, ys);
  }

  it('copies exactly, on 1, 2 and 3 threads, as the reference engine trains', () => {
    const data = tiny(1500, []);
    const config = testConfig({ layers: [6, 5, 2], epochs: 2, batchSize: 3, learningRate: 0.5 });
    const ref = createSession(config, data);
    ref.trainEpoch();
    ref.trainEpoch();
    const runs = [1, 2, 3].map((threads) => {
      const s = fastSessionFactory({ trainThreads: threads }).create({ ...config, threads }, data);
      s.trainEpoch();
      s.trainEpoch();
      const checkpoint = Buffer.from(s.checkpoint());
      const diff = parameterDifference(sessionParameters(s), sessionParameters(ref));
      s.close();
      return { checkpoint, diff };
    });
    for (const run of runs) expect(run.diff).toBeLessThanOrEqual(1e-5);
    expect(runs[1].checkpoint.equals(runs[0].checkpoint)).toBe(true);
    expect(runs[2].checkpoint.equals(runs[0].checkpoint)).toBe(true);
  });
});
