import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { WebContents, WebFrameMain } from 'electron';
import { isTrustedSender, lockNavigation, windowOptions } from './window';

const indexHtml = '/opt/backprop/out/renderer/index.html';
const indexUrl = pathToFileURL(indexHtml).toString();

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

  it('denies navigation away from the app and every new window', () => {
    const contents = new EventEmitter() as EventEmitter & {
      setWindowOpenHandler: ReturnType<typeof vi.fn>;
    };
    contents.setWindowOpenHandler = vi.fn();
    lockNavigation(contents as unknown as WebContents, indexHtml);
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${indexUrl}#/runs`)).toBe(false);
    const handler = contents.setWindowOpenHandler.mock.calls[0][0] as () => { action: string };
    expect(handler()).toEqual({ action: 'deny' });
  });

  it('trusts IPC only from its own top-level page', () => {
    const frame = (url: string, parent: unknown = null) =>
      ({ url, parent }) as unknown as WebFrameMain;
    expect(isTrustedSender(frame(`${indexUrl}#/queue`), indexHtml)).toBe(true);
    expect(isTrustedSender(frame('https://evil.example/'), indexHtml)).toBe(false);
    expect(isTrustedSender(frame(indexUrl, {}), indexHtml)).toBe(false);
    expect(isTrustedSender(null, indexHtml)).toBe(false);
  });
});
