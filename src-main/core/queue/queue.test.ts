/**
 * The queue with real trainer processes (needs `npm run build` for out/main/trainer.js).
 * Small workloads: XOR, or MNIST cut to a few hundred examples.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { smallMnistInput, xorInput } from '../store/store.testing';
import {
  coreFixture,
  waitForEnd,
  waitForEvent,
  withoutTime,
  type CoreFixture,
} from './queue.testing';

const xor = xorInput;
const smallMnist = smallMnistInput;

let fixture: CoreFixture | undefined;
afterEach(async () => {
  await fixture?.dispose();
  fixture = undefined;
});

describe('the run queue with trainer processes', () => {
  it('trains a queued run in its own process and stores every epoch, its summary and its weights', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const { core, host } = fixture;
    const run = await core.services.queue.enqueue(xor({ epochs: 30 }));
    const end = await waitForEnd(core, run.id);
    expect(end.status).toBe('completed');
    expect(host.processes).toHaveLength(1);
    const detail = await core.services.runs.get(run.id);
    expect(detail.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect(detail.final?.epochs).toBe(30);
    expect(detail.attempts).toBe(1);
    // The sampled mini-batch cost: points for every trained epoch, steps rising, none for epoch 0.
    const costs = detail.metrics!.filter((m) => m.key === 'batch_cost');
    expect(new Set(costs.map((m) => m.epoch))).toEqual(
      new Set(detail.epochs.slice(1).map((e) => e.epoch)),
    );
    expect(costs.every((m, i) => i === 0 || m.step > costs[i - 1].step)).toBe(true);
    expect(costs.every((m) => Number.isFinite(m.value) && m.value >= 0)).toBe(true);
    const weights = await core.services.runs.weights(run.id);
    expect(weights?.weights.map((w) => [w.length, w[0].length])).toEqual([
      [3, 2],
      [1, 3],
    ]);
  });

  it('fails a run whose trainer is killed mid-epoch with the signal, keeps its earlier epochs, and starts the next run', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const { core, host } = fixture;
    const acknowledged: number[] = [];
    core.queue.onDidAppendEpoch((e) => acknowledged.push(e.record.epoch));
    const victim = await core.services.queue.enqueue(smallMnist({ epochs: 6 }));
    const next = await core.services.queue.enqueue(xor());
    await waitForEvent(
      core.queue.onDidProgress,
      (e) => e.progress.epoch >= 2 && e.progress.batch < e.progress.batches,
    );
    host.processes[0].kill('SIGKILL');
    const failed = await waitForEnd(core, victim.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/killed by SIGKILL/);
    const row = core.store.db.prepare('SELECT exit_signal FROM runs WHERE id = ?').get(victim.id);
    expect(row).toEqual({ exit_signal: 'SIGKILL' });
    const stored = core.store.epochs.list(victim.id).map((e) => e.epoch);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored).toEqual(acknowledged.slice(0, stored.length));
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i));
    // Batch costs only of acknowledged epochs: the killed epoch's samples were never stored.
    const costEpochs = core.store.loggedRuns.metrics(victim.id).map((m) => m.epoch);
    expect(new Set(costEpochs)).toEqual(new Set(stored.slice(1)));
    expect((await waitForEnd(core, next.id)).status).toBe('completed');
  });

  it.each([2, 3])(
    'runs %i trainers at once, all writing every epoch without "database is locked"',
    async (n) => {
      fixture = await coreFixture({ concurrency: n });
      const { core, host } = fixture;
      const runs = [];
      for (let i = 0; i < n; i++)
        runs.push(await core.services.queue.enqueue(xor({ epochs: 400, seed: i + 1 })));
      const ends = await Promise.all(runs.map((r) => waitForEnd(core, r.id)));
      expect(ends.map((r) => [r.status, r.error])).toEqual(runs.map(() => ['completed', null]));
      expect(host.maxAlive).toBe(n);
      for (const r of runs) expect(core.store.epochs.count(r.id)).toBe(401);
    },
  );

  it('pauses a run after its next checkpoint and resumes it to the same results as an uninterrupted run', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const { core } = fixture;
    const config = smallMnist({ trainSize: 600, epochs: 4 });
    const paused = await core.services.queue.enqueue(config);
    await waitForEvent(
      core.queue.onDidAppendEpoch,
      (e) => e.runId === paused.id && e.record.epoch === 1,
    );
    const exited = new Promise<void>((resolve) =>
      fixture!.host.processes[0].onExit(() => resolve()),
    );
    await core.services.queue.pauseRun(paused.id);
    await exited;
    expect(core.queue.summary(paused.id)?.status).toBe('paused');
    const stopped = core.store.epochs.count(paused.id);
    expect(stopped).toBeLessThan(5);
    await core.services.queue.resumeRun(paused.id);
    expect((await waitForEnd(core, paused.id)).status).toBe('completed');
    const straight = await core.services.queue.enqueue(config);
    expect((await waitForEnd(core, straight.id)).status).toBe('completed');
    const a = await core.services.runs.get(paused.id);
    const b = await core.services.runs.get(straight.id);
    expect(a.epochs.map(withoutTime)).toEqual(b.epochs.map(withoutTime));
    expect(await core.services.runs.weights(paused.id)).toEqual(
      await core.services.runs.weights(straight.id),
    );
    expect(a.attempts).toBe(2);
    // Batch costs of the resumed run: one point per step, for exactly its trained epochs.
    const steps = a.metrics!.map((m) => m.step);
    expect(new Set(steps).size).toBe(steps.length);
    expect(new Set(a.metrics!.map((m) => m.epoch))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('cancels a running run, stops its trainer and moves on', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const { core, host } = fixture;
    const long = await core.services.queue.enqueue(smallMnist({ epochs: 50 }));
    const next = await core.services.queue.enqueue(xor());
    await waitForEvent(core.queue.onDidAppendEpoch, (e) => e.runId === long.id);
    await core.services.queue.cancel(long.id);
    expect((await waitForEnd(core, next.id)).status).toBe('completed');
    expect(core.queue.summary(long.id)?.status).toBe('cancelled');
    expect(host.processes).toHaveLength(2);
  });

  it('marks a run whose cost overflows as diverged, with its epochs and findings stored', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const config = xor({ activations: 'linear', learningRate: 1000, batchSize: 1, epochs: 200 });
    const run = await fixture.core.services.queue.enqueue(config);
    const end = await waitForEnd(fixture.core, run.id);
    expect(end.status).toBe('diverged');
    expect(end.error).toMatch(/NaN or infinite at epoch \d+/);
    const detail = await fixture.core.services.runs.get(run.id);
    expect(detail.epochs.length).toBeLessThan(201);
    expect(Number.isFinite(detail.epochs.at(-1)!.trainCost)).toBe(false);
  });

  it('fails a run whose trainer reports an error, with its message', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const { core, dir } = fixture;
    const csv = join(dir, 'xor.csv');
    writeFileSync(csv, '0,0,0\n1,0,1\n1,1,0\n0,1,1\n');
    await core.services.queue.setPaused(true);
    const run = await core.services.queue.enqueue(
      xor({ dataset: { kind: 'csv', path: csv, classes: 2 }, layers: [2, 3, 2] }),
    );
    // The file passed the check at enqueue time and disappears before the trainer reads it.
    rmSync(csv);
    await core.services.queue.setPaused(false);
    const end = await waitForEnd(core, run.id);
    expect(end.status).toBe('failed');
    expect(end.error).toContain('xor.csv');
  });

  it('holds queued runs while paused globally, and starts them in queue order (after a move) when unpaused', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const { core } = fixture;
    await core.services.queue.setPaused(true);
    const ids: number[] = [];
    for (const name of ['a', 'b', 'c'])
      ids.push((await core.services.queue.enqueue(xor({ name }))).id);
    await core.services.queue.move(ids[2], ids[0]);
    expect(core.store.runs.list({ status: ['queued'] })).toHaveLength(3);
    const started: number[] = [];
    core.queue.onDidChangeRun(
      (r) => r.status === 'running' && !started.includes(r.id) && started.push(r.id),
    );
    expect((await core.services.queue.setPaused(false)).paused).toBe(false);
    await Promise.all(ids.map((id) => waitForEnd(core, id)));
    expect(started).toEqual([ids[2], ids[0], ids[1]]);
  });

  it('resumes runs a stopped owner left running, to the same results as an uninterrupted run', async () => {
    fixture = await coreFixture({ concurrency: 1 });
    const config = smallMnist({ trainSize: 600, epochs: 4 });
    const first = fixture.core;
    const run = await first.services.queue.enqueue(config);
    await waitForEvent(
      first.queue.onDidAppendEpoch,
      (e) => e.runId === run.id && e.record.epoch === 1,
    );
    await first.close();
    expect(first.store.db.open).toBe(false);
    const second = await fixture.reopen();
    const resumed = await waitForEnd(second, run.id);
    expect(resumed.status).toBe('completed');
    const straight = await second.services.queue.enqueue(config);
    await waitForEnd(second, straight.id);
    const a = await second.services.runs.get(run.id);
    const b = await second.services.runs.get(straight.id);
    expect(a.epochs.map(withoutTime)).toEqual(b.epochs.map(withoutTime));
    expect(await second.services.runs.weights(run.id)).toEqual(
      await second.services.runs.weights(straight.id),
    );
  });
});
