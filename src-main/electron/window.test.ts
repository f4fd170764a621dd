import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { WebContents, WebFrameMain } from 'electron';
import { isTrustedSender, lockNavigationToOrigin, sameOrigin, windowOptions } from './window';

const page = 'app://workbench/index.html';

describe('the desktop window', () => {
  it('isolates the page: context isolation, sandbox, no Node, no webview', () => {
    const prefs = windowOptions('/p/preload.cjs').webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/p/preload.cjs');
  });

  it('opens at its remembered place, keeping its minimum size', () => {
    const options = windowOptions(undefined, { x: 40, y: 30, width: 1000, height: 700 });
    expect(options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700, minWidth: 900 });
    expect(windowOptions()).toMatchObject({ width: 1360, height: 880 });
    expect(windowOptions().x).toBeUndefined();
  });

  it('denies navigation away from the app and every new window', () => {
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler: ReturnType<typeof vi.fn>;
    };
    contents.setWindowOpenHandler = vi.fn();
    lockNavigationToOrigin(contents as unknown as WebContents, page);
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://other/index.html')).toBe(true);
    expect(navigate('not a url')).toBe(true);
    expect(navigate('app://workbench/index.html#/runs')).toBe(false);
    const handler = contents.setWindowOpenHandler.mock.calls[0][0] as () => { action: string };
    expect(handler()).toEqual({ action: 'deny' });
  });

  it('trusts IPC only from its own top-level page', () => {
    const frame = (url: string, parent: unknown = null) =>
      ({ url, parent }) as unknown as WebFrameMain;
    expect(isTrustedSender(frame(`${page}#/queue`), page)).toBe(true);
    expect(isTrustedSender(frame('https://evil.example/'), page)).toBe(false);
    expect(isTrustedSender(frame('file:///opt/backprop/out/renderer/index.html'), page)).toBe(
      false,
    );
    expect(isTrustedSender(frame(page, {}), page)).toBe(false);
    expect(isTrustedSender(null, page)).toBe(false);
  });

  it('compares origins by scheme, host and port', () => {
    expect(sameOrigin('http://localhost:5173/src/main.ts', 'http://localhost:5173/')).toBe(true);
    expect(sameOrigin('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(sameOrigin('https://localhost:5173/', 'http://localhost:5173/')).toBe(false);
  });
});
