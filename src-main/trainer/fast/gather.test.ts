/**
 * Each kernel call copies its positions of the epoch's order into the epoch split before
 * training on them (kernels/assembly/_gather.ts). An epoch trained in many calls (progress every
 * 1% of it) must therefore give bit-identical weights and records to one call per epoch, on one
 * thread and on several, and the copy must follow the shuffle (checked against the reference
 * engine in fast-vs-reference.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../src-shared/engine/test-support';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { sparseData } from './test-support';

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
