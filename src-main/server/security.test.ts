/**
 * Who may talk to `backprop serve`, checked over real HTTP against the real server (in this
 * process): the token is required everywhere under /api, and may ride in the query string only
 * where a browser cannot send a header (EventSource on /api/events, the first page load); the
 * server listens on 127.0.0.1 only and refuses foreign Host headers. e2e/security.spec.ts covers
 * the same doors from a real browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../core/app';
import type { TrainerHost } from '../core/runner/trainer-host';
import { tempDir } from '../core/store/fixtures';
import { startServer, type RunningServer } from './server';

const noTrainers: TrainerHost = {
  start: () => {
    throw new Error('no trainer in these tests');
  },
};

let tmp: ReturnType<typeof tempDir>;
let core: AppCore;
let server: RunningServer;

beforeAll(async () => {
  tmp = tempDir('backprop-serve-security-');
  core = await createAppCore({
    dbPath: join(tmp.dir, 'serve.db'),
    host: 'serve',
    trainerHost: noTrainers,
  });
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Backprop Workbench</title>',
  );
  server = await startServer({ services: core.services, rendererDir, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  tmp?.cleanup();
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

describe('backprop serve: tokens', () => {
  it('refuses the event stream without a token, or with a wrong one', async () => {
    expect((await raw('/api/events')).status).toBe(401);
    expect((await raw('/api/events?token=wrong')).status).toBe(401);
    expect((await raw('/api/events', { 'x-backprop-token': 'wrong' })).status).toBe(401);
  });

  it('opens the event stream with the token in the query (EventSource cannot send headers)', async () => {
    const answer = await raw(`/api/events?token=${server.token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(answer.body).toContain('"event":"hello"');
  });

  it('accepts a call with the token in its header', async () => {
    const answer = await call({ 'x-backprop-token': server.token });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).ok).toBe(true);
  });

  it('refuses a call whose token is only in the query string (it would end up in logs and history)', async () => {
    const answer = await call({}, `?token=${server.token}`);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.message).toBe('Missing or wrong token');
  });

  it('serves the page only with the token in its address', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/?token=wrong')).status).toBe(401);
    expect((await raw(`/?token=${server.token}`)).status).toBe(200);
    expect((await raw(`/index.html?token=${server.token}`)).status).toBe(200);
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

  it('sends headers that keep its pages out of frames and other origins', async () => {
    const answer = await raw(`/?token=${server.token}`);
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
