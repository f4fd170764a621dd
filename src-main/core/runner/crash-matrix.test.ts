/**
 * The crash matrix: every way a trainer process can die mid-run, each provoked for real in a real
 * trainer (BACKPROP_TEST_FAULT, see src-main/trainer/fault-injection.ts, or a SIGKILL from outside).
 * For each: the run ends as failed with the reason, the epochs stored before the fault are kept
 * (a prefix 0…k, exactly those acknowledged), the next queued run starts and completes, and no
 * trainer process is left alive. Needs `npm run build` (out/main/trainer.js).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Settings } from '../../../src-shared/contract/types';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { createAppCore, type AppCore } from '../app';
import { waitForEnd, waitForEvent } from '../queue/queue.testing';
import { tempDir } from '../store/store.testing';
import { createForkTrainerHost } from './fork-host';
import { requireTrainerEntry } from './trainer-entry';
import { DEFAULT_HANG_TIMEOUT_SECONDS } from '../lifecycle/queue-core';
import type { TrainerHost, TrainerProcess, TrainerStartOptions } from './trainer-host';

/** XOR, long enough (in epochs) that a fault after epoch 2 lands mid-run. */
const xor = (epochs: number): RunConfigInput => ({
  name: 'xor',
  dataset: 'xor',
  layers: [2, 3, 1],
  learningRate: 2,
  batchSize: 4,
  epochs,
  init: {
    weights: { kind: 'uniform', low: -1, high: 1 },
    biases: { kind: 'uniform', low: -1, high: 1 },
  },
});

/** MNIST cut small, batch 1: an epoch lasts long enough to be killed in the middle of it. One
 * thread, so every epoch reports batch progress (see smallMnistInput). */
const slowMnist: RunConfigInput = {
  name: 'small mnist',
  dataset: 'mnist',
  trainSize: 2000,
  validationSize: 200,
  testSize: 200,
  probeSize: 100,
  layers: [784, 20, 10],
  learningRate: 0.5,
  batchSize: 1,
  epochs: 8,
  threads: 1,
  init: {
    weights: { kind: 'uniform', low: -0.5, high: 0.5 },
    biases: { kind: 'uniform', low: -0.5, high: 0.5 },
  },
};

/** A fork host that gives the first trainer it starts extra options (the fault), and remembers
 * every trainer with a promise of its exit. */
function faultHost(first: Partial<TrainerStartOptions>) {
  const inner = createForkTrainerHost(requireTrainerEntry());
  const processes: TrainerProcess[] = [];
  const exits: Promise<void>[] = [];
  const host: TrainerHost = {
    start(options) {
      const extra = processes.length === 0 ? first : {};
      const trainer = inner.start({ ...options, ...extra });
      processes.push(trainer);
      exits.push(new Promise((resolve) => trainer.onExit(() => resolve())));
      return trainer;
    },
  };
  return { host, processes, exits };
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function openCore(host: TrainerHost, settings: Partial<Settings> = {}) {
  const tmp = tempDir('backprop-crash-');
  const core = await createAppCore({
    dbPath: join(tmp.dir, 'crash.db'),
    host: 'cli',
    trainerHost: host,
    concurrency: 1,
    startQueue: false,
  });
  await core.services.settings.update(settings);
  core.queue.start();
  cleanup = async () => {
    await core.close();
    tmp.cleanup();
  };
  return core;
}

const defaults = { hangTimeoutSeconds: DEFAULT_HANG_TIMEOUT_SECONDS };

interface CrashCase {
  name: string;
  victim: RunConfigInput;
  start: Partial<TrainerStartOptions>;
  settings?: Partial<Settings>;
  /** Kills the trainer from outside, for the case without an injected fault. */
  kill?(core: AppCore, trainer: () => TrainerProcess): Promise<void>;
  reason: RegExp;
  minEpochs: number;
}

const cases: CrashCase[] = [
  {
    name: 'throws an uncaught exception',
    victim: xor(400),
    start: { env: { BACKPROP_TEST_FAULT: 'throw@2' } },
    reason: /trainer crashed: test fault: an uncaught exception/,
    minEpochs: 3,
  },
  {
    name: 'runs out of memory',
    victim: xor(400),
    start: { env: { BACKPROP_TEST_FAULT: 'oom@2' }, maxOldSpaceMb: 48 },
    reason: /The trainer ran out of memory \((signal SIGABRT|exit code \d+)\)/,
    minEpochs: 3,
  },
  {
    name: 'exits without a word',
    victim: xor(400),
    start: { env: { BACKPROP_TEST_FAULT: 'exit@2' } },
    reason: /The trainer exited with code 3 before the run finished/,
    minEpochs: 3,
  },
  {
    name: 'hangs (no message within the hang timeout)',
    victim: xor(400),
    start: { env: { BACKPROP_TEST_FAULT: 'hang@2' } },
    settings: { hangTimeoutSeconds: 5 },
    reason: /The trainer hung: no message for 5 s, so it was killed/,
    minEpochs: 3,
  },
  {
    name: 'is killed with SIGKILL in the middle of an epoch',
    victim: slowMnist,
    start: {},
    async kill(core, trainer) {
      await waitForEvent(
        core.queue.onDidProgress,
        (e) => e.progress.epoch >= 2 && e.progress.batch < e.progress.batches,
      );
      trainer().kill('SIGKILL');
    },
    reason: /The trainer was killed by SIGKILL before the run finished/,
    minEpochs: 2,
  },
];

describe('the crash matrix: a trainer that dies mid-run', () => {
  it.each(cases)(
    'fails the run with the reason, keeps earlier epochs and moves on when the trainer $name',
    async (c) => {
      const { host, processes, exits } = faultHost(c.start);
      const core = await openCore(host, c.settings);
      const acknowledged: number[] = [];
      core.queue.onDidAppendEpoch(
        (e) => e.runId === victim.id && acknowledged.push(e.record.epoch),
      );
      const victim = await core.services.queue.enqueue(c.victim);
      // A short hang timeout is for the victim only: restore the default before the next run
      // starts (this runs inside the victim's failure, before its trainer exits).
      core.queue.onDidChangeRun(
        (r) => r.id === victim.id && r.status === 'failed' && core.store.settings.set(defaults),
      );
      const next = await core.services.queue.enqueue(xor(20));
      await c.kill?.(core, () => processes[0]);

      const failed = await waitForEnd(core, victim.id);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(c.reason);
      const stored = core.store.epochs.list(victim.id).map((e) => e.epoch);
      expect(stored.length).toBeGreaterThanOrEqual(c.minEpochs);
      expect(stored.length).toBeLessThan(Number(c.victim.epochs) + 1);
      expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i));
      expect(stored).toEqual(acknowledged);
      expect(core.store.checkpoints.latest(victim.id)?.epoch).toBe(stored.at(-1));

      expect((await waitForEnd(core, next.id)).status).toBe('completed');
      expect(core.store.epochs.count(next.id)).toBe(21);
      await Promise.all(exits);
      expect(processes).toHaveLength(2);
      expect(processes.filter((p) => isAlive(p.pid))).toEqual([]);
    },
  );

  it('resumes a run failed by a crash from its last checkpoint to the end', async () => {
    const { host } = faultHost({ env: { BACKPROP_TEST_FAULT: 'exit@3' } });
    const core = await openCore(host);
    const run = await core.services.queue.enqueue(xor(30));
    expect((await waitForEnd(core, run.id)).status).toBe('failed');
    const before = core.store.epochs.count(run.id);
    await core.services.queue.resumeRun(run.id);
    const end = await waitForEnd(core, run.id);
    expect([end.status, end.error]).toEqual(['completed', null]);
    expect(before).toBeGreaterThanOrEqual(4);
    expect(core.store.epochs.list(run.id).map((e) => e.epoch)).toEqual(
      Array.from({ length: 31 }, (_, i) => i),
    );
    expect(end.attempts).toBe(2);
  });
});
