/**
 * The acceptance flow, through the UI only: pick "Stuck network", queue it and "Fixed init" on a
 * small subset, wait for both, compare them: the config diff with "only what differs" shows only
 * the init rows, and the two accuracy curves are far apart.
 */
import { test, expect, snap } from './fixtures';
import type { Page } from '@playwright/test';

async function queuePreset(page: Page, label: string): Promise<void> {
  await page.getByRole('link', { name: 'New experiment' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${label}`) }).click();
  await page.getByLabel('use a subset').check();
  await page.getByLabel('Training examples').fill('2000');
  await page.getByLabel('Validation examples').fill('500');
  await page.getByLabel('Test examples').fill('1000');
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await expect(page.getByTestId('config-summary')).toContainText(
    '784-15-10 sigmoid · quadratic · η 0.5 · batch 1 · 2 epochs',
  );
  await page.locator('[data-action="add-to-queue"]').click();
  await expect(
    page.getByRole('status').filter({ hasText: 'added to the queue' }).first(),
  ).toBeVisible();
}

test('stuck network versus fixed init: queue both, compare, see only the init differ', async ({
  app,
}) => {
  await queuePreset(app, 'Stuck network');
  await expect(app.getByTestId('init-check')).toContainText(
    '100% of sigmoid units start saturated',
  );
  await snap(app, 'flow-new-experiment-stuck');
  await queuePreset(app, 'Fixed init');

  await app.getByRole('link', { name: 'Queue' }).click();
  const recent = app.locator('.recent');
  await expect(recent.locator('tr[data-run-id]').filter({ hasText: 'completed' })).toHaveCount(2, {
    timeout: 90_000,
  });
  await snap(app, 'flow-queue-finished');

  await app.getByRole('link', { name: 'Runs' }).click();
  await app.getByLabel('Select all shown runs').check();
  await app.locator('[data-action="compare"]').click();

  const diff = app.getByTestId('config-diff');
  await expect(app.getByTestId('only-differs')).toBeChecked();
  await expect(diff.locator('tbody tr')).toHaveCount(4);
  const paths = await diff
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
  expect(paths).toEqual([
    'init.weights.low',
    'init.weights.high',
    'init.biases.low',
    'init.biases.high',
  ]);

  // Best validation accuracy per run, from the summary table: the fix learns, the stuck one does not.
  const best = async (name: string) => {
    const row = app
      .locator('tr', { hasText: name })
      .filter({ has: app.locator('a') })
      .first();
    return Number((await row.locator('td.num').first().innerText()).replace('%', '')) / 100;
  };
  const stuck = await best('Stuck network');
  const fixed = await best('Fixed init');
  expect(stuck).toBeLessThan(0.3);
  expect(fixed - stuck).toBeGreaterThan(0.4);
  await expect(app.locator('[data-chart="compare"] canvas')).toBeVisible();
  await snap(app, 'flow-compare');

  await app.getByTestId('only-differs').uncheck();
  await expect(diff.locator('tbody tr[data-path="learningRate"]')).toHaveCount(1);
});
