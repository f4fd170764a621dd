/**
 * Helpers for the Redis tests (imported by tests only): `backprop worker` processes started from
 * the built CLI with short stall settings, and owners (app cores) on a temp database that send
 * their runs to Redis. Needs `npm run build` (out/main/cli.js and out/main/trainer.js).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../app';
import { createForkTrainerHost } from '../runner/fork-host';
import { findPackageRoot, requireTrainerEntry } from '../runner/trainer-entry';
import { stallBoundMs, type StallSettings } from './stall-settings';
import { tempDir } from '../store/store.testing';
import type { Cleanup } from '../cleanups.testing';
import { startTestRedis } from './redis.testing';

/** Short stall settings so a killed worker is noticed within seconds in tests; the lock still
 * outlasts a worker's event loop held up for a second or two on a busy test machine. */
export const TEST_STALL: StallSettings = {
  lockDurationMs: 4000,
  stalledIntervalMs: 1000,
  maxStalledCount: 1,
};
export const TEST_STALL_BOUND_MS = stallBoundMs(TEST_STALL);

export interface WorkerProcess {
  pid: number;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves when its output matches `pattern` (rejects if it exits first). */
  waitFor(pattern: RegExp): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** Graceful stop (SIGTERM), then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export function spawnWorker(redisUrl: string, extra: string[] = []): WorkerProcess {
  const bin = join(findPackageRoot(), 'bin', 'backprop.js');
  const args = [bin, 'worker', '--redis', redisUrl, '--threads', '1']
    .concat(['--lock-duration', String(TEST_STALL.lockDurationMs)])
    .concat(['--stalled-interval', String(TEST_STALL.stalledIntervalMs)], extra);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    waiters.forEach((check) => check());
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    output: () => text,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(text)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
        void exited.then(() => {
          if (waiters.delete(check)) reject(new Error(`worker exited before ${pattern}:\n${text}`));
        });
      }),
    kill: (signal) => child.kill(signal),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** An owner on `dbPath` whose queue is on Redis at `redisUrl`. */
export function openOwner(dbPath: string, redisUrl: string, startQueue = true): Promise<AppCore> {
  return createAppCore({
    dbPath,
    host: 'cli',
    trainerHost: createForkTrainerHost(requireTrainerEntry()),
    redisUrl,
    startQueue,
  });
}

/**
 * A private Redis and a temporary folder, both taken down by `defer` after the test, and `owner`
 * opening owners on one store there (owner.db) with their queue on that Redis. `closeOwners`
 * closes the owners opened: the caller defers it where their close belongs among its cleanups.
 */
export async function redisWithOwners(
  defer: (...cleanups: Cleanup[]) => void,
  prefix: string,
  options: { password?: string } = {},
) {
  const redis = await startTestRedis({ password: options.password });
  const tmp = tempDir(prefix);
  defer(() => redis.stop(), tmp.cleanup);
  const owners: AppCore[] = [];
  const owner = async (startQueue = true) => {
    const core = await openOwner(join(tmp.dir, 'owner.db'), redis.url, startQueue);
    owners.push(core);
    return core;
  };
  const closeOwners = () => Promise.all(owners.map((o) => o.close())).then(() => undefined);
  return { redis, tmp, owner, closeOwners };
}

/** An owner on `dbPath` that trains on this machine. */
export function openLocal(dbPath: string): Promise<AppCore> {
  return createAppCore({
    dbPath,
    host: 'cli',
    trainerHost: createForkTrainerHost(requireTrainerEntry()),
    startQueue: false,
  });
}

/** Rejects after `ms` with `what` in the message (a hung wait fails the test with a reason). */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
