/**
 * Reports: export chosen runs as a self-contained HTML file and as PDF (downloads in the
 * browser), and import a run bundle back.
 */
import { readFileSync } from 'node:fs';
import { test, expect, renderFirstPage, snap } from './fixtures';
import { apiCall, go, quickConfig, waitForRuns } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

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
