/**
 * Queue: the queue-wide pause holds new runs, queued runs can be reordered and cancelled (after a
 * confirmation), and a running run shows its progress (epoch, batch, ETA) and live sparklines,
 * and can be paused.
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go, quickConfig } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

/** The plain-JS reference engine on the full training set: slow enough to watch (seconds per epoch). */
const slow = (name: string) =>
  quickConfig('nielsen-ch1', { name, engine: 'reference', trainSize: 50_000, epochs: 3 });

test('pause the queue, reorder and cancel queued runs, then watch one train', async ({
  app,
  served,
}) => {
  await go(app, '/queue');
  await expect(app.getByText('Nothing is training')).toBeVisible();
  await snap(app, 'queue-empty');
  await app.locator('[data-action="pause-queue"]').click();
  await expect(app.getByText('The queue is paused')).toBeVisible();

  const runs: RunSummary[] = [];
  for (const name of ['first', 'second', 'third'])
    runs.push(await apiCall<RunSummary>(served, 'queue.enqueue', [slow(name)]));
  const rows = app.locator('li.queue-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.locator('.name a')).toHaveText(['first', 'second', 'third']);

  await rows.filter({ hasText: 'third' }).getByRole('button', { name: 'Move up' }).click();
  await expect(rows.locator('.name a')).toHaveText(['first', 'third', 'second']);
  await expect(rows.first().getByRole('button', { name: 'Move up' })).toBeDisabled();

  // Cancel asks first: "Keep it" changes nothing, "Cancel run" cancels.
  await rows.filter({ hasText: 'second' }).getByRole('button', { name: 'Cancel' }).click();
  const dialog = app.getByRole('dialog', { name: 'Cancel “second”?' });
  await expect(dialog).toContainText('leaves the queue before it starts');
  await snap(app, 'queue-cancel-confirm');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(rows).toHaveCount(3);
  await rows.filter({ hasText: 'second' }).getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByRole('button', { name: 'Cancel run' }).click();
  await expect(rows).toHaveCount(2);
  await expect(app.locator('.recent tr', { hasText: 'second' })).toContainText('cancelled');

  await app.locator('[data-action="resume-queue"]').click();
  const running = rows.filter({ has: app.locator('[data-status="running"]') }).first();
  await expect(running).toBeVisible({ timeout: 30_000 });
  await expect(running).toContainText(/epoch \d\/3 · batch [\d,]+\/[\d,]+/, { timeout: 30_000 });
  await expect(running.locator('.sparkline path').first()).toBeVisible({ timeout: 30_000 });
  await snap(app, 'queue-running');

  await running.getByRole('button', { name: 'Pause' }).click();
  await expect(rows.filter({ has: app.locator('[data-status="paused"]') })).toHaveCount(1, {
    timeout: 30_000,
  });
  for (const run of runs) await apiCall(served, 'queue.cancel', [run.id]).catch(() => undefined);
  await expect(rows).toHaveCount(0, { timeout: 30_000 });
});
