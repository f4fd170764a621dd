/**
 * The e2e fixture: a real `backprop serve` on a free port with a fresh SQLite file, driven by a
 * real Chromium. Every test also proves that no request leaves 127.0.0.1.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readPngGray } from '../src-main/core/reports/png.testing';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Served {
  /** The URL printed by serve, with its login token (it signs a browser in). */
  url: string;
  origin: string;
  /** The login token: also accepted in the X-Backprop-Token header (ui-helpers' apiCall). */
  token: string;
  dbPath: string;
  process: ChildProcess;
}

const root = resolve(import.meta.dirname, '..');

/**
 * Starts `backprop serve` on `dbPath`: on any free port, or with `samePort` as a person restarts
 * it (no --port: the port this store used last, kept in its owner file).
 */
export async function startServe(
  dbPath: string,
  extraArgs: string[] = [],
  { samePort = false } = {},
): Promise<Served> {
  const port = samePort ? [] : ['--port', '0'];
  const child = spawn(
    process.execPath,
    [join(root, 'bin/backprop.js'), 'serve', ...port, '--db', dbPath, ...extraArgs],
    {
      cwd: root,
      env: { ...process.env, BACKPROP_NO_OPEN: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL within 15 s:\n${output}`)),
      15_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    dbPath,
    process: child,
  };
}

export async function stopServe(served: Served): Promise<void> {
  if (served.process.exitCode !== null) return;
  const exited = new Promise((r) => served.process.once('exit', r));
  served.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (served.process.exitCode === null) served.process.kill('SIGKILL');
}

/** Saves a screenshot under e2e/screenshots/ for a person to look at. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(join(root, 'e2e', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(root, 'e2e', 'screenshots', `${name}.png`), fullPage: true });
}

/**
 * Renders page 1 of a PDF to e2e/screenshots/<name>.png with poppler's pdftoppm (Debian
 * poppler-utils; .ci/run installs it) and returns the share of dark pixels on it.
 */
export function renderFirstPage(pdf: Uint8Array, name: string): { inked: number; png: string } {
  const dir = join(root, 'e2e', 'screenshots');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.pdf`), pdf);
  const run = spawnSync(
    'pdftoppm',
    ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', `${name}.pdf`, name],
    { cwd: dir },
  );
  if (run.error || run.status !== 0) {
    throw new Error(
      `pdftoppm could not render ${name}.pdf (apt-get install -y poppler-utils): ${run.error?.message ?? run.stderr.toString()}`,
    );
  }
  const png = join(dir, `${name}.png`);
  const { gray } = readPngGray(readFileSync(png));
  return { inked: gray.filter((v) => v < 200).length / gray.length, png };
}

export const test = base.extend<{ served: Served; app: Page }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  served: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'backprop-e2e-'));
    const served = await startServe(join(dir, 'workbench.db'));
    await use(served);
    await stopServe(served);
    rmSync(dir, { recursive: true, force: true });
  },
  app: async ({ page, served }, use) => {
    const foreign: string[] = [];
    const watch = (address: string) => {
      const url = new URL(address);
      if (!['127.0.0.1', ''].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol))
        foreign.push(address);
    };
    // The whole context: popups and service workers too, and WebSockets, which are no requests.
    page.context().on('request', (request) => watch(request.url()));
    page.on('websocket', (socket) => watch(socket.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(served.url);
    await use(page);
    expect(foreign, 'requests that left 127.0.0.1').toEqual([]);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
