/**
 * Runs: 10,000 runs load, filter in under 100 ms (measured in the page) and scroll without
 * rendering them all; star, tag filter, delete with confirmation and undo, select → Compare.
 */
import { test, expect, snap } from './fixtures';
import { go, importBundle, syntheticBundle } from './ui-helpers';

test('10,000 runs: filter fast, scroll virtualized, delete and undo, compare a selection', async ({
  app,
  served,
}) => {
  test.setTimeout(240_000);
  const ids = await importBundle(served, syntheticBundle(10_000));
  expect(ids).toHaveLength(10_000);
  await go(app, '/runs');
  await expect(app.locator('.page-header .muted').first()).toHaveText('10,000 of 10,000', {
    timeout: 60_000,
  });
  const rendered = await app.locator('[role="row"][data-run-id]').count();
  expect(rendered).toBeLessThan(100);
  await snap(app, 'runs-10000');

  // Typed as a person types: the filter runs on every keystroke; the footer times the last one.
  const search = app.getByLabel('Search and filter runs');
  await search.fill('learningRate>=1 cost:cross-entropy testAccuracy>90');
  await search.press('%');
  const footer = app.getByTestId('filter-time');
  await expect(footer).toContainText('shown · filtered and sorted in');
  const shown = Number((await footer.innerText()).split(' shown')[0].replace(/,/g, ''));
  // learningRate 1 and 3 are odd positions, cross-entropy is every odd run: 1 and 3 both odd → half of them.
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(5_000);
  const ms = Number(/in ([\d.]+) ms/.exec(await footer.innerText())?.[1]);
  console.log(`filter + sort of 10,000 runs took ${ms} ms in the page`);
  expect(ms).toBeLessThan(100);
  await snap(app, 'runs-filtered');

  await app.getByLabel('Search and filter runs').fill('');
  await app.getByRole('columnheader', { name: /Test acc/ }).click();
  const scroller = app.getByTestId('runs-scroller');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(app.locator('[role="row"][data-run-id]').last()).toBeVisible();
  expect(await app.locator('[role="row"][data-run-id]').count()).toBeLessThan(100);

  await app.getByLabel('Search and filter runs').fill('tag:baseline');
  await expect(app.locator('.page-header .muted').first()).toHaveText('2,000 of 10,000');
  await app.getByLabel('Search and filter runs').fill('synthetic 10000');
  const row = app.locator('[role="row"][data-run-id]').first();
  await row.getByRole('button', { name: 'Star' }).click();
  await expect(row.getByRole('button', { name: 'Unstar' })).toBeVisible();

  await app.getByLabel('Search and filter runs').fill(`id<=${ids[1]} id>=${ids[0]}`);
  await app.getByLabel(`Select run ${ids[0]}`, { exact: true }).check();
  await app.getByLabel(`Select run ${ids[1]}`, { exact: true }).check();
  await app.locator('[data-action="delete"]').click();
  await app
    .getByRole('dialog', { name: 'Delete 2 runs?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(app.locator('.page-header .muted').first()).toHaveText('0 of 9,998');
  await snap(app, 'runs-deleted-undo');
  await app.getByRole('button', { name: 'Undo' }).click();
  await expect(app.locator('.page-header .muted').first()).toHaveText('2 of 10,000', {
    timeout: 30_000,
  });

  await app.getByLabel('Search and filter runs').fill(`id<=${ids[3]} id>=${ids[2]}`);
  await app.getByLabel(`Select run ${ids[2]}`, { exact: true }).check();
  await app.getByLabel(`Select run ${ids[3]}`, { exact: true }).check();
  await app.locator('[data-action="compare"]').click();
  await expect(app).toHaveURL(new RegExp(`#/compare\\?ids=`));
  await expect(app.getByTestId('config-diff')).toBeVisible();
});
