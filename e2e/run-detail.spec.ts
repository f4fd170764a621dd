/**
 * Run detail for the founding case: the doctor names the saturated first layer, the charts,
 * heatmap, hidden units and predictions show it, notes and tags persist, and "Test this fix"
 * runs the counterfactual and states the verdict. A training run's curves fill in live. A run is
 * paused, resumed, cancelled (after a confirmation), renamed, cloned into the form and re-run from
 * its page; its confusion matrix counts the whole test set, as the headline does. Its curves
 * take Compare's x axes (epoch, step, examples seen, time), kept in the URL. A dense run's page
 * and a conv run's reflow to a phone's width: charts shrink, wide tables scroll in their own box.
 */
import { randomUUID } from 'node:crypto';
import { test, expect, snap } from './fixtures';
import {
  apiCall,
  expectKeyboardScroll,
  go,
  overflows,
  quickConfig,
  waitForRuns,
} from './ui-helpers';
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

/** The plain-JS reference engine on the full training set: seconds per epoch, slow enough to act. */
const slow = (name: string) =>
  quickConfig('nielsen-ch1', { name, engine: 'reference', trainSize: 50_000, epochs: 3 });

test('a running run is paused, resumed and, after a confirmation, cancelled from its page', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [slow('watched')]);
  await go(app, `/runs/${run.id}`);
  const status = app.locator('.run-header [data-status]');
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(app.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Cancel run' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Resume' })).toHaveCount(0);
  await snap(app, 'run-detail-running-actions');

  await app.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toHaveAttribute('data-status', 'paused', { timeout: 30_000 });
  await expect(app.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await app.getByRole('button', { name: 'Resume' }).click();
  await expect(status).toHaveAttribute('data-status', 'running', { timeout: 30_000 });

  await app.getByRole('button', { name: 'Cancel run' }).click();
  const dialog = app.getByRole('dialog', { name: 'Cancel “watched”?' });
  await expect(dialog).toContainText('resumed from its newest checkpoint');
  await snap(app, 'run-detail-cancel-confirm');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(status).toHaveAttribute('data-status', 'running');
  expect((await apiCall<RunSummary>(served, 'runs.get', [run.id])).status).toBe('running');

  await app.getByRole('button', { name: 'Cancel run' }).click();
  await dialog.getByRole('button', { name: 'Cancel run' }).click();
  await expect(status).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
  await expect(app.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'Resume' })).toBeVisible();
  await snap(app, 'run-detail-cancelled');
});

test('rename in place, clone into the form, re-run; the matrix counts the whole test set', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  const config = quickConfig('fixed-init', { name: 'Fixed init', testSize: 10_000 });
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [config]);
  await waitForRuns(served, [run.id]);
  await go(app, `/runs/${run.id}`);
  const heading = app.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText('Fixed init');

  // Rename: empty is refused (in the API's words: it refuses the same), Escape keeps the old
  // name, Enter saves.
  await expect(apiCall(served, 'runs.update', [run.id, { name: ' \t ' }])).rejects.toThrow(
    'name: must not be empty or only spaces',
  );
  await app.getByRole('button', { name: 'Rename' }).click();
  const field = app.getByRole('textbox', { name: 'Run name' });
  await field.fill('   ');
  await field.press('Enter');
  await expect(app.locator('#rename-problem')).toHaveText('Name must not be empty or only spaces');
  await snap(app, 'run-detail-rename-empty');
  await field.press('Escape');
  await expect(heading).toHaveText('Fixed init');
  await app.getByRole('button', { name: 'Rename' }).click();
  await field.fill('Fixed init, renamed');
  await field.press('Enter');
  await expect(heading).toHaveText('Fixed init, renamed');
  await expect
    .poll(async () => (await apiCall<RunSummary>(served, 'runs.get', [run.id])).name)
    .toBe('Fixed init, renamed');
  await app.reload();
  await expect(heading).toHaveText('Fixed init, renamed');

  // The confusion matrix: all 10,000 test images, its diagonal the headline's right answers.
  const matrix = app.locator('[data-chart="predictions"] table.confusion');
  await expect(matrix).toBeVisible({ timeout: 60_000 });
  const cells = await matrix
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td'), (td) => Number(td.textContent || 0))),
    );
  const total = cells.flat().reduce((a, b) => a + b, 0);
  const diagonal = cells.reduce((s, row, i) => s + row[i], 0);
  expect(total).toBe(10_000);
  const headline = (await apiCall<RunSummary>(served, 'runs.get', [run.id])).final?.testAccuracy;
  expect(diagonal).toBe(Math.round((headline ?? 0) * 10_000));
  await expect(app.getByTestId('confusion-caption')).toContainText('all 10,000 test images');
  await expect(app.locator('.summary')).toContainText(`${((headline ?? 0) * 100).toFixed(2)}%`);
  await snap(app, 'run-detail-confusion-whole-test-set');
  await app.setViewportSize({ width: 800, height: 900 });
  await snap(app, 'run-detail-narrow');
  await app.setViewportSize({ width: 1400, height: 900 });

  // Re-run: queued at once under a name that says what it repeats.
  await app.getByRole('button', { name: 'Re-run' }).click();
  await expect(app.getByText(`“Fixed init, renamed (re-run of #${run.id})” added`)).toBeVisible();
  const all = await apiCall<RunSummary[]>(served, 'runs.list', [{}]);
  const rerun = all.find((r) => r.name === `Fixed init, renamed (re-run of #${run.id})`);
  expect(rerun?.config.layers).toEqual(config.layers);
  expect(rerun?.config.learningRate).toBe(config.learningRate);

  // Clone: the form filled with this run's config and a suffixed name; nothing queued.
  await app.getByRole('button', { name: 'Clone into form' }).click();
  await expect(app.getByRole('heading', { level: 1, name: 'New experiment' })).toBeVisible();
  await expect(app.locator('#field-name')).toHaveValue('Fixed init, renamed (copy)');
  await snap(app, 'new-experiment-cloned');
  expect(await apiCall<RunSummary[]>(served, 'runs.list', [{}])).toHaveLength(all.length);
});

test('a logged run’s page offers only what applies to it: rename', async ({ app, served }) => {
  const { id } = await apiCall<{ id: number }>(served, 'tracking.createRun', [
    { run: 'e2e-logged-actions', name: 'keras run', config: { lr: 0.01 } },
  ]);
  await go(app, `/runs/${id}`);
  await expect(app.getByRole('heading', { level: 1, name: 'keras run' })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Rename' })).toBeVisible();
  for (const name of ['Pause', 'Resume', 'Cancel run', 'Clone into form', 'Re-run'])
    await expect(app.getByRole('button', { name })).toHaveCount(0);
  await app.getByRole('button', { name: 'Rename' }).click();
  await app.getByRole('textbox', { name: 'Run name' }).fill('keras run 2');
  await app.getByRole('textbox', { name: 'Run name' }).press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'keras run 2' })).toBeVisible();
  await snap(app, 'run-detail-logged-actions');
});

test('the run page’s curves take Compare’s x axes, kept in the URL; a logged run’s too', async ({
  app,
  served,
}) => {
  // 2,000 training examples in mini-batches of 30: an epoch is ⌈2000 / 30⌉ = 67 steps.
  const config = quickConfig('fixed-init', { name: 'axes', epochs: 2, batchSize: 30 });
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [config]);
  await waitForRuns(served, [run.id]);
  await go(app, `/runs/${run.id}`);
  const xAxis = app.getByLabel('x axis', { exact: true });
  await expect(xAxis).toHaveValue('epoch');
  const cost = app.locator('[data-chart="cost"]');
  await cost.locator('[data-action="chart-table"]').click();
  const firstColumn = () => cost.locator('table.data tr > :first-child');

  await xAxis.selectOption('step');
  await expect(app).toHaveURL(/[?&]x=step/);
  await expect(firstColumn()).toHaveText(['step', '0', '67', '134']);
  await snap(app, 'run-detail-by-step');
  await app.reload();
  await expect(app.getByLabel('x axis', { exact: true })).toHaveValue('step');
  await cost.locator('[data-action="chart-table"]').click();
  await expect(firstColumn()).toHaveText(['step', '0', '67', '134']);
  await app.getByLabel('x axis', { exact: true }).selectOption('examples');
  await expect(firstColumn()).toHaveText(['examples seen', '0', '2000', '4000']);
  await app.getByLabel('x axis', { exact: true }).selectOption('time');
  await expect(firstColumn().first()).toHaveText('time (s)');
  await app.getByLabel('x axis', { exact: true }).selectOption('epoch');
  await expect(app).not.toHaveURL(/x=/);
  await expect(firstColumn()).toHaveText(['epoch', '0', '1', '2']);

  // A logged run: its own steps, its epochs, seconds since its first value; no examples count.
  const key = randomUUID();
  const { id: logged } = await apiCall<{ id: number }>(served, 'tracking.createRun', [
    { run: key, name: 'logged elsewhere', config: { lr: 0.01 } },
  ]);
  const points = [0, 10, 20].map((step) => ({
    ...{ step, epoch: step / 10, time: 1_700_000_000 + step * 3 },
    values: { loss: 1 / (step + 1) },
  }));
  await apiCall(served, 'tracking.log', [{ run: key, points }]);
  await apiCall(served, 'tracking.finish', [{ run: key }]);
  await go(app, `/runs/${logged}?x=time`);
  const loss = app.locator('[data-chart="logged:loss"]');
  await loss.locator('[data-action="chart-table"]').click();
  const lossColumn = loss.locator('table.data tr > :first-child');
  await expect(lossColumn).toHaveText(['time (s)', '0', '30', '60']);
  await expect(app.locator('#run-x-axis option[value="examples"]')).toBeDisabled();
  await app.getByLabel('x axis', { exact: true }).selectOption('epoch');
  await expect(lossColumn).toHaveText(['epoch', '0', '1', '2']);
  await snap(app, 'run-detail-logged-by-epoch');
  await app.setViewportSize({ width: 700, height: 900 });
  await snap(app, 'run-detail-logged-by-epoch-narrow');
  await app.setViewportSize({ width: 1400, height: 900 });
});

/** A phone (360 px), a window a third of a screen wide (520), a small window (760). */
const narrowWidths = [360, 520, 760];

test('a dense run’s and a conv run’s pages reflow at 360, 520 and 760 px', async ({
  app,
  served,
}) => {
  test.setTimeout(240_000);
  const dense = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('stuck-network', { name: 'Stuck network, named at length to see how it wraps' }),
  ]);
  const conv = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('nielsen-ch6-shallow-conv', {
      ...{ name: 'Shallow conv net', epochs: 1 },
      ...{ trainSize: 500, validationSize: 100, testSize: 200 },
    }),
  ]);
  await waitForRuns(served, [dense.id, conv.id], 180_000);

  for (const [kind, run] of [
    ['dense', dense],
    ['conv', conv],
  ] as const) {
    await app.setViewportSize({ width: 1400, height: 900 });
    await go(app, `/runs/${run.id}`);
    await expect(app.locator('[data-chart="predictions"] table.confusion')).toBeVisible({
      timeout: 60_000,
    });
    // Wide: cost and accuracy side by side, as before.
    const top = async (chart: string) =>
      (await app.locator(`[data-chart="${chart}"]`).boundingBox())!.y;
    expect(await top('accuracy')).toBe(await top('cost'));
    expect(await overflows(app)).toEqual([]);
    await snap(app, `run-detail-reflow-${kind}-1400`);
    // Narrowed as a person drags the window, without a reload: the charts follow.
    for (const width of [...narrowWidths].reverse()) {
      await app.setViewportSize({ width, height: 900 });
      await expect.poll(() => overflows(app), { message: `at ${width} px` }).toEqual([]);
      await snap(app, `run-detail-reflow-${kind}-${width}`);
    }
    expect(await top('accuracy')).toBeGreaterThan(await top('cost'));
    // Opened at 360 px: drawn at that width from the start.
    await app.reload();
    await expect(app.locator('[data-chart="predictions"] table.confusion')).toBeVisible({
      timeout: 60_000,
    });
    await expect.poll(() => overflows(app), { message: 'reloaded at 360 px' }).toEqual([]);
  }

  // The conv layers' table is wider than a phone: it scrolls in its own box, which a keyboard
  // user reaches with Tab (after the weights card's layer picker) and scrolls with the arrow
  // keys. tabindex="0": Chromium focuses a scrolling box by itself, Safari on a phone does not.
  await expectKeyboardScroll(
    app.getByRole('region', { name: 'Conv layers table' }),
    app.locator('#heat-layer'),
    'run-detail-reflow-conv-layers-360',
  );
  await expect(app.getByRole('region', { name: 'Confusion matrix table' })).toHaveAttribute(
    'tabindex',
    '0',
  );
  await app.setViewportSize({ width: 1400, height: 900 });
});
