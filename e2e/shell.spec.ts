import { test, expect, snap } from './fixtures';

test('the app shell offers New experiment, Queue, Runs, Compare and Reports', async ({ app }) => {
  const nav = app.getByRole('navigation', { name: 'Main' });
  for (const label of ['New experiment', 'Queue', 'Runs', 'Compare', 'Reports']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(app).toHaveTitle(/Backprop Workbench/);
  // The token leaves the address bar once the page has it.
  expect(new URL(app.url()).searchParams.get('token')).toBeNull();
  await snap(app, 'shell');
});
