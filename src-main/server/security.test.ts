/**
 * Who may talk to `backprop serve`, checked over real HTTP against the real server (in this
 * process): the printed address's login token buys a session cookie, which (or the token in a
 * header, for scripts) every other request needs; calls by cookie carry a CSRF header; the
 * server listens on 127.0.0.1 only and refuses foreign Host headers and other sites. e2e/security.spec.ts covers
 * the same doors from a real browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { openTestCore, type TestCore } from '../core/app.testing';
import { newSecret, startServer, type RunningServer } from './server';

let opened: TestCore;
let server: RunningServer;
const secret = newSecret();

beforeAll(async () => {
  opened = await openTestCore('backprop-serve-security-', { host: 'serve', startQueue: true });
  const rendererDir = join(opened.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Backprop Workbench</title>',
  );
  server = await startServer({ services: opened.core.services, rendererDir, port: 0, secret });
});

afterAll(async () => {
  await server?.close();
  await opened?.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body, or its first chunk for a stream (which is then closed). */
  body: string;
}

/** One raw request with exactly these headers (Host defaults to the server's own). */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        const streaming = String(res.headers['content-type']).startsWith('text/event-stream');
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (streaming) req.destroy();
        });
        const done = () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        res.on('end', done);
        res.on('close', done);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const call = (headers: Record<string, string>, query = '') =>
  raw(
    `/api/call/settings.get${query}`,
    { 'content-type': 'application/json', ...headers },
    'POST',
    '[]',
  );

/** Signs in through the login address and returns the session cookie ("name=value"). */
async function signIn(path = '/'): Promise<{ answer: Answer; cookie: string }> {
  const sep = path.includes('?') ? '&' : '?';
  const answer = await raw(`${path}${sep}token=${server.token}`);
  const setCookie = [answer.headers['set-cookie'] ?? []].flat();
  return { answer, cookie: String(setCookie[0] ?? '').split(';')[0] };
}

const fromPage = (cookie: string) => ({ cookie, 'x-backprop-request': '1' });

describe('backprop serve: signing in', () => {
  it('answers the login address with an HttpOnly, SameSite=Strict cookie and a redirect without the token', async () => {
    const { answer, cookie } = await signIn('/?x=1');
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/?x=1');
    const setCookie = String([answer.headers['set-cookie']].flat()[0]);
    expect(setCookie).toMatch(new RegExp(`^backprop_session_${server.port}=`));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    // The cookie is the store's session secret, not the login token that went through the logs.
    expect(cookie.split('=')[1]).toBe(secret);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('serves the page, the event stream and calls by the cookie alone (reloads, new tabs, bookmarks)', async () => {
    const { cookie } = await signIn();
    expect((await raw('/', { cookie })).status).toBe(200);
    const events = await raw('/api/events', { cookie });
    expect(events.status).toBe(200);
    expect(events.body).toContain('"event":"hello"');
    const answer = await call(fromPage(cookie));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).ok).toBe(true);
  });

  it('lets a signed-in browser through an old login address (a bookmark from before a restart)', async () => {
    const { cookie } = await signIn();
    const answer = await raw('/?token=from-an-earlier-launch', { cookie });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    expect(answer.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a wrong login token with the sign-in page and sets no cookie', async () => {
    const answer = await raw('/?token=wrong');
    expect(answer.status).toBe(401);
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.body).toContain('not signed in');
    expect(answer.body).not.toContain(server.token);
  });

  it('refuses the page, the event stream and calls without credentials, or with a wrong cookie', async () => {
    const wrong = `backprop_session_${server.port}=wrong`;
    const ways: Record<string, string>[] = [{}, { cookie: wrong }];
    for (const headers of ways) {
      expect((await raw('/', headers)).status).toBe(401);
      expect((await raw('/assets/x.js', headers)).status).toBe(401);
      expect((await raw('/api/events', headers)).status).toBe(401);
      const answer = await call({ ...headers, 'x-backprop-request': '1' });
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).error.message).toMatch(/^Missing or wrong credentials/);
    }
  });

  it('refuses a cookie made for another port (another store on this machine)', async () => {
    const { cookie } = await signIn();
    const other = cookie.replace(`_${server.port}=`, `_${server.port + 1}=`);
    expect((await call(fromPage(other))).status).toBe(401);
  });

  it('refuses a call that carries the cookie but not the X-Backprop-Request header (CSRF)', async () => {
    const { cookie } = await signIn();
    const answer = await call({ cookie });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.message).toMatch(/x-backprop-request/);
  });

  it('never takes the login token from the query string of a call or the event stream', async () => {
    expect((await call({}, `?token=${server.token}`)).status).toBe(401);
    expect((await raw(`/api/events?token=${server.token}`)).status).toBe(401);
  });

  it('accepts the login token in the X-Backprop-Token header (scripts), and no other', async () => {
    expect((await call({ 'x-backprop-token': server.token })).status).toBe(200);
    expect((await call({ 'x-backprop-token': 'wrong' })).status).toBe(401);
    expect((await call({ 'x-backprop-token': secret })).status).toBe(401);
  });
});

describe('backprop serve: where requests may come from', () => {
  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1.evil.example:PORT', 'localhost:1'])(
    'refuses Host %s with 403 even with the token',
    async (host) => {
      const value = host.replace('PORT', String(server.port));
      expect((await call({ host: value, 'x-backprop-token': server.token })).status).toBe(403);
    },
  );

  it('accepts the loopback names for its own port', async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`])
      expect((await call({ host, 'x-backprop-token': server.token })).status).toBe(200);
  });

  it('refuses a cross-site request with 403 even with the token', async () => {
    const token = { 'x-backprop-token': server.token };
    expect((await call({ ...token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await call({ ...token, origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(
      403,
    );
    expect((await call({ ...token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('refuses a cross-site or same-site-other-port request with 403 even with the cookie', async () => {
    const { cookie } = await signIn();
    const page = fromPage(cookie);
    expect((await call({ ...page, origin: 'http://evil.example' })).status).toBe(403);
    expect((await call({ ...page, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await raw('/api/events', { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call({ ...page, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('sends headers that keep its pages out of frames and other origins', async () => {
    const { answer } = await signIn();
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!external) console.log('No non-loopback IPv4 address here: the bind test is skipped');

  it.skipIf(!external)(
    'listens on 127.0.0.1 only: another address of this machine is refused',
    async () => {
      const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
        const socket = connect({ host: external!, port: server.port });
        socket.once('connect', () => (socket.destroy(), resolve(null)));
        socket.once('error', resolve);
      });
      expect(error?.code).toBe('ECONNREFUSED');
    },
  );
});
