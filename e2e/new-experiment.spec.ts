/**
 * New experiment: presets fill the form, invalid input is named next to its field, the sweep
 * builder asks the core how many runs it makes, and Run now opens the run it queued.
 */
import { test, expect, snap } from './fixtures';

test('a preset fills the form and the init check explains the stuck network', async ({ app }) => {
  await app.getByRole('radio', { name: /^Stuck network/ }).click();
  await expect(app.getByLabel('Layers')).toHaveValue('784-15-10');
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
  await expect(app.locator('#field-learningRate-error')).toHaveText('learningRate must be > 0');
  await app.getByLabel('Layers').fill('784-abc-10');
  await expect(app.locator('#field-layers-error')).toContainText(
    'layer size must be a whole number',
  );
  await app.getByRole('combobox', { name: 'Weights start as' }).selectOption('uniform');
  await app.getByLabel('high', { exact: true }).first().fill('-2');
  await expect(app.getByText('high must be greater than low')).toBeVisible();
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
