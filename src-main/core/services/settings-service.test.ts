/** Stored settings are read through the same schema settings.update checks with. */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createAppCore } from '../app';
import { refusingTrainers } from '../app.testing';
import { tempDir } from '../store/store.testing';
import { openStore } from '../store/store';

const noTrainers = refusingTrainers('no training in this test');

let cleanup = () => undefined as void;
afterEach(() => cleanup());

/** A database whose settings table holds `values` as if written by an older version. */
function storeWith(values: Record<string, unknown>): string {
  const tmp = tempDir('backprop-settings-');
  cleanup = tmp.cleanup;
  const dbPath = join(tmp.dir, 'settings.db');
  const store = openStore(dbPath);
  store.settings.set(values);
  store.close();
  return dbPath;
}

describe('a stored setting that no longer parses', () => {
  it('does not lock the user out: the store opens, the setting is named and can be changed', async () => {
    const dbPath = storeWith({ redisUrl: 'redis://%zz@127.0.0.1:1', concurrency: 'many' });
    const warnings: string[] = [];
    const core = await createAppCore({
      dbPath,
      host: 'serve',
      trainerHost: noTrainers,
      startQueue: false,
      onWarning: (m) => warnings.push(m),
    });
    try {
      expect(warnings).toEqual([
        expect.stringMatching(
          /^The stored setting concurrency is ignored: .*\. Its default \d+ is used until it is changed in Settings\.$/,
        ),
        expect.stringMatching(
          /^The stored setting redisUrl is ignored: must be a redis:\/\/ or rediss:\/\/ URL.*; the user name holds a malformed %-escape: write % as %25\. Its default null is used/,
        ),
      ]);
      expect(core.queue.state().backend?.kind ?? 'local').toBe('local');
      expect((await core.services.settings.get()).redisUrl).toBeNull();
      expect((await core.services.settings.info()).settingsProblems).toEqual(warnings);
      const changed = await core.services.settings.update({ redisUrl: null, concurrency: 2 });
      expect(changed).toMatchObject({ redisUrl: null, concurrency: 2 });
      expect(core.store.settings.all()).toMatchObject({ redisUrl: null, concurrency: 2 });
      expect((await core.services.settings.info()).settingsProblems).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('is refused by settings.update, so it cannot be stored again', async () => {
    const dbPath = storeWith({});
    const core = await createAppCore({
      dbPath,
      host: 'cli',
      trainerHost: noTrainers,
      startQueue: false,
    });
    try {
      await expect(
        core.services.settings.update({ redisUrl: 'redis://%zz@127.0.0.1:1' }),
      ).rejects.toThrow(/settings\.redisUrl: must be a redis:\/\/ or rediss:\/\/ URL/);
      expect(core.store.settings.all()).toEqual({});
    } finally {
      await core.close();
    }
  });
});

describe('the single-key shortcuts setting', () => {
  it('is on by default, persists when turned off, and refuses a value that is not a boolean', async () => {
    const dbPath = storeWith({});
    const open = () =>
      createAppCore({ dbPath, host: 'cli', trainerHost: noTrainers, startQueue: false });
    const core = await open();
    try {
      expect((await core.services.settings.get()).singleKeyShortcuts).toBe(true);
      await core.services.settings.update({ singleKeyShortcuts: false });
      await expect(
        core.services.settings.update({ singleKeyShortcuts: 'no' as unknown as boolean }),
      ).rejects.toThrow(/settings\.singleKeyShortcuts/);
    } finally {
      await core.close();
    }
    const again = await open();
    try {
      expect((await again.services.settings.get()).singleKeyShortcuts).toBe(false);
    } finally {
      await again.close();
    }
  });
});
