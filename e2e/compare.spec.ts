/**
 * Compare: a sweep of two learning rates over two seeds plus a diverged run. Grouping by seed
 * draws mean ± std per learning rate, grouping by a parameter names its values, the diverged
 * run's NaN shows as NaN (and a marker on the chart), and the metric can change.
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

test('group seeds into mean ± std bands, group by a parameter, show a diverged run', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  const sweep = await apiCall<RunSummary[]>(served, 'queue.enqueueSweep', [
    {
      name: 'lr sweep',
      base: quickConfig('fixed-init', { name: 'lr sweep' }),
      grid: { learningRate: [0.1, 0.5] },
      seeds: [1, 2],
    },
  ]);
  const diverged = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('nielsen-ch1', {
      name: 'diverge',
      activations: ['relu', 'linear'],
      learningRate: 5,
      epochs: 3,
    }),
  ]);
  const ids = [...sweep.map((r) => r.id), diverged.id];
  await waitForRuns(served, ids, 150_000);
  await go(app, `/compare?ids=${ids.join(',')}`);

  const legend = app.getByRole('list', { name: 'Legend' });
  await expect(legend.getByRole('listitem')).toHaveCount(5);
  await app.getByLabel('Group').selectOption('seeds');
  await expect(legend.getByRole('listitem')).toHaveText([
    'lr sweep · learningRate=0.1 (2 runs)',
    'lr sweep · learningRate=0.5 (2 runs)',
    'diverge (1 run)',
  ]);
  await snap(app, 'compare-grouped-seeds');

  await app.getByLabel('Group').selectOption('path:learningRate');
  await expect(legend.getByRole('listitem').first()).toHaveText('learningRate = 0.1 (2 runs)');

  await app.getByLabel('Metric').selectOption('trainCost');
  await app.getByLabel('Group').selectOption('none');
  const row = app.locator(`tr[data-run-id="${diverged.id}"]`);
  await expect(row.locator('td.num').nth(2)).toHaveText('NaN');
  await legend.getByRole('button', { name: /lr sweep · learningRate=0.1 · seed 1/ }).click();
  await expect(
    legend.getByRole('button', { name: /lr sweep · learningRate=0.1 · seed 1/ }),
  ).toHaveAttribute('aria-pressed', 'false');
  await snap(app, 'compare-cost-nan');

  const diff = app.getByTestId('config-diff');
  await expect(diff.locator('tbody tr[data-path="learningRate"]')).toHaveCount(1);
  await expect(diff.locator('tbody tr[data-path="layers"]')).toHaveCount(1);
});

test('with fewer than two runs it says what to do and offers a picker', async ({ app }) => {
  await go(app, '/compare');
  await expect(app.getByText('Pick at least 2 runs to compare.')).toBeVisible();
  await expect(app.getByPlaceholder('Search runs… (same filters as Runs)')).toBeVisible();
  await snap(app, 'compare-empty');
});
