/**
 * Analysis at scale (issue 18): 100 imported runs in Compare — time from navigation to every
 * chart drawn (median of three), no horizontal overflow with 200-character names at 1,400 px,
 * the picker still there, smoothing that changes the drawn line, the x axis switch, the view
 * state surviving a reload and a new tab, a table under the chart, and a scatter point that
 * opens its run.
 */
import { test, expect, snap } from './fixtures';
import { go, importBundle, syntheticBundle } from './ui-helpers';
import type { Page } from '@playwright/test';
import type { RunBundle } from '../src-shared/contract/types';

const longName = (i: number) =>
  `run ${i} ${'with a very long descriptive name '.repeat(8)}`.slice(0, 200);

/** 100 runs of 30 noisy epochs (so smoothing shows), three of them with 200-character names. */
function hundredRuns(): RunBundle {
  const bundle = syntheticBundle(100);
  bundle.runs.forEach((entry, i) => {
    const [first] = entry.epochs;
    const target = entry.run.final?.validationAccuracy ?? 0.5;
    entry.epochs = Array.from({ length: 30 }, (_, k) => {
      const noise = (((i * 31 + k * 17) % 11) - 5) / 100;
      const accuracy = Math.min(0.99, Math.max(0.01, target * (1 - Math.exp(-k / 6)) + noise));
      return { ...first, epoch: k + 1, validationAccuracy: accuracy, testAccuracy: accuracy };
    });
    if (i < 3) entry.run = { ...entry.run, name: longName(i) };
  });
  return bundle;
}

async function chartsDrawn(page: Page, runs: number): Promise<void> {
  await expect(page.getByRole('list', { name: 'Legend' }).getByRole('listitem')).toHaveCount(runs);
  await expect(page.locator('[data-chart="scatter"][data-points]')).toHaveCount(1);
}

test('Compare with 100 runs: fast, no overflow, smoothing, x axis, URL, scatter click', async ({
  app,
  served,
}) => {
  test.setTimeout(240_000);
  await app.setViewportSize({ width: 1400, height: 900 });
  const ids = await importBundle(served, hundredRuns());
  expect(ids).toHaveLength(100);
  const url = `/compare?ids=${ids.join(',')}`;

  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    await go(app, '/runs');
    await expect(app.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
    const start = Date.now();
    await go(app, url);
    await chartsDrawn(app, 100);
    times.push(Date.now() - start);
  }
  const median = [...times].sort((a, b) => a - b)[1];
  console.log(
    `Compare, 100 runs: navigation to charts drawn ${times.join(', ')} ms (median ${median} ms)`,
  );
  expect(median).toBeLessThan(5_000);

  // Long names never widen the page; rows keep a normal height; the picker stays available.
  const overflow = await app.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const row = app.locator(`tr[data-run-id="${ids[0]}"]`);
  expect((await row.boundingBox())!.height).toBeLessThan(60);
  await expect(row.getByRole('link', { name: longName(0) })).toHaveAttribute('title', longName(0));
  await expect(app.getByTestId('compare-picker')).toBeVisible();
  await snap(app, 'analysis-compare-100');

  // Smoothing changes the drawn line.
  const canvas = app.locator('[data-chart="compare"] canvas');
  const raw = await canvas.screenshot();
  await app.locator('[data-chart="compare"] [data-smoothing]').fill('0.9');
  await expect.poll(async () => (await canvas.screenshot()).equals(raw)).toBe(false);

  // The x axis switch and log scale; the view state goes into the URL.
  await app.getByLabel('by', { exact: true }).selectOption('examples');
  await app.locator('[data-chart="compare"] [data-log-scale]').check();
  await app.getByLabel('Group').selectOption('path:learningRate');
  await expect(app.getByRole('list', { name: 'Legend' }).getByRole('listitem')).toHaveCount(4);
  await expect.poll(() => app.url()).toContain('x=examples');
  expect(app.url()).toContain('smooth=0.9');
  expect(app.url()).toContain('log=1');
  expect(app.url()).toContain('group=path:learningRate');
  await snap(app, 'analysis-compare-grouped-smoothed');

  // A reload and a new tab show the same view.
  const shared = app.url();
  await app.reload();
  await expect(app.getByLabel('by', { exact: true })).toHaveValue('examples');
  const tab = await app.context().newPage();
  await tab.setViewportSize({ width: 900, height: 900 });
  await tab.goto(shared);
  await expect(tab.getByLabel('by', { exact: true })).toHaveValue('examples');
  await expect(tab.getByLabel('Group')).toHaveValue('path:learningRate');
  await expect(tab.locator('[data-chart="compare"] [data-smoothing]')).toHaveValue('0.9');
  await expect(tab.locator('[data-chart="compare"] [data-log-scale]')).toBeChecked();
  await snap(tab, 'analysis-compare-narrow');
  await tab.close();

  // The chart as a table.
  await app.locator('[data-chart="compare"] [data-action="chart-table"]').click();
  const table = app.locator('[data-chart="compare"] table');
  await expect(table.locator('thead th').first()).toHaveText('examples seen');
  await expect(table.locator('tbody tr').first().locator('th')).toHaveText('2000');

  // A scatter point opens its run.
  await app.getByLabel('x', { exact: true }).selectOption('learningRate');
  const scatter = app.locator('[data-chart="scatter"]');
  await scatter.scrollIntoViewIfNeeded();
  await snap(app, 'analysis-sweep-plots');
  const points = JSON.parse((await scatter.getAttribute('data-points'))!) as {
    runId: number;
    x: number;
    y: number;
  }[];
  expect(points).toHaveLength(100);
  await scatter.locator('canvas').click({ position: { x: points[0].x, y: points[0].y } });
  await expect.poll(() => app.url()).toContain(`#/runs/${points[0].runId}`);
});
