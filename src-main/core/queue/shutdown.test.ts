/**
 * Closing the queue never waits on a trainer that cannot exit longer than the stated grace
 * period: a real trainer process stopped with SIGSTOP ignores SIGTERM until it is continued, so
 * close() kills it with SIGKILL. Needs `npm run build` (out/main/trainer.js).
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import { runConfigSchema } from '../../../src-shared/experiment/config';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import { smallMnistInput, tempDir } from '../store/store.testing';
import { openStore, type Store } from '../store/store';
import { RunQueue } from './queue';
import { recordingHost, waitForEvent } from './queue.testing';
import { useCleanups } from '../cleanups.testing';

const defer = useCleanups();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function insertRun(store: Store): number {
  const config = runConfigSchema.parse(smallMnistInput({ epochs: 20 }));
  return store.runs.insert({
    experimentId: null,
    name: 'stopped',
    config,
    engineVersion: ENGINE_VERSION,
  });
}

it('kills a SIGSTOPped trainer with SIGKILL after the grace period when the queue closes, and says so', async () => {
  const tmp = tempDir('backprop-shutdown-');
  const store = openStore(join(tmp.dir, 'shutdown.db'));
  defer(tmp.cleanup, () => store.close());
  const host = recordingHost();
  const lines: string[] = [];
  const graceMs = 1500;
  const queue = new RunQueue({
    store,
    trainerHost: host,
    shutdownGraceMs: graceMs,
    log: (l) => lines.push(l),
  });
  const id = insertRun(store);
  void queue.runOnly([id]);
  await waitForEvent(queue.onDidProgress, (e) => e.runId === id && e.progress.batch > 0);
  const pid = host.processes[0].pid!;
  defer(() => alive(pid) && process.kill(pid, 'SIGKILL'));
  process.kill(pid, 'SIGSTOP');

  const before = Date.now();
  await queue.close();
  const waited = Date.now() - before;

  expect(waited).toBeGreaterThanOrEqual(graceMs - 50);
  expect(waited).toBeLessThan(graceMs + 1000);
  expect(alive(pid)).toBe(false);
  expect(lines).toEqual([
    `The trainer of run ${id} (pid ${pid}) did not exit within 1.5 s of SIGTERM; killed it with SIGKILL.`,
  ]);
  // The run stays 'running' for the next owner to recover, as with any close.
  expect(store.runs.get(id)?.status).toBe('running');
}, 60_000);
