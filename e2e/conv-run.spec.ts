/**
 * A tiny conv run (28×28 MNIST, conv 4 of 5×5, pool 2, dense 10, 500 training images, 1 epoch,
 * reference engine): its page shows the learned filters and the feature maps of a test image,
 * picked by number and from the misclassified gallery; its diagnostics show the conv layer's
 * statistics beside the dense layers'. A second one with a saturated hidden dense layer: the page
 * names its dense layers "dense layer ℓ" everywhere, never "layer 1", which is its conv layer.
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go, waitForRuns } from './ui-helpers';
import type { RunConfigInput } from '../src-shared/experiment/config';
import type { RunSummary } from '../src-shared/contract/types';

const tinyConv: RunConfigInput = {
  name: 'Tiny conv net with a rather long name to see how the page copes with it',
  dataset: 'mnist',
  engine: 'reference',
  features: {
    input: [28, 28, 1],
    layers: [
      { type: 'conv2d', filters: 4, kernel: 5, stride: 1, padding: 0, activation: 'relu' },
      { type: 'maxpool', size: 2 },
    ],
  },
  layers: [576, 10],
  activations: ['softmax'],
  cost: 'log-likelihood',
  init: { weights: { kind: 'scaled-normal' }, biases: { kind: 'zeros' } },
  learningRate: 0.1,
  batchSize: 10,
  epochs: 1,
  seed: 1,
  trainSize: 500,
  validationSize: 100,
  testSize: 200,
} as RunConfigInput;

test('a conv run’s page shows its learned filters and the feature maps of a chosen test image', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [tinyConv]);
  const [done] = await waitForRuns(served, [run.id], 150_000);
  expect(done.status).toBe('completed');
  await go(app, `/runs/${run.id}`);

  const filters = app.locator('[data-chart="filters"]');
  await expect(filters).toContainText('Layer 1: 4 filters of 5×5');
  await expect(filters).toContainText(/One scale for the layer: blue = −[\d.]+, white = 0/);
  await expect(filters).toContainText(
    "The first dense layer's 576 inputs are the last layer's feature maps",
  );
  await expect(filters.locator('canvas[data-layer="1"]')).toBeVisible();
  await expect(app.locator('[data-chart="hidden"]')).toHaveCount(0);

  const maps = app.locator('[data-chart="feature-maps"]');
  await expect(maps).toContainText('Test image 0: a ', { timeout: 30_000 });
  await expect(maps.locator('[data-maps="layer-1"]')).toContainText('conv, 4 maps of 24×24');
  await expect(maps.locator('[data-maps="layer-2"]')).toContainText('max-pool, 4 maps of 12×12');
  await expect(maps.locator('[data-maps="layer-2"] canvas')).toBeVisible();
  // The maps are drawn: the conv layer's canvas has dark and light pixels.
  const inked = await maps.locator('[data-maps="layer-1"] canvas').evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let [dark, light] = [0, 0];
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 64) dark++;
      else if (data[i] > 192) light++;
    }
    return { dark, light, width: c.width, height: c.height };
  });
  expect(inked.width).toBe(4 * 25 - 1);
  expect(inked.height).toBe(24);
  expect(inked.dark).toBeGreaterThan(0);
  expect(inked.light).toBeGreaterThan(0);

  await maps.getByRole('textbox', { name: 'Test image' }).fill('17');
  await maps.getByRole('button', { name: 'Show its maps' }).click();
  await expect(maps).toContainText('Test image 17: a ');
  await maps.getByRole('textbox', { name: 'Test image' }).fill('200');
  await maps.getByRole('button', { name: 'Show its maps' }).click();
  await expect(maps.getByRole('alert')).toContainText('testIndex');
  await expect(maps.getByRole('alert')).toContainText('0 to 199, got 200');

  const picks = app.getByRole('button', { name: /Show its feature maps: test image \d+/ });
  await expect(picks.first()).toBeVisible({ timeout: 30_000 });
  const label = (await picks.first().getAttribute('aria-label'))!;
  const picked = Number(label.match(/test image (\d+)/)![1]);
  await picks.first().click();
  await expect(maps).toContainText(`Test image ${picked}: a `);
  await expect(maps.getByRole('textbox', { name: 'Test image' })).toHaveValue(String(picked));
  await app.setViewportSize({ width: 1400, height: 900 });
  await snap(app, 'conv-run-filters-and-maps');
  // The two cards up close, to look at the pictures themselves.
  for (const [card, name] of [
    [filters, 'conv-run-filters'],
    [maps, 'conv-run-feature-maps'],
  ] as const)
    await card.screenshot({ path: `e2e/screenshots/${name}.png` });

  // The doctor's statistics inside the conv layer: in depth order on the charts, and as a table.
  const speed = app.locator('[data-chart="error-signal"]');
  await expect(speed.getByRole('list', { name: 'Legend' })).toContainText(
    /conv layer 1\s*dense layer 1/,
  );
  const convTable = app.locator('[data-chart="conv-layers"]');
  await expect(convTable).toContainText('Conv layers at epoch 1');
  const row = convTable.locator('tr[data-conv="conv layer 1"]');
  await expect(row).toContainText(/of 4/);
  await expect(
    row.getByRole('img', { name: /Histogram of conv layer 1's activations/ }),
  ).toBeVisible();
  await expect(app.locator('[data-chart="saturation"]')).toContainText('conv layer 1 constant');
  await app.locator('[data-chart="saturation"]').scrollIntoViewIfNeeded();
  await snap(app, 'conv-run-diagnostics');
  await app.locator('#h-diagnostics').locator('..').screenshot({
    path: 'e2e/screenshots/conv-run-diagnostics-section.png',
  });

  await app.setViewportSize({ width: 520, height: 900 });
  await app.reload();
  await expect(app.locator('[data-chart="feature-maps"]')).toContainText('Test image 0: a ', {
    timeout: 30_000,
  });
  await snap(app, 'conv-run-filters-and-maps-narrow');
  // The conv layers' table scrolls inside its card: the card is no wider than the chart cards.
  const narrowTable = app.locator('[data-chart="conv-layers"]');
  await narrowTable.scrollIntoViewIfNeeded();
  const right = async (chart: string) => {
    const box = await app.locator(`[data-chart="${chart}"]`).boundingBox();
    return box!.x + box!.width;
  };
  expect(await right('conv-layers')).toBeLessThanOrEqual(await right('saturation'));
  await narrowTable.screenshot({ path: 'e2e/screenshots/conv-run-conv-layers-narrow.png' });
});

/** A numbered layer not called dense or conv: what a conv net's reader could misread. */
const bareLayer = /(?<!dense |conv )\blayer \d/i;

test('a conv run’s page names its dense layers "dense layer ℓ": findings, legends, weights', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  // N(0, 1) weights (the default) on 576 pooled ReLU maps: z of the 30 sigmoid units spreads far
  // beyond ±6, so dense layer 1 is saturated before training.
  const saturating = {
    ...tinyConv,
    name: 'Conv net whose hidden dense layer saturates',
    layers: [576, 30, 10],
    activations: ['sigmoid', 'softmax'],
    init: undefined,
  } as RunConfigInput;
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [saturating]);
  const [done] = await waitForRuns(served, [run.id], 150_000);
  expect(done.status).toBe('completed');
  await go(app, `/runs/${run.id}`);
  await app.setViewportSize({ width: 1400, height: 900 });

  const finding = app.locator('article.finding[data-rule="saturated-layer"]').first();
  await expect(finding.locator('h3')).toContainText(/^Dense layer 1 (is .*saturated|saturated)/);
  await expect(finding.getByTestId('finding-place')).toHaveText(/^epoch \d+ · dense layer 1$/);
  await expect(finding.locator('.message')).toContainText('pairs in dense layer 1 (576 inputs');
  for (const text of await app.locator('article.finding').allInnerTexts())
    expect(text).not.toMatch(bareLayer);
  await snap(app, 'conv-run-dense-layer-findings');
  await finding.screenshot({ path: 'e2e/screenshots/conv-run-dense-layer-finding.png' });

  const saturation = app.locator('[data-chart="saturation"]');
  const legend = saturation.getByRole('list', { name: 'Legend' });
  await expect(legend).toContainText(/conv layer 1\s*dense layer 1\s*dense layer 2/);
  expect(await legend.innerText()).not.toMatch(bareLayer);
  const picker = app.getByLabel('weights of');
  await expect(picker.locator('option')).toHaveText(['dense layer 1', 'dense layer 2']);
  await picker.selectOption({ label: 'dense layer 2' });
  await expect(
    app.getByRole('img', { name: /^Weight histogram of dense layer 2 over \d+ epochs$/ }),
  ).toBeVisible();
  await saturation.scrollIntoViewIfNeeded();
  await app.locator('#h-diagnostics').locator('..').screenshot({
    path: 'e2e/screenshots/conv-run-dense-layer-diagnostics.png',
  });

  await app.setViewportSize({ width: 520, height: 900 });
  await app.reload();
  await expect(finding.getByTestId('finding-place')).toHaveText(/dense layer 1$/);
  await snap(app, 'conv-run-dense-layer-findings-narrow');
  // The finding's evidence wraps to the narrow window instead of running off its right edge.
  const overflow = await finding
    .locator('.evidence')
    .evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await finding.screenshot({ path: 'e2e/screenshots/conv-run-dense-layer-finding-narrow.png' });
});
