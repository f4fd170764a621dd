/**
 * The trash on the Redis queue, end to end (real redis-server, real `backprop worker` processes,
 * owners on temp databases, as in remote-queue.test.ts): a queued run moved to the trash has its
 * job withdrawn from Redis and is never trained while there; restored, it is sent anew and trains
 * to its end; a withdrawn run can be purged. Skipped with the reason when redis-server is not
 * installed. Needs `npm run build`.
 */
import { describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import type { AppCore } from '../app';
import { waitForEnd } from '../queue/queue.testing';
import { smallMnistInput, xorInput } from '../store/store.testing';
import { jobIdOf, QUEUE_NAME, REDIS_PREFIX } from './protocol';
import { connectionOf } from './redis-links';
import { spawnWorker, within, type WorkerProcess, redisWithOwners } from './cluster.testing';
import { redisMissing } from './redis.testing';
import { useCleanups } from '../cleanups.testing';

const defer = useCleanups();

async function setup() {
  const { redis, owner, closeOwners } = await redisWithOwners(defer, 'backprop-redis-trash-');
  const queue = new Queue(QUEUE_NAME, {
    connection: connectionOf(redis.url),
    prefix: REDIS_PREFIX,
  });
  defer(() => queue.close());
  defer(closeOwners);
  const worker = () => {
    const started = spawnWorker(redis.url);
    defer(() => started.stop());
    return started;
  };
  return { redis, queue, owner, worker };
}

/** Resolves when `check` holds (polled every 100 ms). */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Whether BullMQ still has the job of the run's dispatch. */
const hasJob = async (queue: Queue, runId: number, dispatch: number) =>
  (await queue.getJob(jobIdOf(runId, dispatch))) !== undefined;

const dispatchOpen = (core: AppCore, runId: number) => core.store.remoteRuns.get(runId)?.open;

/** Everything output by the worker about run `id` ("run 3 (…) started", "run 3 epoch 2/…"). */
const aboutRun = (worker: WorkerProcess, id: number) =>
  worker.output().match(new RegExp(`run ${id}\\b.*`, 'g')) ?? [];

describe.skipIf(redisMissing !== null)('the trash on the Redis queue', () => {
  it('withdraws the jobs of queued runs moved to the trash, so no worker trains them; restored, a run trains to its end; withdrawn, runs can be purged', async () => {
    const { queue, owner, worker } = await setup();
    const core = await owner();
    // Queued in this order, so a worker would take the two deleted runs before the live one.
    const ids: number[] = [];
    for (const name of ['trashed', 'purged', 'live'])
      ids.push((await core.services.queue.enqueue(xorInput({ name, epochs: 20 }))).id);
    const [deletedId, purgedId, liveId] = ids;
    await within(
      10_000,
      'the three jobs in Redis',
      until(async () => (await Promise.all(ids.map((id) => hasJob(queue, id, 1)))).every(Boolean)),
    );

    await core.services.runs.remove([deletedId, purgedId]);
    // At once, not at the owner's next check of every run (every 10 s).
    await within(
      5_000,
      'both jobs withdrawn',
      until(() => !dispatchOpen(core, deletedId) && !dispatchOpen(core, purgedId)),
    );
    expect(await hasJob(queue, deletedId, 1)).toBe(false);
    expect(await hasJob(queue, purgedId, 1)).toBe(false);
    expect(await hasJob(queue, liveId, 1)).toBe(true);
    await core.services.runs.purge([purgedId]);
    expect(core.store.runs.getDeleted(purgedId)).toBeUndefined();

    // A worker started now takes only the live run, and then has nothing left to take.
    const w = worker();
    const end = await within(30_000, 'the live run to end', waitForEnd(core, liveId));
    expect(end.status).toBe('completed');
    await within(10_000, 'the owner to be idle', core.queue.whenIdle());
    // The worker is idle: BullMQ has nothing left for it (its last job ends just after the run's
    // end entry reaches the owner).
    const left = async () =>
      Object.values(await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed'));
    await within(
      10_000,
      'the worker to be idle',
      until(async () => (await left()).every((n) => n === 0)),
    );
    expect(aboutRun(w, deletedId)).toEqual([]);
    expect(aboutRun(w, purgedId)).toEqual([]);
    expect(core.store.runs.getDeleted(deletedId)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(core.store.epochs.count(deletedId)).toBe(0);

    await core.services.runs.restore([deletedId]);
    const restored = await within(30_000, 'the restored run to end', waitForEnd(core, deletedId));
    expect([restored.status, restored.attempts]).toEqual(['completed', 1]);
    expect(core.store.epochs.count(deletedId)).toBe(21);
    expect(core.store.remoteRuns.get(deletedId)).toMatchObject({ dispatch: 2, open: false });

    await core.services.runs.remove([deletedId]);
    await core.services.runs.purge([deletedId]);
    expect(core.store.runs.getDeleted(deletedId)).toBeUndefined();
  }, 90_000);

  it('withdraws the job before closing when a command deletes a queued run and exits at once (as `backprop runs rm` does), so the run can then be purged', async () => {
    const { queue, owner } = await setup();
    const first = await owner();
    const { id } = await first.services.queue.enqueue(xorInput({ epochs: 5 }));
    await within(
      10_000,
      'the job in Redis',
      until(() => hasJob(queue, id, 1)),
    );
    await first.close();

    const command = await owner(false);
    command.queue.workOnlyOwnRuns();
    await command.services.runs.remove([id]);
    await within(10_000, 'the command to close', command.close());
    expect(await hasJob(queue, id, 1)).toBe(false);

    const next = await owner(false);
    expect(next.store.remoteRuns.get(id)?.open).toBe(false);
    await next.services.runs.purge([id]);
    expect(next.store.runs.getDeleted(id)).toBeUndefined();
  }, 60_000);

  it('cancels on its worker a queued run that a worker took while no owner read its stream, applies none of its epochs, and sends it anew when restored', async () => {
    const { queue, owner, worker } = await setup();
    const first = await owner();
    const config = smallMnistInput({ trainSize: 2000, epochs: 20, engine: 'reference' });
    const { id } = await first.services.queue.enqueue(config);
    await within(
      10_000,
      'the job in Redis',
      until(() => hasJob(queue, id, 1)),
    );
    await first.close();

    const w = worker();
    await within(30_000, 'the worker to train it', w.waitFor(new RegExp(`run ${id} epoch 1/`)));
    // An owner that works only its own runs (as `backprop runs rm` is) does not follow this
    // run's stream: the run is still queued in its store while the worker trains it.
    const second = await owner(false);
    second.queue.recover(false);
    second.queue.workOnlyOwnRuns();
    expect(second.store.runs.get(id)?.status).toBe('queued');
    await second.services.runs.remove([id]);
    await within(
      10_000,
      'the worker to stop it',
      w.waitFor(new RegExp(`run ${id} cancelled here`)),
    );
    await within(
      10_000,
      'the dispatch to close',
      until(() => !dispatchOpen(second, id)),
    );
    expect(second.store.runs.getDeleted(id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(second.store.epochs.count(id)).toBe(0);
    // The worker ends the job as cancelled, and BullMQ removes it (removeOnComplete).
    await within(
      5_000,
      'the job to go',
      until(async () => !(await hasJob(queue, id, 1))),
    );

    await second.services.runs.restore([id]);
    const end = await within(60_000, 'the restored run to end', waitForEnd(second, id));
    expect([end.status, end.attempts]).toEqual(['completed', 1]);
    expect(second.store.epochs.list(id).map((e) => e.epoch)).toEqual(
      Array.from({ length: 21 }, (_, i) => i),
    );
    expect(second.store.remoteRuns.get(id)?.dispatch).toBe(2);
  }, 120_000);
});
