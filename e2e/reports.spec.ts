/**
 * Reports: export chosen runs as a self-contained HTML file and as PDF (downloads in the
 * browser), and import a run bundle back. Long run names do not squash the picker; Markdown is a
 * .zip of the .md and its charts as PNG files, each linked by relative path.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkMarkdownExport, extractZip } from '../src-main/core/reports/markdown-export.testing';
import { test, expect, renderFirstPage, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

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
