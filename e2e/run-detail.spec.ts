/**
 * Run detail for the founding case: the doctor names the saturated first layer, the charts,
 * heatmap, hidden units and predictions show it, notes and tags persist, and "Test this fix"
 * runs the counterfactual and states the verdict. A training run's curves fill in live.
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

test('the stuck network explains itself, and Test this fix proves the fix', async ({
  app,
  served,
}) => {
  test.setTimeout(240_000);
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [quickConfig('stuck-network')]);
  await waitForRuns(served, [run.id]);
  await go(app, `/runs/${run.id}`);

  await expect(app.getByRole('heading', { level: 1, name: 'Stuck network' })).toBeVisible();
  const saturated = app.locator('article.finding.error').first();
  await expect(saturated).toContainText(/saturated/i);
  await expect(saturated.locator('.evidence')).toBeVisible();
  for (const chart of ['cost', 'accuracy', 'saturation', 'gradients', 'weights']) {
    await expect(app.locator(`[data-chart="${chart}"]`)).toBeVisible();
  }
  await expect(app.locator('[data-chart="weights"]')).toContainText('all weights positive');
  await expect(app.locator('[data-chart="hidden"]')).toContainText(
    'Every first-layer weight is positive',
  );
  await expect(app.locator('[data-chart="predictions"] table.confusion')).toBeVisible({
    timeout: 30_000,
  });
  await expect(app.locator('[data-chart="predictions"]')).toContainText('Misclassified');
  await snap(app, 'run-detail-stuck');

  await app.getByLabel('Add a tag').fill('founding-case');
  await app.getByLabel('Add a tag').press('Enter');
  await expect(app.locator('.notes .chip', { hasText: 'founding-case' })).toBeVisible();
  await app.locator('#run-notes').fill('All weights positive: every sigmoid saturates.');
  await app.locator('#run-notes').blur();
  await expect
    .poll(async () => (await apiCall<RunSummary>(served, 'runs.get', [run.id])).notes)
    .toContain('All weights positive');

  await saturated.locator('[data-action="test-fix"]').click();
  const verdict = saturated.getByTestId('fix-verdict');
  await expect(verdict).toContainText(/fix wins on 3 of 3 seeds: accuracy/, { timeout: 180_000 });
  await snap(app, 'run-detail-fix-verdict');
});

test('a training run’s curves fill in live', async ({ app, served }) => {
  const config = quickConfig('nielsen-ch1', {
    name: 'live',
    engine: 'reference',
    trainSize: 50_000,
    epochs: 3,
  });
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [config]);
  await go(app, `/runs/${run.id}`);
  await expect(app.getByRole('progressbar', { name: `Progress of run ${run.id}` })).toBeVisible();
  await expect(app.locator('[data-chart="cost"] canvas')).toBeVisible({ timeout: 60_000 });
  await expect(app.locator('[data-status="running"]').first()).toBeVisible();
  await snap(app, 'run-detail-live');
  await apiCall(served, 'queue.cancel', [run.id]);
  await expect(app.locator('[data-status="cancelled"]').first()).toBeVisible({ timeout: 30_000 });
});
