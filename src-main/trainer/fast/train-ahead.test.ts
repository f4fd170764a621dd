/**
 * With a second thread that training does not use, the fast session trains epoch k + 1 while
 * thread 1 scores epoch k from a snapshot (train-ahead.ts, TrainAhead.wanted). Records, weights and
 * checkpoints must be exactly those of the same run on one thread: after every epoch, with a step
 * schedule and momentum, when a checkpoint taken mid-run is resumed, and when the run diverges.
 * Runs whose next epoch depends on the record (plateau, early stopping) never train ahead.
 */
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { sparseData } from './fast.testing';
import type { BatchProgress } from '../../../src-shared/engine/session';

const built = kernelAvailable();
if (!built) console.warn('train-ahead.test: skipped, out/kernels/fast.wasm is not built');

const data = sparseData(500, 30, 4, 21, 0.6, { validationSize: 80, testSize: 80 });

function session(threads: number, input: Partial<RunConfigInput>, checkpoint?: Uint8Array) {
  const config = testConfig({ layers: [30, 12, 4], epochs: 6, batchSize: 1, threads, ...input });
  // Batch 1 on this small network is too little work to share: one thread trains ('auto').
  const factory = fastSessionFactory({ trainThreads: 'auto' });
  return checkpoint ? factory.restore(config, data, checkpoint) : factory.create(config, data);
}

function runAll(threads: number, input: Partial<RunConfigInput>) {
  const s = session(threads, input);
  const records = [];
  const checkpoints = [];
  while (!s.finished) {
    const { seconds: _, ...record } = s.trainEpoch(() => {});
    records.push(record);
    checkpoints.push(Buffer.from(s.checkpoint()));
  }
  const ahead = 'epochsTrainedAhead' in s ? Number(s.epochsTrainedAhead) : 0;
  const weights = s.weights();
  s.close();
  return { records, checkpoints, ahead, weights };
}

describe.skipIf(!built)('training the next epoch while the last is scored', () => {
  const cases: [string, Partial<RunConfigInput>][] = [
    ['constant rate', { learningRate: 0.5 }],
    [
      'step schedule and momentum',
      { learningRate: 0.5, momentum: 0.5, schedule: { kind: 'step', every: 2, factor: 0.5 } },
    ],
    ['L2 and cross-entropy', { learningRate: 0.3, l2: 1, cost: 'cross-entropy' }],
  ];
  for (const [name, input] of cases) {
    it(`gives the one-thread run exactly, epoch by epoch (${name})`, () => {
      const one = runAll(1, input);
      const two = runAll(2, input);
      expect(one.ahead).toBe(0);
      // Every epoch after the first was trained during the previous call.
      expect(two.ahead).toBe(5);
      expect(two.records).toEqual(one.records);
      two.checkpoints.forEach((c, i) => expect(c.equals(one.checkpoints[i])).toBe(true));
      expect(two.weights).toEqual(one.weights);
      expect(one.records[5].trainCost).toBeLessThan(one.records[0].trainCost);
    });
  }

  it('reports an epoch trained ahead as done, with the seconds it trained', () => {
    const s = session(2, { learningRate: 0.5 });
    const seen: BatchProgress[][] = [];
    for (let e = 0; e < 3; e++) {
      const events: BatchProgress[] = [];
      s.trainEpoch((p) => events.push(p));
      seen.push(events);
    }
    s.close();
    // Epoch 1 trains while the caller waits: progress every 1% of it, no training time given.
    expect(seen[0].length).toBeGreaterThan(50);
    expect(seen[0].every((p) => p.trainedSeconds === undefined)).toBe(true);
    // Epochs 2 and 3 were trained during the call before: one event, the whole epoch.
    for (const [i, events] of seen.slice(1).entries()) {
      expect(events).toHaveLength(1);
      expect(events[0].epoch).toBe(i + 2);
      expect(events[0].batch).toBe(events[0].batches);
      expect(events[0].trainedSeconds).toBeGreaterThan(0);
      expect(Number.isFinite(events[0].cost)).toBe(true);
    }
  });

  it('resumes a checkpoint taken while the next epoch was trained ahead', () => {
    const input = { learningRate: 0.5, momentum: 0.3 };
    const straight = runAll(1, input);
    const first = session(2, input);
    for (let e = 0; e < 3; e++) first.trainEpoch();
    // Epoch 4 is trained by now; the checkpoint is still the state after epoch 3.
    expect(first.epochsTrainedAhead).toBe(2);
    const saved = first.checkpoint();
    expect(Buffer.from(saved).equals(straight.checkpoints[2])).toBe(true);
    first.close();
    const resumed = session(2, input, saved);
    const rest = [];
    while (!resumed.finished) {
      const { seconds: _, ...record } = resumed.trainEpoch();
      rest.push(record);
    }
    resumed.close();
    expect(rest).toEqual(straight.records.slice(3));
  });

  it('drops the epoch trained ahead when the last one turns out to have diverged', () => {
    // One batch per epoch: its update overflows the weights, which only scoring sees (the batch's
    // own cost came before the update), so epoch k + 1 is already trained when k is found diverged.
    const tiny = sparseData(6, 30, 4, 21, 0.6, { validationSize: 0, testSize: 0 });
    const run = (threads: number) => {
      const config = testConfig({
        layers: [30, 12, 4],
        activations: ['linear', 'linear'],
        epochs: 20,
        batchSize: 6,
        learningRate: 1e5,
        threads,
      });
      const s = fastSessionFactory({ trainThreads: 'auto' }).create(config, tiny);
      const records = [];
      while (!s.finished) records.push(s.trainEpoch());
      const result = {
        records: records.map(({ seconds: _, ...r }) => r),
        checkpoint: Buffer.from(s.checkpoint()),
      };
      s.close();
      return result;
    };
    const one = run(1);
    const two = run(2);
    expect(one.records.length).toBeLessThan(20);
    expect(Number.isFinite(one.records.at(-1)?.trainCost)).toBe(false);
    expect(two.records).toEqual(one.records);
    // The random stream is back before the dropped epoch's shuffle.
    expect(two.checkpoint.equals(one.checkpoint)).toBe(true);
  });

  it('gives the one-thread run exactly when threads are timed against one thread as well', () => {
    // Batch 20 on 60 inputs × 40 units is enough work to try both counts ('auto' times 2 and 1);
    // whichever wins, and whether or not epochs then train ahead, the run is the same.
    const wide = sparseData(800, 60, 4, 23, 0.4, { validationSize: 80, testSize: 80 });
    const run = (threads: number) => {
      const config = testConfig({ layers: [60, 40, 4], epochs: 6, batchSize: 20, threads });
      const s = fastSessionFactory({ trainThreads: 'auto' }).create(config, wide);
      const records = [];
      while (!s.finished) records.push(s.trainEpoch(() => {}));
      const checkpoint = Buffer.from(s.checkpoint());
      s.close();
      return { records: records.map(({ seconds: _, ...r }) => r), checkpoint };
    };
    const one = run(1);
    const two = run(2);
    expect(two.records).toEqual(one.records);
    expect(two.checkpoint.equals(one.checkpoint)).toBe(true);
  });

  it('never trains ahead when the next epoch depends on the record', () => {
    const plateau = runAll(2, {
      learningRate: 0.5,
      schedule: { kind: 'plateau', patience: 1, factor: 0.5, minLearningRate: 0.01 },
    });
    const early = runAll(2, {
      learningRate: 0.5,
      earlyStopping: { metric: 'validationAccuracy', patience: 2 },
    });
    expect(plateau.ahead).toBe(0);
    expect(early.ahead).toBe(0);
    expect(plateau.records).toHaveLength(6);
  });
});
