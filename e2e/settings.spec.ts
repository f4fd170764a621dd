/**
 * Settings and the shell: the theme setting switches light/dark (and the app follows the
 * system by default), keyboard shortcuts navigate, and an unknown address says so.
 */
import { test, expect, snap } from './fixtures';
import { apiCall, go } from './ui-helpers';
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

test('a value out of range is named at its field, kept as typed, and never blames the core', async ({
  app,
  served,
}) => {
  await go(app, '/settings');
  const field = app.getByLabel('Runs at the same time');
  await field.fill('0');
  await field.blur();
  await expect(app.locator('#concurrency-error')).toHaveText(
    'Runs at the same time must be a whole number from 1 to 64',
  );
  await expect(field).toHaveValue('0');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(app.getByText(/Cannot reach the workbench core/)).toHaveCount(0);
  await snap(app, 'settings-out-of-range');
  await app.setViewportSize({ width: 700, height: 800 });
  await snap(app, 'settings-out-of-range-narrow');
  await app.setViewportSize({ width: 1360, height: 860 });
  const stored = async () =>
    (await apiCall<{ concurrency: number }>(served, 'settings.get', [])).concurrency;
  const before = await stored();
  expect(before).toBeGreaterThanOrEqual(1);

  await go(app, '/runs');
  await expect(app.getByText(/Cannot reach the workbench core/)).toHaveCount(0);
  await go(app, '/settings');
  await field.fill('3');
  await field.blur();
  await expect(app.locator('#concurrency-error')).toHaveCount(0);
  await expect.poll(stored).toBe(3);
});

test('a save the core refuses says so at the field', async ({ app, served }) => {
  await go(app, '/settings');
  await app.route('**/api/call/settings.update', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { message: 'the settings table is locked' } }),
    }),
  );
  const field = app.getByLabel('Hung trainer');
  await field.fill('300');
  await field.blur();
  await expect(app.locator('#hang-error')).toHaveText('Not saved: the settings table is locked');
  await expect(field).toHaveValue('300');
  await expect(app.getByText(/Cannot reach the workbench core/)).toHaveCount(0);
  await app.unroute('**/api/call/settings.update');
  await field.fill('301');
  await field.blur();
  await expect(app.locator('#hang-error')).toHaveCount(0);
  await expect
    .poll(
      async () =>
        (await apiCall<{ hangTimeoutSeconds: number }>(served, 'settings.get', []))
          .hangTimeoutSeconds,
    )
    .toBe(301);
});

test('"Try again" in the core banner really retries, and the banner goes once it works', async ({
  app,
}) => {
  await app.route('**/api/call/settings.get', (route) => route.abort());
  await app.reload();
  const banner = app.getByRole('alert').filter({ hasText: 'Cannot reach the workbench core' });
  await expect(banner).toBeVisible();
  await snap(app, 'settings-core-unreachable');
  await app.unroute('**/api/call/settings.get');
  await banner.getByRole('button', { name: 'Try again' }).click();
  await expect(banner).toHaveCount(0);
});
