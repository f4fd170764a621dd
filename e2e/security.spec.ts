import { request as httpRequest } from 'node:http';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** A raw HTTP request, so the Host and Origin headers are exactly what we say. */
function raw(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the page has no Node: require is undefined and a CSP is in force', async ({
  app,
  served,
}) => {
  expect(await app.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(await app.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
    'undefined',
  );
  // The policy is a response header (a <meta> policy cannot carry frame-ancestors).
  const page = await app.context().request.get(`${served.origin}/`);
  const csp = page.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(await page.text()).not.toMatch(/Content-Security-Policy/i);
  // An inline script injected into the page must not run under that policy.
  const ran = await app.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    return (window as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
});

test('the page loads and reloads without a console error or a failed request (favicon, CSP)', async ({
  page,
  served,
}) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  await page.goto(served.url);
  await expect(page.locator('#app')).not.toBeEmpty();
  await page.reload();
  await expect(page.locator('#app')).not.toBeEmpty();
  const icon = await page.context().request.get(`${served.origin}/icon.png`);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/png');
  expect(problems).toEqual([]);
});

test('serve rejects a foreign Host header with 403 (DNS rebinding)', async ({ served }) => {
  const port = Number(new URL(served.origin).port);
  const res = await raw(port, `/?token=${served.token}`, { Host: 'evil.example' });
  expect(res.status).toBe(403);
  const api = await raw(
    port,
    '/api/call/settings.info',
    { Host: `evil.example:${port}`, 'x-backprop-token': served.token },
    'POST',
    '[]',
  );
  expect(api.status).toBe(403);
});

/** The session cookie the browser got from the printed address, as a Cookie header. */
async function sessionCookie(app: Page): Promise<string> {
  const cookies = await app.context().cookies();
  const session = cookies.find((c) => c.name.startsWith('backprop_session_'));
  expect(session, 'the session cookie').toBeDefined();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe('Strict');
  return `${session!.name}=${session!.value}`;
}

test('serve answers 401 without credentials, and 200 to the signed-in browser’s cookie', async ({
  app,
  served,
}) => {
  const port = Number(new URL(served.origin).port);
  const host = `127.0.0.1:${port}`;
  const info = (headers: Record<string, string>) =>
    raw(port, '/api/call/settings.info', { Host: host, ...headers }, 'POST', '[]');
  expect((await info({})).status).toBe(401);
  expect((await info({ 'x-backprop-token': 'wrong' })).status).toBe(401);
  expect((await raw(port, '/', { Host: host })).status).toBe(401);
  expect((await raw(port, '/api/events', { Host: host })).status).toBe(401);
  const cookie = await sessionCookie(app);
  // The page's scripts never see the secret: the cookie is HttpOnly, nothing sits in storage.
  expect(await app.evaluate(() => document.cookie)).toBe('');
  expect(await app.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).toBe(
    '{}',
  );
  const ok = await info({ cookie, 'x-backprop-request': '1' });
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.body).ok).toBe(true);
  expect((await info({ cookie })).status, 'a cookie without the CSRF header').toBe(403);
});

test('serve rejects cross-origin requests even with the cookie or the token', async ({
  app,
  served,
}) => {
  const port = Number(new URL(served.origin).port);
  const cookie = await sessionCookie(app);
  const ways: Record<string, string>[] = [
    { 'x-backprop-token': served.token },
    { cookie, 'x-backprop-request': '1' },
  ];
  for (const credentials of ways) {
    const headers = { Host: `127.0.0.1:${port}`, ...credentials };
    const res = await raw(
      port,
      '/api/call/settings.info',
      { ...headers, Origin: 'http://evil.example' },
      'POST',
      '[]',
    );
    expect(res.status).toBe(403);
    const site = await raw(
      port,
      '/api/call/settings.info',
      { ...headers, 'Sec-Fetch-Site': 'cross-site' },
      'POST',
      '[]',
    );
    expect(site.status).toBe(403);
  }
});

test('a malformed payload gets an error naming the field, and nothing is queued', async ({
  served,
}) => {
  const port = Number(new URL(served.origin).port);
  const headers = {
    Host: `127.0.0.1:${port}`,
    'x-backprop-token': served.token,
    'content-type': 'application/json',
  };
  const bad = await raw(
    port,
    '/api/call/queue.enqueue',
    headers,
    'POST',
    JSON.stringify([{ layers: [784, 15, 10], learningRate: -1, batchSize: 1, epochs: 1 }]),
  );
  expect(bad.status).toBe(400);
  expect(JSON.parse(bad.body).error.message).toMatch(/learningRate/);
  const list = await raw(port, '/api/call/runs.list', headers, 'POST', '[{}]');
  expect(JSON.parse(list.body).value).toEqual([]);
});
