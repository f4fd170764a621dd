/**
 * Nielsen ch.5 on the run page: the 784-30-30-30-10 sigmoid preset, measured at epoch 0 and after
 * one epoch on 2,000 images, shows the hidden layers' error signal ‖∂C/∂b‖ per unit rising from the
 * first hidden layer to the last, and the doctor names the vanishing gradient across depth with
 * ReLU hidden layers as the fix to test.
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

test('the ch.5 deep sigmoid net shows its gradient shrinking layer by layer', async ({
  app,
  served,
}) => {
  test.setTimeout(120_000);
  const config = quickConfig('nielsen-ch5-3-hidden', { epochs: 1 });
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [config]);
  await waitForRuns(served, [run.id]);
  await go(app, `/runs/${run.id}`);

  await expect(
    app.getByRole('heading', { level: 1, name: 'Nielsen ch.5, 3 hidden layers' }),
  ).toBeVisible();
  const finding = app.locator('article.finding', {
    hasText: 'The gradient shrinks layer by layer',
  });
  await expect(finding).toBeVisible();
  await expect(finding).toContainText(/layer 1 learns \d+ times slower than layer 3/);
  await expect(finding.getByTestId('fix-words')).toContainText('relu/relu/relu/sigmoid');
  await finding.getByRole('button', { name: 'Show error-signal chart' }).click();
  const chart = app.locator('[data-chart="error-signal"]');
  await expect(chart).toBeInViewport();
  await expect(chart).toContainText('‖∂C/∂b‖ per unit');
  await snap(app, 'run-detail-ch5-gradients');
  await app.setViewportSize({ width: 700, height: 900 });
  await chart.scrollIntoViewIfNeeded();
  await snap(app, 'run-detail-ch5-gradients-narrow');
});
