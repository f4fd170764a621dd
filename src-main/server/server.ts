/**
 * `backprop serve`: the same renderer and the same contract as the desktop app, over HTTP on
 * 127.0.0.1 only. Calls: POST /api/call/<service.method> with the wire-encoded argument list.
 * Events: GET /api/events (Server-Sent Events). Static files: the built renderer.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Services } from '../../src-shared/contract/services';
import { dispatch } from '../../src-shared/contract/dispatch';
import { decodeWire, encodeWire } from '../../src-shared/contract/wire';
import { ValidationError } from '../../src-shared/contract/validation';
import { createEventHub } from './events';
import { isCrossSite, isLoopbackHost, tokenMatches } from './guard';
import { describeError } from '../cli/errors';

export interface ServeOptions {
  services: Services;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function reply(value: unknown, status = 200): Response {
  return new Response(encodeWire(value), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function buildApp(options: ServeOptions, token: string, port: () => number) {
  const app = new Hono();
  const hub = createEventHub(options.services);

  app.use('*', async (c, next) => {
    if (!isLoopbackHost(c.req.header('host'), port()))
      return c.text('Forbidden: unknown Host', 403);
    if (isCrossSite(c.req.header('origin'), c.req.header('sec-fetch-site'), port()))
      return c.text('Forbidden: cross-origin request', 403);
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });

  app.use('/api/*', async (c, next) => {
    // The query string may carry the token only where a browser cannot send a header
    // (EventSource); a call's URL with the token would end up in logs and history.
    const fromQuery = c.req.path === '/api/events' ? c.req.query('token') : undefined;
    const given = c.req.header('x-backprop-token') ?? fromQuery;
    if (!tokenMatches(given, token))
      return reply({ ok: false, error: { message: 'Missing or wrong token' } }, 401);
    await next();
  });

  app.post('/api/call/:method', async (c) => {
    let args: unknown;
    try {
      args = decodeWire(await c.req.text());
    } catch {
      return reply({ ok: false, error: { message: 'Request body is not valid JSON' } }, 400);
    }
    try {
      return reply({
        ok: true,
        value: await dispatch(options.services, c.req.param('method'), args),
      });
    } catch (error) {
      const issues = error instanceof ValidationError ? error.issues : undefined;
      return reply(
        { ok: false, error: { message: describeError(error), issues } },
        error instanceof ValidationError ? 400 : 500,
      );
    }
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const off = hub.listen(
        (event, payload) => void stream.writeSSE({ data: encodeWire({ event, payload }) }),
      );
      await stream.writeSSE({ data: encodeWire({ event: 'hello', payload: null }) });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      off();
    }),
  );

  const indexHtml = async (c: { req: { query(k: string): string | undefined } }) => {
    if (!tokenMatches(c.req.query('token'), token)) {
      return new Response(
        '<!doctype html><meta charset="utf-8"><title>Backprop Workbench</title><p>Open the address that <code>backprop serve</code> printed: it carries the access token.</p>',
        { status: 401, headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    }
    const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
    return new Response(html, {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    });
  };
  app.get('/', indexHtml);
  app.get('/index.html', indexHtml);
  app.use('/*', serveStatic({ root: options.rendererDir }));
  app.notFound((c) => c.text('Not found', 404));
  return { app, hub };
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port;
  const { app, hub } = buildApp(options, token, () => port);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
