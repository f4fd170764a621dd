import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PAGE_CSP } from '../core/page-policy';
import { APP_PAGE, APP_SCHEME, appScheme, appSchemeResponse, serveAppScheme } from './app-scheme';

const renderer = mkdtempSync(join(tmpdir(), 'backprop-renderer-'));
mkdirSync(join(renderer, 'assets'));
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>page</title>');
writeFileSync(join(renderer, 'assets', 'index-1.js'), 'console.log(1)');
writeFileSync(join(renderer, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
writeFileSync(join(tmpdir(), 'outside.txt'), 'secret');
// Links out of the renderer folder (a file and a whole folder), and one that stays inside it.
symlinkSync(join(tmpdir(), 'outside.txt'), join(renderer, 'leak.txt'));
symlinkSync(tmpdir(), join(renderer, 'linked'));
symlinkSync(join(renderer, 'assets', 'index-1.js'), join(renderer, 'alias.js'));

describe('the app:// scheme', () => {
  it('is registered standard and secure, so the page has an origin and fetch works', () => {
    expect(appScheme).toEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
    });
    expect(APP_PAGE.startsWith(`${APP_SCHEME}://`)).toBe(true);
  });

  it('serves the page with its Content-Security-Policy as a header', async () => {
    const res = await appSchemeResponse(renderer, APP_PAGE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<title>page</title>');
  });

  it.each([
    ['app://workbench/assets/index-1.js', 'text/javascript; charset=utf-8'],
    ['app://workbench/icon.png', 'image/png'],
    ['app://workbench/index.html?run=4#/runs/4', 'text/html; charset=utf-8'],
    ['app://workbench/alias.js', 'text/javascript; charset=utf-8'],
  ])('serves %s as %s', async (url, type) => {
    const res = await appSchemeResponse(renderer, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(PAGE_CSP);
  });

  it.each([
    'app://workbench/missing.js',
    'app://workbench/%2e%2e/outside.txt',
    'app://workbench/..%2Foutside.txt',
    'app://workbench/%E0%A4%A',
    'app://elsewhere/index.html',
    'app://workbench/assets',
    'app://workbench/leak.txt',
    'app://workbench/linked/outside.txt',
    'app://workbench/assets/..%2F..%2Foutside.txt',
    'app://workbench/..%5Coutside.txt',
    'app://workbench/index.html%00.png',
    `app://workbench/${'a/'.repeat(5000)}index.html`,
    'not a url',
  ])('answers 404 to %s and reads nothing outside the renderer', async (url) => {
    const res = await appSchemeResponse(renderer, url);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not found');
  });

  it('hands every request of the scheme to that handler', async () => {
    const protocol = { handle: vi.fn() };
    serveAppScheme(protocol, renderer);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = protocol.handle.mock.calls[0][1] as (r: { url: string }) => Promise<Response>;
    expect((await handler({ url: APP_PAGE })).status).toBe(200);
  });
});
