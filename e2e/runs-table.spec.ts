/**
 * The Runs table as a practitioner uses it: it fits a 1,400 px window (and scrolls inside its
 * own box at 900 px), tags stay beside a 200-character name, duration and metric columns (a
 * logged key's last value, NaN included) can be added and are remembered, the whole view is in
 * the URL (reload, Back, a new tab), the CSV is the shown table, and the selection can be tagged,
 * starred and moved to the trash with the keyboard.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, snap } from './fixtures';
import { apiCall, go, importBundle, syntheticBundle } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

const LONG_NAME = `synthetic run with a very long name ${'that keeps going '.repeat(12)}`.slice(
  0,
  200,
);
const KEY = '5f0c2a6e-7777-4888-9999-aaaabbbbcccc';

/** Page width beyond the window, and the runs table's content beyond its own box. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const table = document.querySelector<HTMLElement>('[data-testid="runs-scroller"]')!;
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      table: table.scrollWidth - table.clientWidth,
    };
  });
}

const headers = (page: Page) =>
  page
    .locator('[role="columnheader"] .sort')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/[↑↓]/g, '').trim()));

const count = (page: Page) => page.getByTestId('runs-count');

test('the runs table fits, keeps tags in view, adds metric columns and puts its view in the URL', async ({
  app,
  served,
}) => {
  test.setTimeout(180_000);
  const ids = await importBundle(served, syntheticBundle(30));
  // The newest imported run: the second row (the logged run is newer), in view without scrolling.
  const longId = ids[ids.length - 1];
  await apiCall(served, 'runs.update', [longId, { name: LONG_NAME, tags: ['tagged', 'long'] }]);
  await apiCall(served, 'tracking.createRun', [
    { run: KEY, name: 'logged mlp', config: { lr: 0.1 } },
  ]);
  await apiCall(served, 'tracking.log', [
    {
      run: KEY,
      points: [
        { step: 1, time: 1, values: { loss: 0.9, acc: 0.5 } },
        { step: 2, time: 2, values: { loss: NaN, acc: 0.75 } },
      ],
    },
  ]);

  await app.setViewportSize({ width: 1400, height: 860 });
  await go(app, '/runs');
  await expect(count(app)).toHaveText('31 of 31');
  expect(await overflow(app)).toEqual({ page: 0, table: 0 });

  // The long name is cut with an ellipsis (its full text on hover); both tags sit beside it.
  const row = app.locator(`[role="row"][data-run-id="${longId}"]`);
  const name = row.locator('a.name');
  await expect(name).toHaveAttribute('title', LONG_NAME);
  expect(await name.evaluate((a) => a.scrollWidth > a.clientWidth)).toBe(true);
  const nameBox = (await name.boundingBox())!;
  const cellBox = (await row.locator('.name-cell').boundingBox())!;
  for (const tag of ['tagged', 'long']) {
    const box = (await row.getByRole('button', { name: tag, exact: true }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(nameBox.x + nameBox.width);
    // Whole, inside the cell (a chip cut off by the cell's edge would be hidden).
    expect(box.x + box.width).toBeLessThanOrEqual(cellBox.x + cellBox.width);
  }
  // Every header label is whole.
  const cut = await app
    .locator('[role="columnheader"] .sort')
    .evaluateAll((els) =>
      els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent),
    );
  expect(cut).toEqual([]);
  await snap(app, 'runs-table-1400');

  await app.setViewportSize({ width: 900, height: 800 });
  expect((await overflow(app)).page).toBe(0);
  await expect(row.getByRole('button', { name: 'tagged', exact: true })).toBeVisible();
  await snap(app, 'runs-table-900');
  await app.setViewportSize({ width: 1400, height: 860 });

  // Duration is a default column; add a trained metric and a logged key's last value.
  expect(await headers(app)).toContain('Duration');
  await app.getByTestId('add-column').selectOption({ label: 'Train cost' });
  await app.getByTestId('add-column').selectOption({ label: 'loss (last)' });
  await app.getByRole('button', { name: 'Remove column Created' }).click();
  const shownColumns = await headers(app);
  expect(shownColumns.slice(-2)).toEqual(['Train cost', 'loss (last)']);
  expect(shownColumns).not.toContain('Created');
  const loggedRow = app.locator('[role="row"]', { hasText: 'logged mlp' });
  await expect(loggedRow.getByRole('gridcell').last()).toHaveText('NaN');

  await app.getByLabel('Search and filter runs').fill('synthetic');
  await app.getByRole('button', { name: /^Test acc\./ }).click();
  await app.getByLabel(`Select run ${ids[3]}`, { exact: true }).check();
  await app.getByLabel(`Select run ${ids[4]}`, { exact: true }).check();
  await expect(app.getByTestId('selected-count')).toHaveText('2 selected');
  const url = app.url();
  expect(decodeURIComponent(url)).toContain('q=synthetic');
  expect(decodeURIComponent(url)).toContain('col=last:loss');
  expect(decodeURIComponent(url)).toContain('sort=-testAccuracy');
  expect(url).toContain(`sel=${ids[3]}-${ids[4]}`);
  const firstShown = await app
    .locator('[role="row"][data-run-id]')
    .first()
    .getAttribute('data-run-id');

  /** The same view: columns, search, order and selection. */
  const expectSameView = async (page: Page) => {
    await expect(count(page)).toHaveText('30 of 31');
    expect(await headers(page)).toEqual(shownColumns);
    await expect(page.getByLabel('Search and filter runs')).toHaveValue('synthetic');
    await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
    await expect(page.locator('[role="row"][data-run-id]').first()).toHaveAttribute(
      'data-run-id',
      firstShown!,
    );
  };

  // Left and came back through the sidebar: the view is remembered.
  await app.locator('[data-nav="q"]').click();
  await app.locator('[data-nav="r"]').click();
  await expectSameView(app);
  // Opened a run, then Back.
  await app.locator(`[role="row"][data-run-id="${firstShown}"] a.name`).click();
  await expect(app).toHaveURL(/#\/runs\/\d+$/);
  await app.goBack();
  await expectSameView(app);
  await app.reload();
  await expectSameView(app);
  // The link in a new tab (same sign-in cookie).
  const other = await app.context().newPage();
  await other.goto(url);
  await expectSameView(other);
  await snap(other, 'runs-table-link-new-tab');
  await other.close();

  // CSV: exactly the shown rows and columns, the header the columns' labels.
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^runs-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]).toBe(shownColumns.map((c) => (c === 'Duration' ? 'Duration (s)' : c)).join(','));
  expect(csv).toHaveLength(31);
  expect(csv[1].split(',')[0]).toBe(firstShown);
  expect(csv.filter((line) => line.includes(LONG_NAME))).toHaveLength(1);
});

test('bulk tag, star and delete the selection with the keyboard; undo brings them back', async ({
  app,
  served,
}) => {
  const ids = await importBundle(served, syntheticBundle(12));
  await go(app, '/runs');
  await expect(count(app)).toHaveText('12 of 12');
  const picked = ids.slice(0, 3);
  for (const id of picked) await app.getByLabel(`Select run ${id}`, { exact: true }).check();

  // Tag: the dialog takes the focus; typing and Enter tags all three.
  await app.getByRole('button', { name: 'Tag…' }).focus();
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('dialog', { name: 'Tag the selected runs' });
  await expect(dialog.getByTestId('tag-input')).toBeFocused();
  await app.keyboard.type('x'.repeat(51));
  await app.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('longer than 50 characters');
  await dialog.getByTestId('tag-input').fill('sweep-a, keep');
  await app.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('status').filter({ hasText: 'Tagged sweep-a, keep' })).toBeVisible();
  const tagged = async () =>
    (await apiCall<RunSummary[]>(served, 'runs.list', [{}]))
      .filter((r) => r.tags.includes('sweep-a'))
      .map((r) => r.id)
      .sort((a, b) => a - b);
  expect(await tagged()).toEqual(picked);
  await snap(app, 'runs-bulk-tagged');

  // Remove one tag from all of them.
  await app.getByRole('button', { name: 'Tag…' }).click();
  await dialog.getByRole('button', { name: 'Remove tag sweep-a' }).click();
  await expect(dialog).toBeHidden();
  expect(await tagged()).toEqual([]);

  // Star with Enter on the focused button; Unstar with Space.
  await app.locator('[data-action="star"]').focus();
  await app.keyboard.press('Enter');
  for (const id of picked)
    await expect(
      app.locator(`[role="row"][data-run-id="${id}"]`).getByRole('button', { name: 'Unstar' }),
    ).toBeVisible();
  await app.locator('[data-action="unstar"]').focus();
  await app.keyboard.press('Space');
  await expect
    .poll(
      async () =>
        (await apiCall<RunSummary[]>(served, 'runs.list', [{}])).filter(
          (r) => picked.includes(r.id) && r.starred,
        ).length,
    )
    .toBe(0);

  // Delete: asks first, moves them to the trash, Undo restores.
  await app.locator('[data-action="delete"]').focus();
  await app.keyboard.press('Enter');
  const confirm = app.getByRole('dialog', { name: 'Delete 3 runs?' });
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(count(app)).toHaveText('9 of 9');
  await snap(app, 'runs-bulk-deleted');
  await app.getByRole('button', { name: 'Undo' }).click();
  await expect(count(app)).toHaveText('12 of 12');
});
