/**
 * Helpers for tests that run real trainer processes (imported by tests only): an app core on a
 * temp database with a TrainerHost that records every process it starts, and event waiting.
 */
import { join } from 'node:path';
import type { Event } from '../../../src-shared/contract/services';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { RunSummary } from '../../../src-shared/contract/types';
import { createAppCore, type AppCore } from '../app';
import { createForkTrainerHost } from '../runner/fork-host';
import { requireTrainerEntry } from '../runner/trainer-entry';
import type { TrainerHost, TrainerProcess } from '../runner/trainer-host';
import { tempDir } from '../store/store.testing';
import { isTerminal } from '../../../src-shared/base/run-status';

/** A fork host that remembers its processes and how many are alive at most at once. */
export function recordingHost(): TrainerHost & { processes: TrainerProcess[]; maxAlive: number } {
  const inner = createForkTrainerHost(requireTrainerEntry());
  let alive = 0;
  const host = {
    processes: [] as TrainerProcess[],
    maxAlive: 0,
    start: (options: Parameters<TrainerHost['start']>[0]) => {
      const trainer = inner.start(options);
      host.processes.push(trainer);
      host.maxAlive = Math.max(host.maxAlive, ++alive);
      trainer.onExit(() => alive--);
      return trainer;
    },
  };
  return host;
}

export interface CoreFixture {
  core: AppCore;
  host: ReturnType<typeof recordingHost>;
  dbPath: string;
  dir: string;
  /** Opens another core on the same database (a restarted owner). */
  reopen(options?: { concurrency?: number }): Promise<AppCore>;
  dispose(): Promise<void>;
}

export async function coreFixture(
  options: { concurrency?: number; startQueue?: boolean } = {},
): Promise<CoreFixture> {
  const tmp = tempDir('backprop-queue-');
  const dbPath = join(tmp.dir, 'queue.db');
  const host = recordingHost();
  const cores: AppCore[] = [];
  const open = async (concurrency = options.concurrency) => {
    const core = await createAppCore({
      dbPath,
      host: 'cli',
      trainerHost: host,
      concurrency,
      startQueue: options.startQueue,
    });
    cores.push(core);
    return core;
  };
  const core = await open();
  return {
    core,
    host,
    dbPath,
    dir: tmp.dir,
    reopen: (o = {}) => open(o.concurrency),
    async dispose() {
      for (const c of cores) await c.close();
      tmp.cleanup();
    },
  };
}

/** Resolves with the first event that satisfies `predicate`. */
export function waitForEvent<T>(event: Event<T>, predicate: (e: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const subscription = event((e) => {
      if (!predicate(e)) return;
      subscription.dispose();
      resolve(e);
    });
  });
}

/** Resolves when run `id` reaches a finished status. */
export function waitForEnd(core: AppCore, id: number): Promise<RunSummary> {
  const now = core.queue.summary(id);
  if (now && isTerminal(now.status)) return Promise.resolve(now);
  return waitForEvent(core.queue.onDidChangeRun, (r) => r.id === id && isTerminal(r.status));
}

/** A record without its wall-clock time, for comparing runs. */
export function withoutTime(record: EpochRecord): Omit<EpochRecord, 'seconds'> {
  const { seconds: _seconds, ...rest } = record;
  return rest;
}
