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
import type { FromTrainer } from '../../../src-shared/contract/trainer-protocol';
import { trainRun } from '../train-run';

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

  it('reports an epoch trained ahead as any other, every 1%, with its share of the seconds it trained', () => {
    const s = session(2, { learningRate: 0.5 });
    const seen: BatchProgress[][] = [];
    for (let e = 0; e < 3; e++) {
      const events: BatchProgress[] = [];
      s.trainEpoch((p) => events.push(p));
      seen.push(events);
    }
    s.close();
    // Epoch 1 trains while the caller waits: progress every 1% of it (and at the thread
    // chooser's shorter trials), no training time given.
    expect(seen[0].length).toBeGreaterThanOrEqual(100);
    expect(seen[0].every((p) => p.trainedSeconds === undefined)).toBe(true);
    // Epochs 2 and 3 were trained during the call before: every 1% (340 batches, 3 a piece, so
    // 114 pieces), handed over now.
    const everyPercent = Array.from({ length: 114 }, (_, j) => Math.min(340, 3 * (j + 1)));
    for (const [i, events] of seen.slice(1).entries()) {
      expect(events.map((p) => p.batch)).toEqual(everyPercent);
      expect(events.every((p) => p.epoch === i + 2)).toBe(true);
      const seconds = events.map((p) => p.trainedSeconds!);
      expect(seconds.every((t, j) => t > 0 && (j === 0 || t >= seconds[j - 1]))).toBe(true);
      expect(events.every((p) => Number.isFinite(p.cost))).toBe(true);
    }
  });

  it('gives every epoch of a real trainer run the same batch-cost sampling as one thread', async () => {
    const one = await trainedMessages(1);
    const two = await trainedMessages(2);
    expect(one.ahead).toBe(0);
    expect(two.ahead).toBe(5);
    // 114 samples in every epoch trained ahead (340 batches, one sample per 3), as in the
    // one-thread run, and the same numbers; epoch 1 also samples the thread chooser's trials.
    for (const epoch of two.epochs) expect(epoch.batchCosts.length).toBeGreaterThanOrEqual(114);
    const withoutTime = (m: (typeof one.epochs)[number]) =>
      m.batchCosts.map(({ step, cost }) => [step, cost]);
    expect(two.epochs.slice(1).map(withoutTime)).toEqual(one.epochs.slice(1).map(withoutTime));
    for (const epoch of two.epochs.slice(1)) expect(epoch.batchCosts).toHaveLength(114);
    expect(two.epochs.map((m) => m.record)).toEqual(one.epochs.map((m) => m.record));
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

  it('goes on on every thread once thread 1 is done scoring (2–4 threads), and still gives the one-thread run', () => {
    // Training forced onto two threads whenever both are free: an epoch trained ahead starts on
    // this thread alone while thread 1 scores the last one (about as long as training a third
    // of the epoch here), then thread 1 joins for the rest.
    const big = sparseData(3000, 30, 4, 29, 0.6, { validationSize: 20, testSize: 20 });
    const config = testConfig({ layers: [30, 12, 4], epochs: 6, batchSize: 2, learningRate: 0.5 });
    const run = (threads: number) => {
      const s = fastSessionFactory({ trainThreads: threads }).create({ ...config, threads }, big);
      const records = [];
      while (!s.finished) records.push(s.trainEpoch(() => {}));
      const result = {
        records: records.map(({ seconds: _, ...r }) => r),
        checkpoint: Buffer.from(s.checkpoint()),
        ahead: s.epochsTrainedAhead,
        joined: s.epochsJoined,
      };
      s.close();
      return result;
    };
    const one = run(1);
    expect(one.ahead).toBe(0);
    // Three and four threads: thread 1 scores while 2 and 3 idle, then all join.
    for (const threads of [2, 3, 4]) {
      const many = run(threads);
      expect(many.ahead).toBe(5);
      expect(many.joined).toBeGreaterThanOrEqual(1);
      expect(many.records).toEqual(one.records);
      expect(many.checkpoint.equals(one.checkpoint)).toBe(true);
    }
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

/** trainRun, the trainer process's loop, on the fast engine with `threads` threads; the epoch
 * messages it sends (records without their timing) and how many epochs it trained ahead. */
async function trainedMessages(threads: number) {
  const sent: FromTrainer[] = [];
  const factory = fastSessionFactory({ trainThreads: 'auto' });
  let created: ReturnType<typeof factory.create> | null = null;
  let ahead = 0;
  const config = testConfig({ layers: [30, 12, 4], epochs: 6, batchSize: 1, learningRate: 0.5 });
  await trainRun(
    { kind: 'start', runId: 1, config, threads },
    {
      port: {
        send: async (m) => {
          if (m.kind === 'epoch' && created && 'epochsTrainedAhead' in created)
            ahead = Number(created.epochsTrainedAhead);
          sent.push(m);
        },
        onMessage: () => undefined,
        onDisconnect: () => undefined,
      },
      loadData: async () => data,
      chooseFactory: () => ({
        create: (c, d) => (created = factory.create(c, d)),
        restore: (c, d, checkpoint) => factory.restore(c, d, checkpoint),
      }),
      cancelled: () => false,
    },
  );
  const epochs = sent
    .filter((m): m is Extract<FromTrainer, { kind: 'epoch' }> => m.kind === 'epoch')
    .slice(1) // epoch 0, the probe before training, has no batches
    .map((m) => {
      const { seconds: _s, ...record } = m.record;
      return { record, batchCosts: m.batchCosts ?? [] };
    });
  expect(sent.at(-1)?.kind).toBe('completed');
  return { epochs, ahead };
}
