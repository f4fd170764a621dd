/**
 * The layer editor (issue 21): build 784-100(relu)-dropout 0.5-10(softmax) with Adam on an MNIST
 * subset from rows, see each row's shape and the picture follow, see issues at the row they are
 * about, queue it, watch it train on the reference engine, and find the picture on its run page.
 */
import type { Page } from '@playwright/test';
import { test, expect, snap } from './fixtures';
import { apiCall } from './ui-helpers';
import type { RunDetail } from '../src-shared/contract/types';

const rows = (app: Page) => app.locator('.layer-row');
const summaries = (app: Page) => app.getByTestId('layer-summary');
const pictureShapes = (page: Page) => page.getByTestId('architecture-shape');

test('a network built in the layer editor trains and its run page shows its picture', async ({
  app,
  served,
}) => {
  await app.getByRole('radio', { name: /^Nielsen ch\.1/ }).click();
  await expect(summaries(app)).toHaveText([
    'input → 28×28',
    'dense 30 · sigmoid → 30',
    'dense 10 · sigmoid → 10',
  ]);

  // The hidden layer: 100 relu units; a bad size is named at its row, in the form's words.
  await app.getByLabel('Layer 2 units').fill('0');
  await expect(app.locator('#field-layers-1-error')).toHaveText('Layer 2 units must be at least 1');
  await expect(app.getByTestId('config-summary')).toContainText('1 field to fix: Layer 2');
  await app.getByTestId('config-summary').getByRole('button', { name: 'Layer 2' }).click();
  await expect(app.locator('#field-layers-1')).toBeFocused();
  await app.getByLabel('Layer 2 units').fill('100');
  await app.getByLabel('Layer 2 activation').selectOption('relu');
  await expect(app.locator('#field-layers-1-error')).toHaveCount(0);

  // Dropout goes in before the output; moved below the output it is an issue at its row.
  await app.getByRole('button', { name: '+ dropout' }).click();
  await expect(summaries(app).nth(2)).toHaveText('dropout 0.5 → 100');
  await app.getByRole('button', { name: 'Move layer 3 down' }).click();
  await expect(app.locator('#field-layers-3-error')).toContainText(
    'Layer 4: dropout cannot follow the output layer',
  );
  // Focus stayed on the moved layer: the keyboard moves it back.
  await expect(app.getByRole('button', { name: 'Move layer 4 up' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('status').filter({ hasText: 'is now layer 3' })).toBeAttached();
  await expect(app.locator('.layer-row.invalid')).toHaveCount(0);

  await app.getByLabel('Layer 4 activation').selectOption('softmax');
  await app.getByRole('combobox', { name: 'Cost' }).selectOption('log-likelihood');
  await expect(summaries(app)).toHaveText([
    'input → 28×28',
    'dense 100 · relu → 100',
    'dropout 0.5 → 100',
    'dense 10 · softmax → 10',
  ]);
  await expect(pictureShapes(app)).toHaveText(['28×28', '100', '100', '10']);
  await expect(app.getByLabel('Sizes (quick entry)')).toHaveValue('784-100-10');

  // Adam, its defaults shown as placeholders; a small η; an MNIST subset; the reference engine.
  await app.getByRole('combobox', { name: 'Optimizer' }).selectOption('adam');
  await expect(app.getByLabel('Decay β₁')).toHaveAttribute('placeholder', '0.9');
  await expect(app.getByLabel('Decay β₂')).toHaveAttribute('placeholder', '0.999');
  await expect(app.getByLabel('ε', { exact: true })).toHaveAttribute('placeholder', '1e-8');
  await expect(app.getByText(/Momentum plus RMSProp/)).toBeVisible();
  await app.getByLabel('Learning rate η').fill('0.001');
  await app.getByLabel('Epochs', { exact: true }).fill('2');
  await app.getByLabel('use a subset').check();
  await expect(app.getByLabel('Expanded training data')).toBeEnabled();
  await app.locator('details summary', { hasText: 'Advanced' }).click();
  await app.getByRole('combobox', { name: 'Engine' }).selectOption('reference');
  await app.getByLabel('Name').fill('editor-built 784-100-10');
  await expect(app.getByTestId('config-summary')).toContainText('784-100-10 relu/softmax');
  await snap(app, 'layer-editor-1400');
  await app.setViewportSize({ width: 700, height: 900 });
  await snap(app, 'layer-editor-narrow');
  await app.setViewportSize({ width: 1400, height: 900 });

  await app.locator('[data-action="run-now"]').click();
  await expect(app).toHaveURL(/#\/runs\/\d+$/);
  const id = Number(/runs\/(\d+)$/.exec(app.url())![1]);
  await expect(app.locator('[data-status="completed"]').first()).toBeVisible({ timeout: 120_000 });

  // Stored in the sizes form, meaning exactly what was built.
  const run = await apiCall<RunDetail>(served, 'runs.get', [id]);
  expect(run.config).toMatchObject({
    layers: [784, 100, 10],
    activations: ['relu', 'softmax'],
    dropout: [0, 0.5],
    optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    engine: 'reference',
  });
  // Epoch 0 is the untrained network; it learned something in two epochs.
  expect(run.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
  const [before, , after] = run.epochs.map((e) => e.testAccuracy ?? 0);
  expect(after).toBeGreaterThan(before + 0.1);

  await expect(pictureShapes(app)).toHaveText(['28×28', '100', '100', '10']);
  await app.getByTestId('architecture').scrollIntoViewIfNeeded();
  await snap(app, 'layer-editor-run-page');

  // Cloned back into the form, the stored run shows as layers again.
  await app.getByRole('button', { name: 'Clone into form' }).click();
  await expect(summaries(app)).toHaveText([
    'input → 28×28',
    'dense 100 · relu → 100',
    'dropout 0.5 → 100',
    'dense 10 · softmax → 10',
  ]);
  await expect(app.getByRole('combobox', { name: 'Optimizer' })).toHaveValue('adam');
});

test('expanded data is offered only for images, and says why otherwise', async ({ app }) => {
  await app.getByRole('radio', { name: /^XOR/ }).click();
  await expect(app.getByLabel('Expanded training data')).toBeDisabled();
  await expect(app.getByText(/Only for image datasets: XOR examples are not images/)).toBeVisible();
  await expect(rows(app)).toHaveCount(3);
  await app.getByRole('button', { name: 'Remove layer 3' }).click();
  await expect(app.locator('#field-layers-1-error')).toContainText(
    'must be 1: the output layer gives one unit per output of XOR',
  );
  await expect(app.getByRole('button', { name: 'Remove layer 2' })).toBeFocused();
});

test('the ch.6 conv net reads in as rows with their shapes, and a conv row is offered', async ({
  app,
}) => {
  await app.getByRole('radio', { name: /^Nielsen ch\.6 shallow conv net/ }).click();
  // By hand: 28 − 5 + 1 = 24 per side for 20 filters of 5×5, halved by 2×2 pooling to 12.
  const shown = summaries(app);
  await expect(shown).toHaveCount(5);
  await expect(shown.nth(1)).toContainText(/conv2d 20 of 5×5.*24×24/);
  await expect(shown.nth(2)).toContainText(/maxpool.*12×12/);
  await expect(shown.nth(3)).toContainText('dense 100 · sigmoid → 100');
  await expect(shown.nth(4)).toContainText('dense 10 · softmax → 10');
  await expect(app.getByRole('button', { name: '+ conv2d' })).toBeVisible();
  await expect(app.locator('.layer-row.invalid')).toHaveCount(0);
  await snap(app, 'layer-editor-conv');
});

test('the ch.6 presets are offered, and the dropout net reads in with both conv layers, 2×1000 ReLU and expanded data', async ({
  app,
}) => {
  await app.setViewportSize({ width: 1400, height: 900 });
  const ch6 = app.getByRole('radio', { name: /^Nielsen ch\.6/ });
  await expect(ch6).toHaveCount(5);
  await app.getByRole('radio', { name: /^Nielsen ch\.6 dropout/ }).click();
  // By hand: 28 − 5 + 1 = 24, pooled to 12; 12 − 5 + 1 = 8, pooled to 4: 40×4×4 = 640 values.
  const shown = summaries(app);
  await expect(shown).toHaveCount(10);
  await expect(shown.nth(1)).toContainText(/conv2d 20 of 5×5.*24×24/);
  await expect(shown.nth(2)).toContainText(/maxpool.*12×12/);
  await expect(shown.nth(3)).toContainText(/conv2d 40 of 5×5.*8×8/);
  await expect(shown.nth(4)).toContainText(/maxpool.*4×4/);
  await expect(shown.nth(5)).toContainText('dense 1000 · relu → 1000');
  await expect(shown.nth(6)).toContainText('dropout 0.5 → 1000');
  await expect(shown.nth(7)).toContainText('dense 1000 · relu → 1000');
  await expect(shown.nth(8)).toContainText('dropout 0.5 → 1000');
  await expect(shown.nth(9)).toContainText('dense 10 · softmax → 10');
  await expect(app.getByRole('checkbox', { name: /shift by one pixel/ })).toBeChecked();
  await expect(app.locator('.layer-row.invalid')).toHaveCount(0);
  await snap(app, 'presets-ch6-dropout');
  await app.setViewportSize({ width: 700, height: 900 });
  await app.getByRole('radio', { name: /^Nielsen ch\.6 ReLU \+ L2/ }).click();
  await expect(shown.nth(5)).toContainText('dense 100 · relu → 100');
  await expect(app.getByRole('checkbox', { name: /shift by one pixel/ })).not.toBeChecked();
  await snap(app, 'presets-ch6-relu-narrow');
});
