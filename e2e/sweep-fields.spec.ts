/**
 * The sweep builder offers the fields of the network being edited: a conv net's filters per conv
 * layer, queued as one run per value; a row whose conv layer the user then removes is flagged by
 * name and nothing is queued. The queue is paused: the runs are checked, not trained.
 */
import AxeBuilder from '@axe-core/playwright';
import { test, expect, snap } from './fixtures';
import { apiCall } from './ui-helpers';
import type { Page } from '@playwright/test';
import type { RunSummary } from '../src-shared/contract/types';

/** axe's serious or critical violations inside the sweep card, one id per line. */
async function axeProblems(app: Page): Promise<string> {
  const result = await new AxeBuilder({ page: app })
    .include('section[aria-labelledby="sweep-heading"]')
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`)
    .join('\n');
}

/** The sweep card alone, at full size, for a person to look at. */
const snapSweep = (app: Page, name: string) =>
  app
    .locator('section[aria-labelledby="sweep-heading"]')
    .screenshot({ path: `e2e/screenshots/${name}.png` });

async function sweepConvFilters(app: Page): Promise<void> {
  await app.getByRole('radio', { name: /^Nielsen ch\.6 shallow conv net/ }).click();
  await app.getByRole('button', { name: '+ Vary a field' }).click();
  const field = app.getByLabel('Field to vary, row 1');
  await field.selectOption({ label: 'Conv layer 1 filters' });
  await expect(app.getByLabel('Values, row 1')).toHaveValue('10, 20, 40');
}

test('a conv net’s filters are swept from the form: two runs with 10 and 20 filters', async ({
  app,
  served,
}) => {
  await apiCall(served, 'queue.setPaused', [true]);
  await app.setViewportSize({ width: 1400, height: 900 });
  await sweepConvFilters(app);
  const field = app.getByLabel('Field to vary, row 1');
  await expect(field.locator('optgroup[label="Network"] option')).toContainText([
    'Conv layer 1 filters',
    'Conv layer 1 kernel size',
    'Conv layer 1 stride',
    'Conv layer 1 activation',
    'Hidden layer 1 units',
  ]);
  const values = app.getByLabel('Values, row 1');
  await values.fill('10, twenty');
  await expect(app.getByText('Conv layer 1 filters: "twenty" is not a number')).toBeVisible();
  await values.fill('10, 20');
  await expect(app.getByTestId('sweep-count')).toHaveText('This sweep creates 2 runs.');
  await app.locator('#sweep-heading').scrollIntoViewIfNeeded();
  await snap(app, 'sweep-fields-conv');
  await snapSweep(app, 'sweep-fields-card');
  expect(await axeProblems(app)).toBe('');
  await app.setViewportSize({ width: 760, height: 900 });
  await snap(app, 'sweep-fields-conv-narrow');
  await snapSweep(app, 'sweep-fields-card-narrow');
  await app.setViewportSize({ width: 1400, height: 900 });

  await app.locator('[data-action="add-to-queue"]').click();
  await expect
    .poll(async () => (await apiCall<RunSummary[]>(served, 'runs.list', [{}])).length)
    .toBe(2);
  const runs = await apiCall<RunSummary[]>(served, 'runs.list', [{}]);
  const byFilters = runs
    .map((r) => [r.config.features?.layers[0], r.config.layers[0]])
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  // 10 or 20 maps of 12×12 after 5×5 filters on 28×28 and 2×2 pooling: the dense input follows.
  expect(byFilters).toEqual([
    [expect.objectContaining({ type: 'conv2d', filters: 10 }), 10 * 12 * 12],
    [expect.objectContaining({ type: 'conv2d', filters: 20 }), 20 * 12 * 12],
  ]);
  await app.getByRole('link', { name: 'Runs' }).click();
  await expect(app.getByText(/features\.layers\.0\.filters=10/).first()).toBeVisible();
  await expect(app.getByText(/features\.layers\.0\.filters=20/).first()).toBeVisible();
});

test('a row whose conv layer is removed is named, and nothing is queued until it is fixed', async ({
  app,
  served,
}) => {
  await apiCall(served, 'queue.setPaused', [true]);
  await sweepConvFilters(app);
  await app.getByRole('button', { name: 'Remove layer 2' }).click();
  const message =
    '"Conv layer 1 filters" is gone from the network or its settings since this row was made: choose another field or remove this row';
  await expect(app.getByRole('alert').filter({ hasText: message })).toBeVisible();
  await expect(app.getByLabel('Field to vary, row 1')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.getByTestId('sweep-count')).not.toContainText('runs');
  await expect(app.getByTestId('config-summary')).toContainText('Sweep row 1');
  await snap(app, 'sweep-fields-gone');
  await snapSweep(app, 'sweep-fields-card-gone');
  expect(await axeProblems(app)).toBe('');
  await app.setViewportSize({ width: 760, height: 900 });
  await snapSweep(app, 'sweep-fields-card-gone-narrow');
  await app.locator('[data-action="add-to-queue"]').click();
  await expect(
    app.getByRole('alert').filter({ hasText: 'Fix the highlighted fields first.' }),
  ).toBeVisible();
  expect(await apiCall<RunSummary[]>(served, 'runs.list', [{}])).toEqual([]);

  await app.getByLabel('Field to vary, row 1').selectOption({ label: 'Hidden layer 1 units' });
  await expect(app.getByTestId('sweep-count')).toHaveText('This sweep creates 3 runs.');
});
