/**
 * "Test this fix" (issue 18): the runs it queues say in words what changed and which side they are
 * on (baseline or fix), tagged so they can be found; and the test is stored with the run, so after
 * leaving the page and reloading the card shows the same runs and verdict instead of offering to
 * queue six more. The card says the fix in the form's words (labels, not config keys).
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

test('fix-test runs are named by side in words, and the verdict survives a reload', async ({
  app,
  served,
}) => {
  test.setTimeout(240_000);
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [quickConfig('stuck-network')]);
  await waitForRuns(served, [run.id]);
  await go(app, `/runs/${run.id}`);
  const saturated = app.locator('article.finding.error').first();
  // The fix in the form's words, not the config key.
  await expect(saturated.getByTestId('fix-words')).toHaveText(
    'Fix: set Weights start as to U[-0.5,0.5) and Biases start as to U[-0.5,0.5)',
  );
  await snap(app, 'fix-test-card-in-form-words');
  await saturated.locator('[data-action="test-fix"]').click();
  const verdict = saturated.getByTestId('fix-verdict');
  await expect(verdict).toContainText(/fix wins on \d of 3 seeds/, { timeout: 180_000 });
  const sentence = await verdict.textContent();

  const runs = (await apiCall<RunSummary[]>(served, 'runs.list', [{}])).filter(
    (r) => r.id !== run.id,
  );
  expect(runs).toHaveLength(6);
  const name = (side: string, seed: number) =>
    side === 'fix'
      ? `Fix test · fix: U[-0.5, 0.5) weights and biases · seed ${seed}`
      : `Fix test · baseline: weights U[0,1), biases U[0,1) · seed ${seed}`;
  const seeds = [run.seed, run.seed + 1, run.seed + 2];
  expect(runs.map((r) => r.name).sort()).toEqual(
    [...seeds.map((s) => name('baseline', s)), ...seeds.map((s) => name('fix', s))].sort(),
  );
  for (const r of runs) {
    expect(r.name).not.toMatch(/[{}"]/);
    expect(r.tags).toEqual(['fix-test', r.name.includes('· fix:') ? 'fix' : 'baseline']);
  }

  await go(app, '/runs');
  await expect(app.getByRole('link', { name: name('baseline', run.seed) })).toBeVisible();
  await snap(app, 'fix-test-runs-table');

  // Away and back, then a full reload: the stored test, not a new one.
  await go(app, `/runs/${run.id}`);
  await app.reload();
  const again = app.locator('article.finding.error').first();
  await expect(again.getByTestId('fix-verdict')).toHaveText(sentence ?? '', { timeout: 30_000 });
  await expect(again.locator('[data-action="test-fix"]')).toHaveCount(0);
  await expect(again.getByRole('link', { name: 'Compare the 6 runs' })).toBeVisible();
  await snap(app, 'fix-test-after-reload');
  await app.setViewportSize({ width: 700, height: 900 });
  await snap(app, 'fix-test-after-reload-narrow');
  await app.setViewportSize({ width: 1400, height: 900 });
  expect(await apiCall<RunSummary[]>(served, 'runs.list', [{}])).toHaveLength(7);
});
