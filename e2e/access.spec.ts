/**
 * Browser access that lasts (issue 15): the printed address signs the browser in once; a reload,
 * a new tab on a run's link and a restart of `serve` on the same store all land on the app, while
 * a request without credentials still gets 401 and a foreign Origin 403.
 */
import { request as httpRequest } from 'node:http';
import type { Page } from '@playwright/test';
import { test, expect, snap, startServe, stopServe, type Served } from './fixtures';
import { importBundle, syntheticBundle } from './ui-helpers';

function status(port: number, path: string, headers: Record<string, string>, method = 'GET') {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '[]' : undefined);
  });
}

async function expectApp(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByText('not signed in')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('token'), 'token left in the address').toBeNull();
}

async function expectRun(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a reload and a new tab on #/runs/1 land on the app', async ({ app, served }) => {
  const [id] = await importBundle(served, syntheticBundle(1));
  expect(id).toBe(1);
  await expectApp(app);
  await app.reload();
  await expectApp(app);
  await snap(app, 'access-after-reload');

  const tab = await app.context().newPage();
  await tab.goto(`${served.origin}/#/runs/1`);
  await expectApp(tab);
  await expectRun(tab, 'synthetic 1');
  await snap(tab, 'access-new-tab-run-1');
  await tab.close();
});

test('a restart of serve keeps the address and the signed-in tab', async ({ app, served }) => {
  test.setTimeout(120_000);
  await importBundle(served, syntheticBundle(1));
  await app.goto(`${served.origin}/#/runs/1`);
  await expectRun(app, 'synthetic 1');
  await stopServe(served);

  let again: Served | undefined;
  try {
    again = await startServe(served.dbPath, [], { samePort: true });
    expect(again.origin, 'the same address after the restart').toBe(served.origin);
    expect(again.token, 'a new login token at every launch').not.toBe(served.token);
    await app.reload();
    await expectApp(app);
    await expectRun(app, 'synthetic 1');
    await snap(app, 'access-after-restart');
    // A bookmark saved with the first launch's login address still opens the app.
    await app.goto(`${served.url}#/runs/1`);
    await expectRun(app, 'synthetic 1');

    const port = Number(new URL(again.origin).port);
    const host = `127.0.0.1:${port}`;
    expect(await status(port, '/', { Host: host })).toBe(401);
    expect(await status(port, '/api/call/settings.info', { Host: host }, 'POST')).toBe(401);
    const cookie = (await app.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const fromPage = { Host: host, cookie, 'x-backprop-request': '1' };
    expect(await status(port, '/api/call/settings.info', fromPage, 'POST')).toBe(200);
    const foreign = { ...fromPage, Origin: 'http://evil.example' };
    expect(await status(port, '/api/call/settings.info', foreign, 'POST')).toBe(403);
  } finally {
    if (again) await stopServe(again);
  }
});

test('a browser that was never signed in gets the sign-in page, as text', async ({
  browser,
  served,
}) => {
  const stranger = await browser.newPage();
  const answer = await stranger.goto(`${served.origin}/#/runs/1`);
  expect(answer?.status()).toBe(401);
  await expect(stranger.getByText('This browser is not signed in')).toBeVisible();
  await expect(stranger.locator('code').first()).toHaveText('backprop serve');
  expect(await stranger.content()).not.toContain(served.token);
  await snap(stranger, 'access-not-signed-in');
  await stranger.close();
});
