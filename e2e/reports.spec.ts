/**
 * Reports: export chosen runs as a self-contained HTML file and as PDF (downloads in the
 * browser), and import a run bundle back. Long run names do not squash the picker; Markdown is a
 * .zip of the .md and its charts as PNG files, each linked by relative path. A conv run's report
 * charts its conv layer beside its dense layers, in the HTML, the PDF and the Markdown's PNGs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkMarkdownExport, extractZip } from '../src-main/core/reports/markdown-export.testing';
import { test, expect, renderFirstPage, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';
import type { RunConfigInput } from '../src-shared/experiment/config';

const screenshots = resolve(import.meta.dirname, 'screenshots');

test('export two runs as HTML and PDF, then import them back as a bundle', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  const runs = [
    await apiCall<RunSummary>(served, 'queue.enqueue', [
      quickConfig('stuck-network', { name: '<img src=x onerror=alert(1)>' }),
    ]),
    await apiCall<RunSummary>(served, 'queue.enqueue', [quickConfig('fixed-init')]),
  ];
  await waitForRuns(
    served,
    runs.map((r) => r.id),
  );
  await go(app, `/reports?ids=${runs.map((r) => r.id).join(',')}`);
  await expect(app.getByText(`Report on runs #${runs[0].id}, #${runs[1].id}`)).toBeVisible();
  await app.getByLabel('Report title').fill('Why U[0,1) stalls');

  const [html] = await Promise.all([
    app.waitForEvent('download'),
    app.locator('[data-action="export"]').click(),
  ]);
  expect(html.suggestedFilename()).toMatch(/\.html$/);
  const text = readFileSync(await html.path(), 'utf8');
  expect(text).toContain('Why U[0,1) stalls');
  expect(text).not.toMatch(/<script/i);
  expect(text).not.toContain('<img src=x onerror');
  await expect(app.getByRole('status').filter({ hasText: /Saved .*\.html/ })).toBeVisible();
  await snap(app, 'reports-exported');

  await app.getByRole('radio', { name: /^PDF/ }).check();
  const [pdf] = await Promise.all([
    app.waitForEvent('download', { timeout: 120_000 }),
    app.locator('[data-action="export"]').click(),
  ]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  const pdfBytes = readFileSync(await pdf.path());
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
  // The first page as a picture, for a person to look at, and proof that it is not blank.
  const page = renderFirstPage(pdfBytes, 'reports-comparison-page1');
  expect(page.inked, 'share of dark pixels on page 1').toBeGreaterThan(0.02);

  await app.getByRole('radio', { name: /^Run bundle/ }).check();
  const [bundle] = await Promise.all([
    app.waitForEvent('download'),
    app.locator('[data-action="export"]').click(),
  ]);
  await app.getByLabel('Bundle file').setInputFiles(await bundle.path());
  await expect(app.getByRole('status').filter({ hasText: 'Imported 2 runs' })).toBeVisible({
    timeout: 60_000,
  });
  await snap(app, 'reports-imported');
});

test('a broken bundle is rejected with the reason and nothing is imported', async ({
  app,
  served,
}) => {
  await go(app, '/reports');
  await app.getByLabel('Bundle file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"nope"}'),
  });
  await expect(app.locator('[role="alert"]').filter({ hasText: /format|bundle/i })).toBeVisible();
  expect(await apiCall<RunSummary[]>(served, 'runs.list', [{}])).toEqual([]);
});

test('long run names keep the picker’s checkboxes whole; Markdown comes as a .zip with PNG charts', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  const long = (tag: string) =>
    `${tag} ${'a very long descriptive run name '.repeat(8)}`.slice(0, 200);
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('fixed-init', { name: long('trained'), epochs: 1 }),
  ]);
  const short = await apiCall<RunSummary>(served, 'queue.enqueue', [
    quickConfig('fixed-init', { name: 'short', epochs: 1 }),
  ]);
  await waitForRuns(served, [run.id, short.id]);
  await go(app, `/reports?ids=${run.id}`);
  const list = app.getByRole('list', { name: 'Runs to report on' });
  const longRow = list.locator(`li[data-run-id="${run.id}"]`);
  const shortRow = list.locator(`li[data-run-id="${short.id}"]`);

  for (const width of [1400, 800]) {
    await app.setViewportSize({ width, height: 900 });
    await expect(longRow.locator('label')).toHaveAttribute('title', long('trained'));
    const [longBox, shortBox] = await Promise.all(
      [longRow, shortRow].map((row) => row.getByRole('checkbox').boundingBox()),
    );
    expect(longBox?.width, `checkbox width at ${width} px`).toBeGreaterThanOrEqual(12);
    expect(longBox?.width).toBe(shortBox?.width);
    expect(longBox?.height).toBe(shortBox?.height);
    const name = longRow.locator('.name');
    const [scroll, client] = await name.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scroll, 'the name is cut (ellipsis)').toBeGreaterThan(client);
    expect(await name.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
    const overflow = await list.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, 'no sideways scrolling in the list').toBeLessThanOrEqual(0);
    await expect(longRow.locator('[data-status]')).toBeVisible();
    await snap(app, `reports-long-names-${width}`);
  }
  await app.setViewportSize({ width: 1400, height: 900 });

  await app.getByRole('radio', { name: /^Markdown/ }).check();
  const [zip] = await Promise.all([
    app.waitForEvent('download'),
    app.locator('[data-action="export"]').click(),
  ]);
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);
  const folder = mkdtempSync(join(tmpdir(), 'e2e-md-'));
  try {
    const names = extractZip(await zip.path(), folder);
    const md = names.find((n) => n.endsWith('.md'));
    expect(md).toBeDefined();
    expect(names.filter((n) => n.startsWith('charts/') && n.endsWith('.png')).length).toBe(
      names.length - 1,
    );
    const images = checkMarkdownExport(folder, md!);
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) expect(image.inked).toBeGreaterThan(0.005);
    // The cost chart, for a person to look at.
    const cost = images.find((i) => i.path.endsWith('-cost.png'));
    copyFileSync(join(folder, cost!.path), join(screenshots, 'reports-markdown-cost-chart.png'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/** A tiny conv net with a hidden dense layer (so three levels of depth and three diagnostics
 * charts): sigmoid conv 4 of 5×5, max-pool 2, dense 30 sigmoid, 10 softmax; 500 images, 2 epochs. */
const tinyConv = {
  name: 'tiny conv report',
  dataset: 'mnist',
  engine: 'reference',
  features: {
    input: [28, 28, 1],
    layers: [
      { type: 'conv2d', filters: 4, kernel: 5, stride: 1, padding: 0, activation: 'sigmoid' },
      { type: 'maxpool', size: 2 },
    ],
  },
  layers: [576, 30, 10],
  activations: ['sigmoid', 'softmax'],
  cost: 'log-likelihood',
  learningRate: 0.1,
  batchSize: 10,
  epochs: 2,
  seed: 1,
  trainSize: 500,
  validationSize: 100,
  testSize: 200,
} as RunConfigInput;

/** The text of a PDF, by poppler's pdftotext (poppler-utils, as renderFirstPage needs). */
function pdfText(pdf: Uint8Array): string {
  const run = spawnSync('pdftotext', ['-', '-'], { input: pdf });
  if (run.error || run.status !== 0)
    throw new Error(`pdftotext failed: ${run.error?.message ?? run.stderr.toString()}`);
  return run.stdout.toString();
}

test('a conv run’s report charts conv layer 1 beside the dense layers, in HTML, PDF and Markdown', async ({
  app,
  served,
}) => {
  test.setTimeout(240_000);
  const run = await apiCall<RunSummary>(served, 'queue.enqueue', [tinyConv]);
  const [done] = await waitForRuns(served, [run.id], 200_000);
  expect(done.status).toBe('completed');
  await go(app, `/reports?ids=${run.id}`);
  await expect(app.getByText(`Report on runs #${run.id}`)).toBeVisible();

  const [html] = await Promise.all([
    app.waitForEvent('download'),
    app.locator('[data-action="export"]').click(),
  ]);
  const text = readFileSync(await html.path(), 'utf8');
  const diagnostics = text.slice(text.indexOf('<h2>Diagnostics</h2>'));
  const charts = diagnostics.split('<svg').slice(1, 4);
  expect(charts.map((svg) => /aria-label="([^"]*)"/.exec(svg)?.[1])).toEqual([
    `#${run.id}: saturated units (σ′(z) &lt; 1% of max)`,
    `#${run.id}: gradient norm per layer`,
    `#${run.id}: how fast each layer learns`,
  ]);
  for (const svg of charts)
    for (const name of ['conv layer 1', 'dense layer 1', 'dense layer 2'])
      expect(svg).toContain(`>${name}</text>`);

  // The exported page, shown in the browser at two widths, for a person to look at.
  mkdirSync(screenshots, { recursive: true });
  const page = await app.context().newPage();
  try {
    for (const width of [1400, 520]) {
      await page.setViewportSize({ width, height: 900 });
      await page.setContent(text);
      const section = page.locator('section', {
        has: page.locator('h2', { hasText: 'Diagnostics' }),
      });
      await section.screenshot({
        path: join(screenshots, `reports-conv-diagnostics-${width}.png`),
      });
    }
  } finally {
    await page.close();
  }

  await app.getByRole('radio', { name: /^PDF/ }).check();
  const [pdf] = await Promise.all([
    app.waitForEvent('download', { timeout: 120_000 }),
    app.locator('[data-action="export"]').click(),
  ]);
  const pdfBytes = readFileSync(await pdf.path());
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
  const words = pdfText(pdfBytes);
  expect(words).toContain('how fast each layer learns');
  for (const name of ['conv layer 1', 'dense layer 1', 'dense layer 2'])
    expect(words.split(name).length - 1, `"${name}" in the PDF's legends`).toBeGreaterThanOrEqual(
      3,
    );
  writeFileSync(join(screenshots, 'reports-conv.pdf'), pdfBytes);

  await app.getByRole('radio', { name: /^Markdown/ }).check();
  const [zip] = await Promise.all([
    app.waitForEvent('download'),
    app.locator('[data-action="export"]').click(),
  ]);
  const folder = mkdtempSync(join(tmpdir(), 'e2e-md-'));
  try {
    const md = extractZip(await zip.path(), folder).find((n) => n.endsWith('.md'));
    const images = checkMarkdownExport(folder, md!);
    const diagnostics = images.filter((i) => /-run\d+-/.test(i.path));
    expect(diagnostics.map((i) => i.path.replace(/^.*-run\d+-/, ''))).toEqual([
      'saturation.png',
      'gradients.png',
      'error-signal.png',
    ]);
    for (const image of diagnostics) expect(image.inked).toBeGreaterThan(0.005);
    // The learning speed by layer as Markdown shows it, for a person to look at.
    const speed = diagnostics[2].path;
    copyFileSync(join(folder, speed), join(screenshots, 'reports-conv-markdown-speed.png'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
