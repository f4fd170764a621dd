/**
 * Issue 17: files logged with a run (tracking.logFile) are listed on its page with their size and
 * arrays (name, type, shape), and download bit for bit; a run trained here draws its sampled
 * mini-batch cost by step with each epoch's training cost for reference.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, expect, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import { encodeNpy } from '../src-shared/report/npy';
import type { RunSummary, TrackedRun } from '../src-shared/contract/types';

const longName = `weights-of-a-rather-long-experiment-name-${'x'.repeat(60)}.npy`;

test('a logged run lists its files and downloads them bit for bit', async ({ app, served }) => {
  const key = randomUUID();
  const { id } = await apiCall<TrackedRun>(served, 'tracking.createRun', [
    { run: key, name: 'with files' },
  ]);
  const npy = encodeNpy(
    [30, 784],
    Array.from({ length: 30 * 784 }, (_, i) => Math.sin(i)),
  );
  const json = new TextEncoder().encode('{"classes": 10}');
  for (const [name, bytes] of [
    ['W1.npy', npy],
    [longName, encodeNpy([3], [1, 2, 3])],
    ['vocab.json', json],
  ] as const)
    await apiCall(served, 'tracking.logFile', [
      { run: key, name, contentBase64: Buffer.from(bytes).toString('base64') },
    ]);
  await apiCall(served, 'tracking.log', [
    { run: key, points: [{ step: 1, epoch: 1, time: 1_700_000_000, values: { loss: 0.5 } }] },
  ]);

  await go(app, `/runs/${id}`);
  const files = app.getByRole('region', { name: 'Files' });
  await expect(files.getByRole('row')).toHaveCount(4);
  const w1 = files.getByRole('row').filter({ hasText: 'W1.npy' });
  await expect(w1).toContainText(`${(npy.length / 1024).toFixed(1)} KiB`);
  await expect(w1).toContainText('W1 <f8 (30, 784)');
  await expect(files.getByRole('row').filter({ hasText: 'vocab.json' })).toContainText('JSON');
  await snap(app, 'logged-files-wide');

  const download = app.waitForEvent('download');
  await files.getByRole('button', { name: 'Download W1.npy' }).click();
  const saved = await (await download).path();
  expect(Buffer.from(readFileSync(saved)).equals(Buffer.from(npy))).toBe(true);

  await app.setViewportSize({ width: 480, height: 900 });
  await app.reload();
  await expect(files.getByRole('row')).toHaveCount(4);
  const box = await files.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(480);
  await snap(app, 'logged-files-narrow');
});

test('a trained run draws its mini-batch cost by step', async ({ app, served }) => {
  test.setTimeout(120_000);
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('fixed-init', { name: 'batch cost', epochs: 3 }),
  ]);
  await waitForRuns(served, [run.id], 90_000);
  await go(app, `/runs/${run.id}`);
  const chart = app.locator('[data-chart="batch-cost"]');
  await expect(chart).toBeVisible();
  await expect(chart.getByRole('heading')).toHaveText('Cost within epochs');
  await snap(app, 'trained-batch-cost');
});
