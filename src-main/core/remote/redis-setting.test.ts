import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { contractSchemas, redisUrl } from '../../../src-shared/contract/schemas';
import { createAppCore } from '../app';
import { createForkTrainerHost } from '../runner/fork-host';
import { tempDir } from '../store/store.testing';
import { openStore } from '../store/store';
import { redactUrl } from './protocol';
import { within } from './cluster.testing';

let cleanup = () => undefined as void;
afterEach(() => cleanup());

describe('the Redis URL', () => {
  it('accepts redis:// and rediss:// URLs with a password and a database number', () => {
    for (const url of ['redis://10.0.0.5:6379', 'rediss://:pw@host:6380/2', 'redis://u:p@h']) {
      expect(redisUrl.safeParse(url).success).toBe(true);
    }
  });

  it('rejects anything else with a sentence saying what is expected', () => {
    for (const url of ['http://host:6379', 'redis://', 'redis://bad host', '']) {
      const result = redisUrl.safeParse(url);
      expect(result.error?.issues[0].message).toMatch(/must be a redis:\/\/ or rediss:\/\/ URL/);
    }
  });

  it('is a setting the contract validates, and null turns Redis off', () => {
    const schema = contractSchemas['settings.update'];
    expect(schema.safeParse([{ redisUrl: null }]).success).toBe(true);
    expect(schema.safeParse([{ redisUrl: 'http://x' }]).error?.issues[0].path).toEqual([
      0,
      'redisUrl',
    ]);
  });

  it('is shown without its password', () => {
    expect(redactUrl('redis://:s3cret@10.0.0.5:6379/1')).toBe('redis://:***@10.0.0.5:6379/1');
    expect(redactUrl('rediss://user:pw@host:6380')).toBe('rediss://user:***@host:6380');
  });
});

describe('an owner with the redisUrl setting', () => {
  it('queues on Redis and closes even when that Redis cannot be reached', async () => {
    const tmp = tempDir('backprop-redis-setting-');
    cleanup = tmp.cleanup;
    const dbPath = join(tmp.dir, 'owner.db');
    const store = openStore(dbPath);
    store.settings.set({ redisUrl: 'redis://127.0.0.1:1' });
    store.close();
    const core = await createAppCore({
      dbPath,
      host: 'cli',
      trainerHost: createForkTrainerHost('/nonexistent/trainer.js'),
    });
    expect((await core.services.settings.get()).redisUrl).toBe('redis://127.0.0.1:1');
    expect(core.queue.state().backend).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:1',
      connected: false,
    });
    await within(10_000, 'the owner to close', core.close());
  });
});
