/** An AppCore over a fresh temporary store that starts no trainer, for the service and server
 * tests (imported by tests only). */
import { afterEach, beforeEach } from 'vitest';
import { join } from 'node:path';
import { createAppCore, type AppCore, type AppCoreOptions } from './app';
import type { TrainerHost } from './runner/trainer-host';
import { tempDir } from './store/store.testing';

/** A trainer host that fails the test if anything reaches it; `why` is its message. */
export function refusingTrainers(why = 'no trainer should start in these tests'): TrainerHost {
  return {
    start: () => {
      throw new Error(why);
    },
  };
}

export interface TestCore {
  core: AppCore;
  /** The temporary folder that holds the store (store.db). */
  dir: string;
  /** Closes the core and removes the folder. */
  close(): Promise<void>;
}

/** Opens the core in a new temporary folder: host "cli", no queue started and trainers refused
 * unless `options` says otherwise. */
export async function openTestCore(
  prefix: string,
  options: Partial<AppCoreOptions> = {},
): Promise<TestCore> {
  const tmp = tempDir(prefix);
  const core = await createAppCore({
    dbPath: join(tmp.dir, 'store.db'),
    host: 'cli',
    trainerHost: refusingTrainers(),
    startQueue: false,
    ...options,
  });
  return {
    core,
    dir: tmp.dir,
    close: async () => {
      await core.close();
      tmp.cleanup();
    },
  };
}

/** openTestCore before each test of the file, handed to `onOpen` (which keeps what the tests
 * use), and its close after it: registers the hooks. */
export function useTestCore(
  prefix: string,
  onOpen: (opened: TestCore) => void,
  options: Partial<AppCoreOptions> = {},
): void {
  let current: TestCore | null = null;
  beforeEach(async () => {
    current = await openTestCore(prefix, options);
    onOpen(current);
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
}
