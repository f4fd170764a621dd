/**
 * The queue on Redis as the user sees it: `serve --redis URL` trains through BullMQ, and the Queue
 * view says where runs go and whether Redis answers. Needs Debian's redis-server (.ci/run installs
 * it); without it the spec reports itself skipped with the reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, snap, startServe, stopServe } from './fixtures';
import { go } from './ui-helpers';
import { redisMissing, startTestRedis } from '../src-main/core/remote/redis.testing';

const test = base;
test.skip(redisMissing !== null, redisMissing ?? '');

test('serve --redis shows the Redis queue and whether it is reachable', async ({ page }) => {
  const redis = await startTestRedis({ password: 'e2e-secret' });
  const dir = mkdtempSync(join(tmpdir(), 'backprop-e2e-redis-'));
  const served = await startServe(join(dir, 'workbench.db'), ['--redis', redis.url]);
  try {
    await page.goto(served.url);
    await go(page, '#/queue');
    await expect(page.getByText(/on Redis redis:\/\//)).toBeVisible();
    // The password never reaches the page.
    await expect(page.locator('body')).not.toContainText('e2e-secret');
    await expect(page.locator('[data-test="redis-status"]')).toHaveText('(connected)');
    await snap(page, 'queue-redis');
    await redis.kill();
    await expect(page.locator('[data-test="redis-status"]')).toHaveText(/not reachable/, {
      timeout: 30_000,
    });
  } finally {
    await stopServe(served);
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
