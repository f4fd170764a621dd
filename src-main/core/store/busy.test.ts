/**
 * A run's writes outlast another program holding the database's lock: a second connection
 * (another process would behave the same: SQLite locks the file) holds BEGIN EXCLUSIVE while the
 * owner writes.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { runConfigSchema } from '../../../src-shared/experiment/config';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import { RunQueue } from '../queue/queue';
import { recordingHost, waitForEvent } from '../queue/queue.testing';
import { retryWhileBusy } from './busy';
import { tempDir, xorInput } from './store.testing';
import { openStore, type Store } from './store';
import { useCleanups } from '../cleanups.testing';

const defer = useCleanups();

function storeWithLocker(): { store: Store; locker: Database.Database } {
  const tmp = tempDir('backprop-busy-');
  const store = openStore(join(tmp.dir, 'busy.db'));
  const locker = new Database(join(tmp.dir, 'busy.db'));
  defer(
    tmp.cleanup,
    () => store.close(),
    () => locker.close(),
  );
  return { store, locker };
}

const write = (store: Store) => () => store.settings.set({ queuePaused: true });

describe('retryWhileBusy', () => {
  it('writes once the other writer lets go, without holding the event loop meanwhile', async () => {
    const { store, locker } = storeWithLocker();
    locker.exec('BEGIN EXCLUSIVE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    setTimeout(() => locker.exec('COMMIT'), 1000);
    await retryWhileBusy(store.db, write(store), { totalMs: 10_000 });
    clearInterval(ticker);
    expect(store.settings.all().queuePaused).toBe(true);
    expect(ticks).toBeGreaterThanOrEqual(10); // the loop kept turning while the write waited
  });

  it('gives up after the stated time, saying so, and leaves nothing written', async () => {
    const { store, locker } = storeWithLocker();
    locker.exec('BEGIN EXCLUSIVE');
    const before = Date.now();
    await expect(retryWhileBusy(store.db, write(store), { totalMs: 600 })).rejects.toThrow(
      'the database stayed locked by another program for 1 s',
    );
    expect(Date.now() - before).toBeLessThan(2000);
    locker.exec('COMMIT');
    expect(store.settings.all().queuePaused).toBeUndefined();
  });

  it('does not retry other errors', async () => {
    const { store } = storeWithLocker();
    let tries = 0;
    const failing = () => {
      tries++;
      throw new Error('disk full');
    };
    await expect(retryWhileBusy(store.db, failing)).rejects.toThrow('disk full');
    expect(tries).toBe(1);
  });
});

it('completes a real run, every epoch stored, while another connection holds BEGIN EXCLUSIVE for 6 s', async () => {
  const { store, locker } = storeWithLocker();
  const config = runConfigSchema.parse(xorInput({ epochs: 60 }));
  const id = store.runs.insert({
    experimentId: null,
    name: 'busy',
    config,
    engineVersion: ENGINE_VERSION,
  });
  const queue = new RunQueue({ store, trainerHost: recordingHost() });
  defer(() => void queue.close());
  let releasedAt = 0;
  const storedAt: number[] = [];
  queue.onDidAppendEpoch(() => storedAt.push(Date.now()));
  void waitForEvent(queue.onDidAppendEpoch, (e) => e.runId === id).then(() => {
    locker.exec('BEGIN EXCLUSIVE');
    setTimeout(() => {
      locker.exec('COMMIT');
      releasedAt = Date.now();
    }, 6000);
  });
  await queue.runOnly([id]);
  const run = store.runs.get(id)!;
  expect([run.status, run.error]).toEqual(['completed', null]);
  expect(store.epochs.list(id).map((e) => e.epoch)).toEqual(
    Array.from({ length: 61 }, (_, i) => i),
  );
  // The lock was really in the way: epochs were stored only after it was released.
  expect(releasedAt).toBeGreaterThan(0);
  expect(storedAt.filter((t) => t >= releasedAt).length).toBeGreaterThan(0);
}, 60_000);
