/**
 * Logged runs are first-class (issue 17): a run logged through the logging API (as a Keras loop
 * would log it) and a run trained here, side by side in Compare by epoch and, for the training
 * cost, by step (the trained run's sampled mini-batch cost); other metrics by step place the
 * trained run's epochs at their step (epoch · ⌈trainSize / batchSize⌉); by examples seen only the
 * trained run has points and the chart says why. Neither Compare, the Runs table nor the run page shows
 * the placeholder network a logged run's config column holds.
 */
import { randomUUID } from 'node:crypto';
import { test, expect, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary, TrackedRun } from '../src-shared/contract/types';

const params = { optimizer: { name: 'adam', lr: 0.001 }, layers: [784, 128, 10], epochs: 3 };

/** Three epochs of 100 steps: a falling loss every 20 steps, validation at each epoch's end. */
function kerasPoints() {
  const points = [];
  for (let step = 0; step <= 300; step += 20) {
    const epoch = Math.min(2, Math.floor(step / 100));
    const values: Record<string, number> = { loss: 2.3 * Math.exp(-step / 120) };
    if (step % 100 === 0 && step > 0) {
      values.val_acc = 0.6 + 0.1 * (step / 100);
      values.val_loss = 1.1 - 0.25 * (step / 100);
    }
    points.push({ step, epoch, time: 1_700_000_000 + step, values });
  }
  return points;
}

test('a logged run and a trained run side by side in Compare', async ({ app, served }) => {
  test.setTimeout(120_000);
  const trained = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('fixed-init', { name: 'trained here', epochs: 3 }),
  ]);
  const key = randomUUID();
  const { id: loggedId } = await apiCall<TrackedRun>(served, 'tracking.createRun', [
    { run: key, name: 'keras mlp', config: params, tags: ['keras'] },
  ]);
  await apiCall(served, 'tracking.log', [{ run: key, points: kerasPoints() }]);
  await apiCall(served, 'tracking.finish', [{ run: key }]);
  await waitForRuns(served, [trained.id], 90_000);

  await go(app, `/compare?ids=${trained.id},${loggedId}`);
  const legend = app.getByRole('list', { name: 'Legend' });
  await expect(legend.getByRole('listitem')).toHaveText(['trained here', 'keras mlp']);
  await expect(app.getByLabel('Metric')).toHaveValue('validationAccuracy');
  const loggedRow = app.locator(`tr[data-run-id="${loggedId}"]`);
  await expect(loggedRow.locator('td').nth(2)).toHaveText('logged');
  // Epoch 2 holds steps 200 (0.8) and 300 (0.9): by epoch it is the last step's value, the best.
  await expect(loggedRow.locator('td.num').nth(0)).toHaveText('90.00%');
  await expect(loggedRow.locator('td.num').nth(1)).toHaveText('2');

  const diff = app.getByTestId('config-diff');
  await expect(diff.locator('tbody tr[data-path="optimizer.name"]')).toContainText('adam');
  await expect(diff.locator('tbody tr[data-path="layers"]')).toContainText('784-128-10');
  await expect(diff).not.toContainText('1-1');
  await snap(app, 'logged-compare-epoch');

  // Training cost by step: the logged loss beside the trained run's sampled mini-batch cost.
  await app.getByLabel('Metric').selectOption('trainCost');
  await expect(legend.getByRole('listitem')).toHaveText(['trained here', 'keras mlp']);
  await app.getByLabel('by', { exact: true }).selectOption('step');
  await expect(legend.getByRole('listitem')).toHaveText(['trained here', 'keras mlp']);
  await expect(loggedRow.locator('td.num').nth(1)).toHaveText('300');
  await expect(app.getByRole('note')).toHaveCount(0);
  await snap(app, 'logged-compare-step-cost');
  // Validation accuracy by step: both; by examples seen only the trained run, and the chart says why.
  await app.getByLabel('Metric').selectOption('validationAccuracy');
  await expect(legend.getByRole('listitem')).toHaveText(['trained here', 'keras mlp']);
  await app.getByLabel('by', { exact: true }).selectOption('examples');
  await expect(legend.getByRole('listitem')).toHaveText(['trained here']);
  await expect(app.getByRole('note')).toHaveText(
    `No Validation accuracy by examples seen for #${loggedId}. Logged runs do not say how many ` +
      'examples they saw.',
  );
  await snap(app, 'logged-compare-step');

  await go(app, '/runs');
  const row = app.locator(`[role="row"][data-run-id="${loggedId}"]`);
  await expect(row).toContainText('logged');
  await expect(row).toContainText('784-128-10');
  await expect(row).toContainText('2 epochs, step 300');
  await expect(row).not.toContainText('1-1');
  await snap(app, 'logged-runs-table');

  await go(app, `/runs/${loggedId}`);
  await expect(app.getByText(/^\s*Logged from a training loop outside this app/)).toBeVisible();
  await expect(app.locator('.config-line')).toHaveText('logged · 3 params');
  // Its figures from its logged keys: best val_acc 90% at epoch 2, the last loss 2.3·e^(−300/120).
  await expect(app.locator('.summary')).toContainText('90.00% @ 2');
  await expect(app.locator('.summary')).toContainText((2.3 * Math.exp(-2.5)).toPrecision(4));
  await expect(app.getByText('The doctor cannot see inside this network')).toBeVisible();
  await expect(app.locator('[data-chart="logged:val_acc"]')).toBeVisible();
  await expect(app.getByRole('rowheader', { name: 'optimizer.name' })).toBeVisible();
  await expect(app.locator('main')).not.toContainText('1-1');
  await snap(app, 'logged-run-page');
});
