/**
 * The desktop app's page comes from app://workbench/, a privileged custom scheme, instead of
 * file://: a real origin (so 'self' in the policy means the app's own files and nothing else on
 * disk), and response headers, so the Content-Security-Policy travels as a header
 * (core/page-policy.ts) like `backprop serve` sends it. Files are read from the built renderer
 * (out/renderer, inside app.asar when packaged); a path outside it is a 404, and so is a path
 * inside it that is a symbolic link leading out (checked on the real path, which Electron's
 * fs resolves inside app.asar too).
 */
import type { CustomScheme, Protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { PAGE_CSP } from '../core/page-policy';

export const APP_SCHEME = 'app';
const APP_HOST = 'workbench';
/** The page the window loads. */
export const APP_PAGE = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Registered before the app is ready: a standard, secure scheme that fetch() may use. */
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

const HEADERS = {
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
};

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The response to one app:// request: a file of `rendererDir`, with the page's headers. */
export async function appSchemeResponse(
  rendererDir: string,
  requestUrl: string,
): Promise<Response> {
  if (!URL.canParse(requestUrl)) return notFound();
  const url = new URL(requestUrl);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
  const root = resolve(rendererDir);
  let path: string;
  try {
    path = resolve(root, `.${decodeURIComponent(url.pathname)}`);
  } catch {
    return notFound(); // a malformed %-escape
  }
  if (!path.startsWith(root + sep)) return notFound();
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(path)]);
    if (!real.startsWith(realRoot + sep)) return notFound();
    const body = await readFile(real);
    return new Response(body, {
      headers: { ...HEADERS, 'Content-Type': type ?? 'application/octet-stream' },
    });
  } catch {
    return notFound();
  }
}

/** Answers app:// from the built renderer (after the app is ready). */
export function serveAppScheme(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appSchemeResponse(rendererDir, request.url));
}
