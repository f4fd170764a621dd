/**
 * New experiment: presets fill the form, invalid input is named next to its field, the sweep
 * builder asks the core how many runs it makes, Run now opens the run it queued, and the page
 * reflows to a phone's width with the architecture picture scrolling in its own box.
 */
import type { Page } from '@playwright/test';
import { test, expect, snap } from './fixtures';
import { expectKeyboardScroll, overflows } from './ui-helpers';

test('a preset fills the form and the init check explains the stuck network', async ({ app }) => {
  await app.getByRole('radio', { name: /^Stuck network/ }).click();
  await expect(app.getByLabel('Sizes (quick entry)')).toHaveValue('784-15-10');
  await expect(app.getByRole('combobox', { name: 'Weights start as' })).toHaveValue('uniform');
  await expect(app.getByTestId('init-check')).toContainText(
    '100% of sigmoid units start saturated',
  );
  await snap(app, 'new-experiment-stuck');

  await app.getByRole('radio', { name: /^Fixed init/ }).click();
  await expect(app.getByTestId('init-check')).toContainText('gradients can flow');
});

test('invalid fields show the schema message next to the field and nothing is queued', async ({
  app,
}) => {
  await app.getByLabel('Learning rate η').fill('-1');
  await expect(app.locator('#field-learningRate-error')).toHaveText(
    'Learning rate η must be greater than 0',
  );
  await app.getByLabel('Layer 2 units').fill('abc');
  await expect(app.locator('#field-layers-1-error')).toHaveText(
    'Layer 2 units must be a whole number',
  );
  await app.getByRole('combobox', { name: 'Weights start as' }).selectOption('uniform');
  await app.getByLabel('high', { exact: true }).first().fill('-2');
  await expect(app.getByText('Weights high must be greater than low')).toBeVisible();
  await expect(app.getByTestId('config-summary')).toContainText('fields to fix');
  await app.locator('[data-action="add-to-queue"]').click();
  await expect(
    app.getByRole('alert').filter({ hasText: 'Fix the highlighted fields first.' }),
  ).toBeVisible();
  await snap(app, 'new-experiment-invalid');
  await app.getByRole('link', { name: 'Runs' }).click();
  await expect(app.getByText('No runs yet')).toBeVisible();
});

test('the sweep builder shows how many runs the core will create', async ({ app }) => {
  await app.getByRole('button', { name: '+ Vary a field' }).click();
  await app.getByLabel('Values, row 1').fill('0.1, 0.5, 3');
  await app.getByRole('button', { name: '+ Vary a field' }).click();
  await app.getByLabel('Field to vary, row 2').selectOption('init.weights');
  await app.getByLabel('Values, row 2').fill('U[0,1), N(0,1)');
  await app.getByLabel('Seeds').fill('3 seeds');
  await expect(app.getByTestId('sweep-count')).toHaveText('This sweep creates 18 runs.');
  await expect(app.locator('[data-action="add-to-queue"]')).toHaveText('Add 18 runs to queue');
  await app.getByLabel('Values, row 2').fill('U[0,1), gaussian');
  await expect(app.getByText(/"gaussian" is not an init/)).toBeVisible();
  await snap(app, 'new-experiment-sweep');
});

test('Run now queues the run and opens it', async ({ app }) => {
  await app.getByRole('radio', { name: /^XOR/ }).click();
  await app.getByLabel('Epochs', { exact: true }).fill('50');
  await app.locator('[data-action="run-now"]').click();
  await expect(app).toHaveURL(/#\/runs\/\d+$/);
  await expect(app.getByRole('heading', { level: 1, name: 'XOR' })).toBeVisible();
  await expect(app.locator('[data-status="completed"]').first()).toBeVisible({ timeout: 60_000 });
});

/** The "N fields to fix" count in the submit bar. */
async function fieldsToFix(app: Page): Promise<number> {
  const text = (await app.getByTestId('config-summary').textContent()) ?? '';
  const match = /(\d+) fields? to fix/.exec(text);
  return match ? Number(match[1]) : 0;
}
const highlighted = (app: Page) => app.locator('.field.invalid');

test('layers that do not fit the dataset are named at the output layer’s row', async ({ app }) => {
  const sizes = app.getByLabel('Sizes (quick entry)');
  await sizes.fill('784-30-5');
  await sizes.press('Enter');
  await expect(app.locator('#field-layers-2-error')).toHaveText(
    'Layer 3 units must be 10: the output layer gives one unit per class of MNIST',
  );
  await snap(app, 'new-experiment-layers-mnist');
  await app.getByRole('radio', { name: /^XOR/ }).click();
  await expect(app.locator('.layer-row.invalid')).toHaveCount(0);
  await sizes.fill('784-15-10');
  await sizes.press('Enter');
  // The input takes XOR's 2 values whatever was typed; the output must give XOR's 1.
  await expect(sizes).toHaveValue('2-15-10');
  await expect(app.locator('#field-layers-2-error')).toContainText(
    'must be 1: the output layer gives one unit per output of XOR',
  );
  expect(await fieldsToFix(app)).toBe(1);
  await expect(highlighted(app)).toHaveCount(1);
});

test('every field the summary counts is highlighted, and the summary jumps to it', async ({
  app,
}) => {
  await app.getByRole('radio', { name: /^Stuck network/ }).click();
  await app.getByLabel('Name').fill('n'.repeat(500));
  await expect(app.getByTestId('config-summary')).toContainText('1 field to fix: Name');
  await expect(app.locator('#field-name-error')).toHaveText('Name must be at most 200 characters');
  await expect(app.getByLabel('Name')).toHaveValue('n'.repeat(500));
  await app.getByLabel('low', { exact: true }).first().fill('2');
  await expect(app.locator('#field-init-weights-kind-error')).toHaveText(
    'Weights high must be greater than low',
  );
  const advanced = app.locator('details summary', { hasText: 'Advanced' });
  await advanced.click();
  await app.getByLabel('Threads').fill('0');
  await advanced.click();
  await expect(app.getByLabel('Threads')).toBeHidden();
  await app.getByTestId('config-summary').getByRole('button', { name: 'Threads' }).click();
  await expect(app.getByLabel('Threads')).toBeFocused();
  expect(await fieldsToFix(app)).toBe(3);
  await expect(highlighted(app)).toHaveCount(3);
  await snap(app, 'new-experiment-fields-to-fix');
  await app.setViewportSize({ width: 760, height: 900 });
  await snap(app, 'new-experiment-fields-to-fix-narrow');
  await app.locator('.submit-bar').screenshot({
    path: 'e2e/screenshots/new-experiment-submit-bar-narrow.png',
  });
  await app.setViewportSize({ width: 1400, height: 900 });

  await app.getByTestId('config-summary').getByRole('button', { name: 'Weights start as' }).click();
  await expect(app.getByRole('combobox', { name: 'Weights start as' })).toBeFocused();
  await app.getByLabel('low', { exact: true }).first().fill('0');
  await expect(app.locator('#field-init-weights-kind-error')).toHaveCount(0);
  expect(await fieldsToFix(app)).toBe(2);
  await expect(highlighted(app)).toHaveCount(2);
});

test('errors go once their cause is fixed: the submit banner after a preset, a CSV path after an edit', async ({
  app,
}) => {
  await app.getByLabel('Learning rate η').fill('-1');
  await app.locator('[data-action="add-to-queue"]').click();
  const banner = app.getByRole('alert').filter({ hasText: 'Fix the highlighted fields first.' });
  await expect(banner).toBeVisible();
  await app.getByRole('radio', { name: /^XOR/ }).click();
  await expect(banner).toHaveCount(0);
  await expect(app.getByTestId('config-summary')).not.toContainText('to fix');

  await app.getByLabel('Dataset').selectOption('csv');
  await app.getByLabel('CSV file').fill('/no/such/file.csv');
  await app.locator('[data-action="add-to-queue"]').click();
  const csvError = app.locator('#field-dataset-path-error');
  await expect(csvError).toContainText('CSV file: /no/such/file.csv: cannot be read');
  await snap(app, 'new-experiment-csv-error');
  await app.getByLabel('CSV file').fill('/tmp/elsewhere.csv');
  await expect(csvError).toHaveCount(0);
  await expect(highlighted(app)).toHaveCount(0);
});

test('choices are shown by their labels, not by internal names', async ({ app }) => {
  await app.getByLabel('Early stopping').check();
  const watch = app.getByLabel('watch', { exact: true });
  await expect(watch.locator('option')).toHaveText(['validation accuracy', 'validation cost']);
  await expect(app.locator('.form-grid')).not.toContainText('validationAccuracy');
});

test('the sweep builder resets a row to its new field’s values and refuses duplicates', async ({
  app,
}) => {
  await app.getByRole('button', { name: '+ Vary a field' }).click();
  await expect(app.getByLabel('Values, row 1')).toHaveValue('0.1, 0.5, 3');
  await app.getByLabel('Values, row 1').fill('0.2, 0.4');
  await app.getByLabel('Field to vary, row 1').selectOption('init.weights');
  await expect(app.getByLabel('Values, row 1')).toHaveValue('U[0,1), U[-0.5,0.5), N(0,1)');
  await app.getByLabel('Field to vary, row 1').selectOption('layers');
  await expect(app.getByLabel('Values, row 1')).toHaveValue('784-30-10');

  await app.getByRole('button', { name: '+ Vary a field' }).click();
  await app.getByLabel('Field to vary, row 2').selectOption('layers');
  await expect(app.getByText('Layers is already varied in row 1')).toBeVisible();
  // Counted in the submit bar, one per row, linking to the row's field choice.
  const summary = app.getByTestId('config-summary');
  await expect(summary).toHaveText('1 field to fix: Sweep row 2');
  await summary.getByRole('button', { name: 'Sweep row 2' }).click();
  await expect(app.getByLabel('Field to vary, row 2')).toBeFocused();
  await app.getByLabel('Field to vary, row 2').selectOption('learningRate');
  await app.getByLabel('Values, row 2').fill('0.5, 3, 0.5');
  await expect(app.getByText('Learning rate η: "0.5" is listed twice')).toBeVisible();
  await app.getByLabel('Values, row 1').fill('784-30-10; 784-x');
  await app.getByLabel('Layer 3 units').fill('5');
  await expect(summary).toHaveText('3 fields to fix: Layer 3, Sweep row 1, Sweep row 2');
  expect(await fieldsToFix(app)).toBe(3);
  await snap(app, 'new-experiment-sweep-duplicates');
  await summary.getByRole('button', { name: 'Sweep row 2' }).click();
  await expect(app.getByLabel('Values, row 2')).toBeFocused();
  await app.getByLabel('Layer 3 units').fill('10');
  await app.getByLabel('Values, row 1').fill('784-30-10; 784-100-10');
  await expect(summary).toHaveText('1 field to fix: Sweep row 2');
  await app.locator('[data-action="add-to-queue"]').click();
  await expect(
    app.getByRole('alert').filter({ hasText: 'Fix the highlighted fields first.' }),
  ).toBeVisible();
});

test('the form, layer editor, picture, sweep builder and submit bar fit at 360, 520 and 760 px', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1400, height: 900 });
  // The widest picture of the presets (ten layers), a long name, and a sweep with a row error.
  await app.getByRole('radio', { name: /^Nielsen ch\.6 dropout/ }).click();
  await expect(app.getByTestId('layer-summary')).toHaveCount(10);
  await app.getByLabel('Name').fill('Two conv layers, 2×1000 ReLU and dropout, named at length');
  await app.getByRole('button', { name: '+ Vary a field' }).click();
  await app.getByRole('button', { name: '+ Vary a field' }).click();
  await app.getByLabel('Field to vary, row 2').selectOption('init.weights');
  await app.getByLabel('Values, row 2').fill('U[0,1), gaussian');
  await expect(app.getByText(/"gaussian" is not an init/)).toBeVisible();
  await app.getByLabel('Seeds').fill('3 seeds');
  expect(await overflows(app)).toEqual([]);
  await snap(app, 'new-experiment-reflow-1400');

  // Narrowed as a person drags the window, without a reload.
  for (const width of [760, 520, 360]) {
    await app.setViewportSize({ width, height: 900 });
    await expect.poll(() => overflows(app), { message: `at ${width} px` }).toEqual([]);
    await snap(app, `new-experiment-reflow-${width}`);
  }

  // The picture is wider than a phone: it scrolls in its own box, which a keyboard user reaches
  // with Tab after the layer editor's last "+ layer" button and scrolls with the arrow keys.
  await expectKeyboardScroll(
    app.getByRole('region', { name: 'Architecture picture' }),
    app.locator('#field-layers button').last(),
    'new-experiment-reflow-picture-360',
  );

  // Opened at 360 px: laid out at that width from the start (a reload starts a fresh form).
  await app.reload();
  await app.getByRole('radio', { name: /^Nielsen ch\.6 dropout/ }).click();
  await expect(app.getByTestId('layer-summary')).toHaveCount(10);
  await expect.poll(() => overflows(app), { message: 'reloaded at 360 px' }).toEqual([]);
  await app.setViewportSize({ width: 1400, height: 900 });
});
