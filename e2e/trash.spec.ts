/**
 * The trash: runs deleted on the Runs page are listed with when they were deleted; restore,
 * delete forever and "Empty trash" each ask first, and do what they say in the store.
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go, importBundle, syntheticBundle } from './ui-helpers';
import type { RunSummary } from '../src-shared/contract/types';

test('restore, delete forever and empty the trash, each after asking', async ({ app, served }) => {
  const ids = await importBundle(served, syntheticBundle(6));
  const deleted = ids.slice(0, 4);
  await go(app, '/runs');
  await expect(app.getByTestId('runs-count')).toHaveText('6 of 6');
  for (const id of deleted) await app.getByLabel(`Select run ${id}`, { exact: true }).check();
  await app.locator('[data-action="delete"]').click();
  await app
    .getByRole('dialog', { name: 'Delete 4 runs?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(app.getByTestId('runs-count')).toHaveText('2 of 2');

  await app.getByTestId('trash-link').click();
  await expect(app).toHaveURL(/#\/trash$/);
  await expect(app.getByTestId('trash-count')).toHaveText('4 runs');
  const rows = app.locator('[role="row"][data-run-id]');
  await expect(rows).toHaveCount(4);
  // When each was deleted: a moment ago.
  await expect(rows.first().getByRole('gridcell').nth(4)).toContainText(/now|second|minute/);
  await snap(app, 'trash-list');

  const live = async () =>
    (await apiCall<RunSummary[]>(served, 'runs.list', [{}])).map((r) => r.id);
  const inTrash = async () =>
    (await apiCall<RunSummary[]>(served, 'runs.list', [{ deleted: true }])).map((r) => r.id);

  // Restore one: asks, then it is back in the Runs list.
  await app.getByLabel(`Select run ${deleted[0]}`, { exact: true }).check();
  await app.locator('[data-action="restore"]').click();
  const restoreDialog = app.getByRole('dialog', { name: 'Restore 1 run?' });
  await restoreDialog.getByRole('button', { name: 'Restore' }).click();
  await expect(app.getByTestId('trash-count')).toHaveText('3 runs');
  expect(await live()).toContain(deleted[0]);

  // Delete one forever: Cancel changes nothing; confirming purges it.
  await app.getByLabel(`Select run ${deleted[1]}`, { exact: true }).check();
  await app.locator('[data-action="purge"]').click();
  const purgeDialog = app.getByRole('dialog', { name: 'Delete 1 run forever?' });
  await expect(purgeDialog).toContainText('cannot be undone');
  await purgeDialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await inTrash()).toContain(deleted[1]);
  await app.locator('[data-action="purge"]').click();
  await purgeDialog.getByRole('button', { name: 'Delete forever' }).click();
  await expect(app.getByTestId('trash-count')).toHaveText('2 runs');
  expect(await inTrash()).not.toContain(deleted[1]);
  await expect(apiCall(served, 'runs.get', [deleted[1]])).rejects.toThrow();

  // Empty the trash.
  await app.locator('[data-action="empty-trash"]').click();
  await app
    .getByRole('dialog', { name: 'Empty the trash?' })
    .getByRole('button', { name: 'Empty trash' })
    .click();
  await expect(app.getByText('The trash is empty')).toBeVisible();
  expect(await inTrash()).toEqual([]);
  expect((await live()).sort((a, b) => a - b)).toEqual(
    [deleted[0], ...ids.slice(4)].sort((a, b) => a - b),
  );
  await snap(app, 'trash-empty');

  await app.getByRole('link', { name: 'Back to Runs' }).click();
  await expect(app.getByTestId('runs-count')).toHaveText('3 of 3');
});

test('Undo on the toast, clicked on the Trash page, empties the trash list', async ({
  app,
  served,
}) => {
  const ids = await importBundle(served, syntheticBundle(3));
  await go(app, '/runs');
  await expect(app.getByTestId('runs-count')).toHaveText('3 of 3');
  for (const id of ids.slice(0, 2))
    await app.getByLabel(`Select run ${id}`, { exact: true }).check();
  await app.locator('[data-action="delete"]').click();
  await app
    .getByRole('dialog', { name: 'Delete 2 runs?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await app.getByTestId('trash-link').click();
  await expect(app.getByTestId('trash-count')).toHaveText('2 runs');
  await expect(app.locator('[role="row"][data-run-id]')).toHaveCount(2);
  await snap(app, 'trash-before-undo');

  // The Runs page's toast is still up: Undo restores, and the list follows the change.
  await app.getByRole('button', { name: 'Undo' }).click();
  await expect(app.getByTestId('trash-count')).toHaveText('0 runs');
  await expect(app.getByText('The trash is empty')).toBeVisible();
  await snap(app, 'trash-after-undo');
  const inTrash = await apiCall<RunSummary[]>(served, 'runs.list', [{ deleted: true }]);
  expect(inTrash).toEqual([]);
});
