/**
 * The queue on Redis, end to end: a real redis-server on a free loopback port (started and killed
 * by the tests), real `backprop worker` processes (the built CLI) and owners on temp databases.
 * Stall settings are shortened (lock 4 s, check every 1 s). Skipped with the reason when
 * redis-server is not installed. Needs `npm run build`.
 */
import { describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../../src-shared/contract/types';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import type { AppCore } from '../app';
import { waitForEnd, waitForEvent, withoutTime } from '../queue/queue.testing';
import { smallMnistInput, xorInput } from '../store/store.testing';
import { openStore } from '../store/store';
import { decodeEntry, QUEUE_NAME, REDIS_PREFIX, streamKey } from './protocol';
import { connectionOf } from './redis-links';
import {
  openLocal,
  spawnWorker,
  TEST_STALL_BOUND_MS,
  within,
  type WorkerProcess,
  redisWithOwners,
} from './cluster.testing';
import { redisMissing, type TestRedis } from './redis.testing';
import { useCleanups } from '../cleanups.testing';

const defer = useCleanups();

async function setup(options: { password?: string; workers?: number } = {}) {
  const { redis, tmp, owner, closeOwners } = await redisWithOwners(defer, 'backprop-redis-db-', {
    password: options.password,
  });
  const workers = Array.from({ length: options.workers ?? 2 }, () => spawnWorker(redis.url));
  defer(() => Promise.all(workers.map((w) => w.stop())).then(() => undefined));
  defer(closeOwners);
  return { redis, tmp, workers, owner };
}

/** The same runs trained on this machine: the reference for bit-identical results. */
async function trainLocally(dir: string, train: (core: AppCore) => Promise<number[]>) {
  const core = await openLocal(join(dir, 'local.db'));
  defer(() => core.close());
  const ids = await train(core);
  await core.queue.runOnly(ids);
  return { core, ids };
}

/** Records (without wall-clock time) and final weights: what must be bit-identical. */
function results(core: AppCore, id: number) {
  return {
    epochs: core.store.epochs.list(id).map(withoutTime),
    weights: core.store.weights.get(id),
  };
}

const epochsUpTo = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);
const finished = ['completed', 'failed', 'cancelled', 'diverged'];

/** MNIST cut small on the reference engine: epochs of a fraction of a second, long enough to be
 * interrupted in the middle of a run. */
const slowMnist = (overrides: Partial<RunConfigInput> = {}) =>
  smallMnistInput({ trainSize: 2000, epochs: 8, engine: 'reference', ...overrides });

describe.skipIf(redisMissing !== null)('the queue on Redis', () => {
  it('finishes a sweep of 6 runs on two password-protected workers bit-identical to the same sweep run locally', async () => {
    const { tmp, workers, owner } = await setup({ password: 'bp-test-secret' });
    const spec = {
      name: 'xor sweep',
      base: xorInput({ epochs: 40 }),
      grid: { learningRate: [1, 2, 3] },
      seeds: [1, 2],
    };
    const core = await owner(false);
    const runs = await core.services.queue.enqueueSweep(spec);
    await within(90_000, 'the sweep on the workers', core.queue.runOnly(runs.map((r) => r.id)));
    const local = await trainLocally(tmp.dir, async (c) =>
      (await c.services.queue.enqueueSweep(spec)).map((r) => r.id),
    );
    expect(runs).toHaveLength(6);
    runs.forEach((run, i) => {
      expect(core.store.runs.get(run.id)).toMatchObject({ status: 'completed', host: hostname() });
      expect(results(core, run.id)).toEqual(results(local.core, local.ids[i]));
      expect(core.store.epochs.count(run.id)).toBe(41);
    });
    // Every run was trained by one of the two worker processes.
    const started = workers.map((w) => w.output()).join('\n');
    runs.forEach((run) => expect(started).toMatch(new RegExp(`run ${run.id} \\(.*\\) started`)));
  }, 120_000);

  it('fails a job whose config does not pass the schema, naming the field, without training it', async () => {
    const { redis } = await setup({ workers: 1 });
    const options = { connection: connectionOf(redis.url), prefix: REDIS_PREFIX };
    const queue = new Queue(QUEUE_NAME, options);
    const events = new QueueEvents(QUEUE_NAME, options);
    defer(
      () => events.close(),
      () => queue.close(),
    );
    await events.waitUntilReady();
    const failed = new Promise<string>((resolve) =>
      events.on('failed', ({ failedReason }) => resolve(failedReason)),
    );
    await queue.add(
      'train',
      {
        runId: 7,
        dispatch: 1,
        engineVersion: ENGINE_VERSION,
        config: { ...xorInput(), learningRate: 'fast' },
      },
      { jobId: 'run-7-1' },
    );
    const reason = await within(20_000, 'the job to fail', failed);
    expect(reason).toMatch(/refused the job: Invalid config: config\.learningRate/);
    const client = new Redis(redis.url);
    defer(() => void client.disconnect());
    const entries = await client.xrange(streamKey(7), '-', '+');
    expect(entries.map(([, fields]) => fields[1])).toEqual(['end']);
  }, 60_000);

  it('resumes a run whose worker was killed with SIGKILL on the other worker within the stall bound, each epoch stored once', async () => {
    const { tmp, workers, owner } = await setup();
    const core = await owner();
    const config = slowMnist();
    const run = await core.services.queue.enqueue(config);
    const victim = await Promise.race(
      workers.map((w) => w.waitFor(new RegExp(`run ${run.id} epoch 2/`)).then(() => w)),
    );
    const restarted = waitForEvent(
      core.queue.onDidChangeRun,
      (r) => r.id === run.id && r.attempts === 2,
    );
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    await within(30_000, 'the retry to start', restarted);
    const stallMs = Date.now() - killedAt;
    const end = await within(60_000, 'the run to end', waitForEnd(core, run.id));
    const survivor = workers.find((w) => w !== victim) as WorkerProcess;
    console.info(
      `stall: retry started ${stallMs} ms after SIGKILL (bound ${TEST_STALL_BOUND_MS} ms)`,
    );
    // The bound is BullMQ's; the slack covers the owner's stream read (≤ 1 s) and a busy machine.
    expect(stallMs).toBeLessThan(TEST_STALL_BOUND_MS + 4000);
    expect(survivor.output()).toMatch(
      new RegExp(`run ${run.id} \\(.*\\) started from epoch \\d+, try 2`),
    );
    expect([end.status, end.error, end.attempts]).toEqual(['completed', null, 2]);
    expect(core.store.epochs.list(run.id).map((e) => e.epoch)).toEqual(epochsUpTo(8));
    const local = await trainLocally(tmp.dir, async (c) => [
      (await c.services.queue.enqueue(config)).id,
    ]);
    expect(results(core, run.id)).toEqual(results(local.core, local.ids[0]));
  }, 120_000);

  it('hands a run back when its worker is stopped with Ctrl+C, and the other worker finishes it', async () => {
    const { workers, owner } = await setup();
    const core = await owner();
    const run = await core.services.queue.enqueue(slowMnist());
    const victim = await Promise.race(
      workers.map((w) => w.waitFor(new RegExp(`run ${run.id} epoch 2/`)).then(() => w)),
    );
    const restarted = waitForEvent(
      core.queue.onDidChangeRun,
      (r) => r.id === run.id && r.attempts === 2,
    );
    victim.kill('SIGTERM');
    await within(30_000, 'the other worker to take the run', restarted);
    const end = await within(60_000, 'the run to end', waitForEnd(core, run.id));
    expect(victim.output()).toMatch(new RegExp(`run ${run.id} aborted here`));
    expect([end.status, end.attempts]).toEqual(['completed', 2]);
    expect(core.store.epochs.list(run.id).map((e) => e.epoch)).toEqual(epochsUpTo(8));
  }, 120_000);

  it('fails a run whose workers die twice, with BullMQ’s reason', async () => {
    const { redis, workers, owner } = await setup();
    const core = await owner();
    const run = await core.services.queue.enqueue(slowMnist({ epochs: 30 }));
    const alive = new Set(workers);
    for (const attempt of [1, 2]) {
      const holder = await Promise.race(
        [...alive].map((w) =>
          w.waitFor(new RegExp(`run ${run.id} .*try ${attempt}`)).then(() => w),
        ),
      );
      alive.delete(holder);
      await holder.waitFor(new RegExp(`run ${run.id} epoch \\d+/`));
      holder.kill('SIGKILL');
    }
    // Stalled checks run only in live workers: a third one finds the second stall.
    const third = spawnWorker(redis.url);
    defer(() => third.stop());
    const end = await within(30_000, 'the run to fail', waitForEnd(core, run.id));
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/The run's job failed in the Redis queue: .*stalled/);
  }, 120_000);

  it('gives an owner that was stopped while workers trained every epoch when it starts again', async () => {
    const { workers, owner } = await setup();
    const first = await owner();
    const spec = { name: 'mnist', base: slowMnist({ epochs: 4 }), seeds: [1, 2, 3] };
    const runs = await first.services.queue.enqueueSweep(spec);
    await waitForEvent(first.queue.onDidAppendEpoch, () => true);
    await first.close();
    // Every run trains to its end while no owner reads the streams.
    await within(
      90_000,
      'the workers to finish',
      Promise.all(
        runs.map((r) =>
          Promise.race(workers.map((w) => w.waitFor(new RegExp(`run ${r.id} completed here`)))),
        ),
      ),
    );
    const second = await owner();
    await within(30_000, 'the owner to catch up', second.queue.whenIdle());
    for (const run of runs) {
      expect(second.store.runs.get(run.id)?.status).toBe('completed');
      expect(second.store.epochs.list(run.id).map((e) => e.epoch)).toEqual(epochsUpTo(4));
    }
  }, 120_000);

  it('ends every run completed or failed when Redis is killed and restarted mid-sweep, with the database intact', async () => {
    const { redis, owner } = await setup();
    const core = await owner();
    const spec = { name: 'mnist', base: slowMnist({ epochs: 5 }), seeds: [1, 2, 3, 4] };
    const runs = await core.services.queue.enqueueSweep(spec);
    await waitForEvent(core.queue.onDidAppendEpoch, (e) => e.record.epoch >= 1);
    await restartEmpty(redis);
    await within(90_000, 'every run to end', core.queue.whenIdle());
    const ends = runs.map((r) => core.store.runs.get(r.id) as RunSummary);
    for (const run of ends) {
      expect(finished).toContain(run.status);
      if (run.status === 'completed') {
        expect(core.store.epochs.list(run.id).map((e) => e.epoch)).toEqual(epochsUpTo(5));
      } else {
        expect(run.error).toBeTruthy();
      }
    }
    expect(core.store.runs.idsWithStatus('running')).toEqual([]);
    expect(core.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);

  it('sends a run again when Redis lost entries of its stream, so a completed run has every epoch', async () => {
    const { redis, tmp, workers, owner } = await setup({ workers: 1 });
    const first = await owner();
    const run = await first.services.queue.enqueue(xorInput({ epochs: 10 }));
    await workers[0].waitFor(new RegExp(`run ${run.id} .*started`));
    await first.close();
    await workers[0].waitFor(new RegExp(`run ${run.id} completed here`));
    const closed = openStore(join(tmp.dir, 'owner.db'));
    const applied = closed.epochs.count(run.id) - 1;
    closed.close();
    // Redis loses one epoch entry the owner has not read yet.
    const client = new Redis(redis.url);
    defer(() => void client.disconnect());
    const entries = await client.xrangeBuffer(streamKey(run.id), '-', '+');
    const victim = entries.find(([, fields]) => {
      const entry = decodeEntry(fields);
      return entry.kind === 'epoch' && entry.record.epoch === applied + 2;
    });
    await client.xdel(streamKey(run.id), victim![0]);
    const second = await owner();
    const end = await within(30_000, 'the run to end', waitForEnd(second, run.id));
    expect([end.status, end.attempts]).toEqual(['completed', 2]);
    expect(second.store.epochs.list(run.id).map((e) => e.epoch)).toEqual(epochsUpTo(10));
  }, 60_000);

  it('sends runs queued while Redis was unreachable once it is up, and closes while it is down', async () => {
    const { redis, owner } = await setup({ workers: 0 });
    await redis.kill();
    const core = await owner();
    const run = await core.services.queue.enqueue(xorInput({ epochs: 5 }));
    expect(core.queue.state().backend).toMatchObject({ kind: 'redis', connected: false });
    await redis.restart();
    const worker = spawnWorker(redis.url);
    defer(() => worker.stop());
    const end = await within(30_000, 'the run to end', waitForEnd(core, run.id));
    expect([end.status, core.store.epochs.count(run.id)]).toEqual(['completed', 6]);
    expect(core.queue.state().backend).toMatchObject({ connected: true });
    await redis.kill();
    await within(10_000, 'the owner to close without Redis', core.close());
  }, 60_000);
});

/** Redis dies (SIGKILL, no persistence) and comes back empty a second later. */
async function restartEmpty(redis: TestRedis): Promise<void> {
  await redis.kill();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await redis.restart();
}
