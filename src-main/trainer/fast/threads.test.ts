/**
 * Threads split the work so that every number is computed by one thread in an order that does
 * not depend on the number of threads (first-layer units in slices, examples in ranges, dense
 * rows in groups, sums in example order). So 1, 2, 3 and 4 threads must give bit-identical
 * weights and records, with or without momentum, over several epochs.
 */
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { sparseData } from './fast.testing';

const built = kernelAvailable();
if (!built) console.warn('threads.test: skipped, out/kernels/fast.wasm is not built');

const data = sparseData(600, 40, 4, 9, 0.6, { validationSize: 100, testSize: 100 });

function run(threads: number, input: Partial<RunConfigInput>) {
  const config = testConfig({ layers: [40, 70, 20, 4], epochs: 2, threads, ...input });
  const session = fastSessionFactory({ trainThreads: threads }).create(config, data);
  expect(session.trainingThreads).toBe(threads);
  const records = [session.measure(), session.trainEpoch(), session.trainEpoch()];
  const checkpoint = session.checkpoint();
  session.close();
  return { records: records.map(({ seconds: _, ...r }) => r), checkpoint };
}

describe.skipIf(!built)('threads', () => {
  const cases: [string, Partial<RunConfigInput>][] = [
    ['plain SGD, batch 10', { batchSize: 10, learningRate: 1 }],
    [
      'momentum and L2, batch 7, cross-entropy',
      { batchSize: 7, momentum: 0.8, l2: 0.1, cost: 'cross-entropy', learningRate: 0.3 },
    ],
    ['online learning (batch 1), tanh', { batchSize: 1, activations: ['tanh', 'tanh', 'sigmoid'] }],
  ];
  for (const [name, input] of cases) {
    it(`give bit-identical weights and records for 1, 2, 3 and 4 threads (${name})`, () => {
      const one = run(1, input);
      for (const threads of [2, 3, 4]) {
        const many = run(threads, input);
        expect(Buffer.from(many.checkpoint).equals(Buffer.from(one.checkpoint))).toBe(true);
        expect(many.records).toEqual(one.records);
      }
      expect(one.records[2].trainCost).not.toBe(one.records[0].trainCost);
    });
  }

  it('score a split evaluated in several example ranges exactly as in one pass', () => {
    const big = sparseData(9000, 30, 3, 5, 0.6);
    const config = testConfig({ layers: [30, 12, 3], batchSize: 50, threads: 2 });
    const ranged = fastSessionFactory({ trainThreads: 1 }).create(config, big);
    const whole = fastSessionFactory({ trainThreads: 1 }).create({ ...config, threads: 1 }, big);
    // The two-thread session times 2 and 1 threads on 4,096-example trials of the 9,000.
    const records = [0, 1, 2].map(() => [ranged.measure(), whole.measure()]);
    for (const [a, b] of records) expect(a).toEqual(b);
    ranged.close();
  });

  it('keep training on the calling thread alone after close(), with the same results', () => {
    const config = testConfig({ layers: [40, 70, 20, 4], epochs: 2, batchSize: 10, threads: 3 });
    const closed = fastSessionFactory({ trainThreads: 3 }).create(config, data);
    const open = fastSessionFactory({ trainThreads: 3 }).create(config, data);
    closed.close();
    closed.trainEpoch();
    open.trainEpoch();
    expect(Buffer.from(closed.checkpoint()).equals(Buffer.from(open.checkpoint()))).toBe(true);
    open.close();
  });
});
