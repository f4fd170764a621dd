/**
 * Settings and the shell: the theme setting switches light/dark (and the app follows the
 * system by default), keyboard shortcuts navigate, and an unknown address says so.
 */
import { test, expect, snap } from './fixtures';
import { go } from './ui-helpers';
import { openStore } from '../src-main/core/store/store';

test('the theme follows the system and the setting overrides it', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  const background = () => app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const darkBySystem = await background();
  await app.emulateMedia({ colorScheme: 'light' });
  expect(await background()).not.toBe(darkBySystem);

  await go(app, '/settings');
  await app.getByLabel('Theme').selectOption('dark');
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe(darkBySystem);
  await snap(app, 'settings-dark');
  await go(app, '/new');
  await app.getByRole('radio', { name: /^Stuck network/ }).click();
  await snap(app, 'new-experiment-dark');

  await go(app, '/settings');
  await app.getByLabel('Theme').selectOption('system');
  await expect(app.locator('html')).not.toHaveAttribute('data-theme', /.+/);
});

test('keyboard shortcuts move between views and ? lists them', async ({ app }) => {
  await app.locator('body').click();
  await app.keyboard.press('g');
  await app.keyboard.press('r');
  await expect(app).toHaveURL(/#\/runs$/);
  await app.keyboard.press('g');
  await app.keyboard.press('q');
  await expect(app).toHaveURL(/#\/queue$/);
  await app.keyboard.press('?');
  await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await snap(app, 'shortcuts');
  await app.getByRole('button', { name: 'Close' }).click();
  await go(app, '/runs');
  await app.keyboard.press('/');
  await expect(app.getByLabel('Search and filter runs')).toBeFocused();
});

test('an unknown address shows a way back instead of a blank page', async ({ app }) => {
  await go(app, '/no/such/page');
  await expect(app.getByText('This page does not exist')).toBeVisible();
  await go(app, '/runs/999999');
  await expect(app.getByRole('alert')).toBeVisible();
  await snap(app, 'run-missing');
});

test('a stored setting that no longer parses is named and can be changed', async ({
  app,
  served,
}) => {
  // Written behind the app's back, as an older version or a hand edit could have left it.
  const store = openStore(served.dbPath);
  store.settings.set({ redisUrl: 'redis://%zz@127.0.0.1:1' });
  store.close();
  await go(app, '/settings');
  const problems = app.getByRole('alert').filter({ hasText: 'The stored setting redisUrl' });
  await expect(problems).toContainText('malformed %-escape');
  await expect(problems).toContainText('Its default null is used until it is changed in Settings');
  await snap(app, 'settings-bad-stored-value');
  const redis = app.getByLabel('Queue on Redis');
  await expect(redis).toHaveValue('');
  await redis.fill('redis://127.0.0.1:6390');
  await redis.press('Enter');
  await redis.blur();
  await expect(problems).toHaveCount(0);
  await redis.fill('');
  await redis.blur();
});
