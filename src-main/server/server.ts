/**
 * `backprop serve`: the same renderer and the same contract as the desktop app, over HTTP on
 * 127.0.0.1 only. Calls: POST /api/call/<service.method> with the wire-encoded argument list.
 * Events: GET /api/events (Server-Sent Events). The API's OpenAPI document: GET /api/openapi.json.
 * Static files: the built renderer. Who may call:
 * guard.ts and `authenticate` below.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Hono, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Services } from '../../src-shared/contract/services';
import { dispatch } from '../../src-shared/contract/dispatch';
import { openApiDocument } from '../../src-shared/contract/openapi';
import { decodeWire, encodeWire, WireError } from '../../src-shared/base/wire';
import { tooDeepMessage } from '../../src-shared/base/json-depth';
import { ValidationError } from '../../src-shared/base/validation';
import { createEventHub } from '../core/events';
import { PAGE_CSP } from '../core/page-policy';
import {
  REQUEST_HEADER,
  TOKEN_HEADER,
  isCrossSite,
  isLoopbackHost,
  sessionCookieName,
  tokenMatches,
} from './guard';
import { messageOf, RequestRefused, type RefusalKind } from '../../src-shared/base/errors';
import { bodyLimit } from 'hono/body-limit';

export interface ServeOptions {
  services: Services;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The session cookie's value; keep it per store (see owner-file.ts). Default: a new one. */
  secret?: string;
  /** The login token of the printed address. Default: a new one. */
  loginToken?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The login token: signs a browser in through `url`, or authorizes a script's
   * X-Backprop-Token header. Valid until the server stops. */
  token: string;
  /** Event streams open right now (browser tabs, CLI commands following runs). */
  followers(): number;
  /** When the last contract call arrived (ms since the epoch; 0 for none). */
  lastCallAt(): number;
  close(): Promise<void>;
}

/** How often an event stream carries a heartbeat (the CLI gives up on an owner silent 3× as long). */
export const HEARTBEAT_MS = 10_000;
const MAX_BODY_MIB = 128;
const MAX_BODY_BYTES = MAX_BODY_MIB * 1024 * 1024;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': PAGE_CSP,
};

/** A refused request is the caller's to fix (4xx); anything else the owner failed at (500). */
const REFUSAL_STATUS: Record<RefusalKind, number> = {
  'not-found': 404,
  conflict: 409,
  invalid: 400,
};
const statusOf = (error: unknown) =>
  error instanceof RequestRefused ? REFUSAL_STATUS[error.kind] : 500;

function reply(value: unknown, status = 200): Response {
  return new Response(encodeWire(value), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** What a browser that is not signed in sees: text only, no scripts, no secret. */
const SIGN_IN_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Backprop Workbench</title><p>This browser is not signed in to this workbench. Open the address that <code>backprop serve</code> printed (it ends in <code>?token=…</code>) once: it signs this browser in, and reloads, new tabs and bookmarks work from then on.</p>';

function refuse(path: string): Response {
  if (path.startsWith('/api/')) {
    const message =
      'Missing or wrong credentials: open the address that `backprop serve` printed to sign this browser in';
    return reply({ ok: false, error: { message } }, 401);
  }
  return new Response(SIGN_IN_PAGE, {
    status: 401,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** The address without its login token, so the token is not left in history or bookmarks. */
function withoutToken(requestUrl: string): string {
  const url = new URL(requestUrl);
  url.searchParams.delete('token');
  return url.pathname + url.search;
}

interface Secrets {
  /** The session cookie's value (kept per store, so a restart keeps tabs signed in). */
  secret: string;
  /** The login token in the printed address (new at every launch). */
  loginToken: string;
}

/**
 * Sign-in and credentials: `GET <page>?token=<login token>` sets the session cookie and
 * redirects to the same address without the token; everything else needs the cookie (plus the
 * X-Backprop-Request header on a call) or the login token in the X-Backprop-Token header.
 */
function authenticate(secrets: Secrets, port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const cookie = getCookie(c, sessionCookieName(port()));
    const byCookie = tokenMatches(cookie, secrets.secret);
    const byHeader = tokenMatches(c.req.header(TOKEN_HEADER), secrets.loginToken);
    const login = c.req.query('token');
    if (login !== undefined && c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
      const valid = tokenMatches(login, secrets.loginToken);
      if (!valid && !byCookie) return refuse(c.req.path);
      if (valid)
        setCookie(c, sessionCookieName(port()), secrets.secret, {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
          maxAge: 400 * 24 * 3600, // the longest a browser keeps a cookie
        });
      c.header('cache-control', 'no-store');
      return c.redirect(withoutToken(c.req.url), 303);
    }
    if (!byCookie && !byHeader) return refuse(c.req.path);
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (!byHeader && !reading && c.req.header(REQUEST_HEADER) !== '1') {
      const message = `Forbidden: a call must carry the ${REQUEST_HEADER} header`;
      return reply({ ok: false, error: { message } }, 403);
    }
    await next();
  };
}

function buildApp(options: ServeOptions, secrets: Secrets, port: () => number) {
  let followers = 0;
  let lastCall = 0;
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
  app.use('*', authenticate(secrets, port));

  // A call's body is its wire-encoded arguments; the largest real one is a bundle import.
  app.post(
    '/api/call/:method',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () =>
        reply(
          {
            ok: false,
            error: { message: `The request body is larger than the ${MAX_BODY_MIB} MiB limit` },
          },
          413,
        ),
    }),
  );
  app.post('/api/call/:method', async (c) => {
    lastCall = Date.now();
    let args: unknown;
    const body = await c.req.text();
    const tooDeep = tooDeepMessage(body, 'The request body');
    if (tooDeep) return reply({ ok: false, error: { message: tooDeep } }, 400);
    try {
      args = decodeWire(body);
    } catch (error) {
      const reason = error instanceof WireError ? `: ${error.message}` : '';
      return reply(
        { ok: false, error: { message: `Request body is not valid JSON${reason}` } },
        400,
      );
    }
    try {
      return reply({
        ok: true,
        value: await dispatch(options.services, c.req.param('method'), args),
      });
    } catch (error) {
      const issues = error instanceof ValidationError ? error.issues : undefined;
      return reply({ ok: false, error: { message: messageOf(error), issues } }, statusOf(error));
    }
  });

  // The API's description, generated from the schemas that check every call; signed-in only,
  // like every /api/ path.
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(__APP_VERSION__)));

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const off = hub.listen(
        (event, payload) => void stream.writeSSE({ data: encodeWire({ event, payload }) }),
      );
      followers++;
      // A heartbeat, so a client can tell a quiet owner from one that stopped answering.
      const beat = setInterval(
        () => void stream.writeSSE({ event: 'ping', data: '' }),
        HEARTBEAT_MS,
      );
      await stream.writeSSE({ data: encodeWire({ event: 'hello', payload: null }) });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(beat);
      followers--;
      off();
    }),
  );

  const indexHtml = async () => {
    const html = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
    return new Response(html, {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    });
  };
  app.get('/', indexHtml);
  app.get('/index.html', indexHtml);
  app.use('/*', serveStatic({ root: options.rendererDir }));
  app.notFound((c) => c.text('Not found', 404));
  return { app, hub, followers: () => followers, lastCallAt: () => lastCall };
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const secrets: Secrets = {
    secret: options.secret ?? newSecret(),
    loginToken: options.loginToken ?? newSecret(),
  };
  let port = options.port;
  const { app, hub, followers, lastCallAt } = buildApp(options, secrets, () => port);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${secrets.loginToken}`,
    port,
    token: secrets.loginToken,
    followers,
    lastCallAt,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** 24 random bytes, URL-safe: a session secret or a login token. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}
