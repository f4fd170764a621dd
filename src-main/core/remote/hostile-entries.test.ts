/**
 * The owner trusts no Redis entry: hand-written entries XADDed to a run's stream (a real
 * redis-server, a real owner, no worker) fail the run with a sentence naming the field, and
 * nothing of them is stored. And a database another program keeps locked delays the entries
 * without failing the run. Skipped with the reason when redis-server is not installed.
 */
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { encodeWire } from '../../../src-shared/base/wire';
import type { AppCore } from '../app';
import { waitForEnd } from '../queue/queue.testing';
import { epochRecord, tempDir, xorInput } from '../store/store.testing';
import { attemptOf, jobIdOf, QUEUE_NAME, REDIS_PREFIX, streamKey } from './protocol';
import { openOwner, within } from './cluster.testing';
import { redisMissing, startTestRedis } from './redis.testing';
import { useCleanups } from '../cleanups.testing';

const defer = useCleanups();

/** An owner with one run sent to Redis (no worker takes it) and a client to write its stream. */
async function ownerWithDispatchedRun() {
  const redis = await startTestRedis();
  const tmp = tempDir('backprop-hostile-');
  defer(() => redis.stop(), tmp.cleanup);
  const owner: AppCore = await openOwner(join(tmp.dir, 'owner.db'), redis.url);
  defer(() => owner.close());
  const client = new Redis(redis.url);
  defer(() => void client.disconnect());
  const run = await owner.services.queue.enqueue(xorInput({ epochs: 3 }));
  // Sent once its job is in the queue (the owner clears the run's stream just before adding it).
  const dispatched = async () => {
    for (;;) {
      const dispatch = owner.store.remoteRuns.get(run.id)?.dispatch;
      const jobKey = `${REDIS_PREFIX}:${QUEUE_NAME}:${jobIdOf(run.id, dispatch ?? 0)}`;
      if (dispatch && (await client.exists(jobKey))) return dispatch;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const attempt = String(attemptOf(await within(10_000, 'the dispatch', dispatched()), 1));
  const xadd = (...fields: (string | Buffer)[]) => client.xadd(streamKey(run.id), '*', ...fields);
  return { owner, runId: run.id, attempt, xadd, dbPath: join(tmp.dir, 'owner.db') };
}

/** A well-formed record of the 2-3-1 XOR network. */
const xorRecord = epochRecord(0, { meanOutput: [0.5] });

const start = (attempt: string, host = 'worker-1') => [
  'kind',
  'start',
  'attempt',
  attempt,
  'body',
  encodeWire({ host, fromEpoch: -1 }),
];

describe.skipIf(redisMissing !== null)('hand-written Redis entries', () => {
  it('fail the run naming the host when a start claims a host name with markup', async () => {
    const { owner, runId, attempt, xadd } = await ownerWithDispatchedRun();
    await xadd(...start(attempt, '<b>evil-host</b>'));
    const end = await within(15_000, 'the run to fail', waitForEnd(owner, runId));
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/start entry\.host: must be a host name/);
    expect(owner.store.runs.get(runId)?.host).toBeNull();
  }, 30_000);

  it('fail the run naming the field when an epoch holds an impossible record and a garbage checkpoint, storing nothing', async () => {
    const { owner, runId, attempt, xadd } = await ownerWithDispatchedRun();
    await xadd(...start(attempt));
    const record = { ...epochRecord(0), trainCost: 'not a number', testAccuracy: 42 };
    await xadd(
      ...['kind', 'epoch', 'attempt', attempt, 'body', encodeWire({ record })],
      ...['checkpoint', Buffer.from('garbage checkpoint')],
    );
    const end = await within(15_000, 'the run to fail', waitForEnd(owner, runId));
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/epoch entry\.record\.trainCost: must be a number/);
    expect(end.error).toMatch(/epoch entry\.record\.testAccuracy: must be between 0 and 1/);
    expect(owner.store.epochs.count(runId)).toBe(0);
    expect(owner.store.checkpoints.latest(runId)).toBeUndefined();
  }, 30_000);

  it('fail the run naming the checkpoint when a well-formed record comes with garbage bytes', async () => {
    const { owner, runId, attempt, xadd } = await ownerWithDispatchedRun();
    await xadd(...start(attempt));
    await xadd(
      ...['kind', 'epoch', 'attempt', attempt, 'body', encodeWire({ record: xorRecord })],
      ...['checkpoint', Buffer.from('garbage checkpoint')],
    );
    const end = await within(15_000, 'the run to fail', waitForEnd(owner, runId));
    expect(end.error).toMatch(/checkpoint: not a checkpoint \(no BPCK header\)/);
    expect(owner.store.epochs.count(runId)).toBe(0);
  }, 30_000);

  it('fail the run naming an unknown field of an end entry instead of completing it', async () => {
    const { owner, runId, attempt, xadd } = await ownerWithDispatchedRun();
    await xadd(...start(attempt));
    const body = encodeWire({ status: 'completed', message: null, lastEpoch: -1, owner: 'me' });
    await xadd('kind', 'end', 'attempt', attempt, 'body', body);
    const end = await within(15_000, 'the run to fail', waitForEnd(owner, runId));
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/end entry\.owner/);
  }, 30_000);
});

describe.skipIf(redisMissing !== null)('a busy database', () => {
  it('does not fail a Redis run while another connection holds BEGIN EXCLUSIVE for 6 s: its entries apply after', async () => {
    const { owner, runId, attempt, xadd, dbPath } = await ownerWithDispatchedRun();
    const locker = new Database(dbPath);
    defer(() => void locker.close());
    locker.exec('BEGIN EXCLUSIVE');
    await xadd(...start(attempt));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(owner.store.runs.get(runId)?.status).toBe('queued');
    locker.exec('COMMIT');
    const running = async () => {
      while (owner.store.runs.get(runId)?.status !== 'running')
        await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await within(10_000, 'the start to apply', running());
    expect(owner.store.runs.get(runId)).toMatchObject({ host: 'worker-1', error: null });
  }, 40_000);
});
