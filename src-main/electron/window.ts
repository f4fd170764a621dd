/**
 * The desktop window's security settings, kept in one place so a test can read the real options:
 * context isolation, the sandbox, no Node in the page, no navigation, no new windows, no
 * permissions, and IPC only from our own frame.
 */
import type { BrowserWindowConstructorOptions, WebContents, WebFrameMain } from 'electron';
import { pathToFileURL } from 'node:url';

/** The window's options; without a preload the page gets no `window.api` (it then talks HTTP to
 * the store's owner, see main.ts). */
export function windowOptions(preloadPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Backprop Workbench',
    webPreferences: {
      ...(preloadPath ? { preload: preloadPath } : {}),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Denies navigation away from the app and every window.open. */
export function lockNavigation(contents: WebContents, indexHtml: string): void {
  const allowed = pathToFileURL(indexHtml).toString();
  lockNavigationTo(contents, (url) => url.split('#')[0] === allowed);
}

/** Denies navigation away from the store owner's pages (the app served over HTTP by another
 * process on 127.0.0.1) and every window.open. */
export function lockNavigationToOrigin(contents: WebContents, ownerUrl: string): void {
  const origin = new URL(ownerUrl).origin;
  lockNavigationTo(contents, (url) => {
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  });
}

function lockNavigationTo(contents: WebContents, allowed: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!allowed(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** True when an IPC message comes from our own top-level page. */
export function isTrustedSender(frame: WebFrameMain | null, indexHtml: string): boolean {
  if (!frame || frame.parent) return false;
  return frame.url.split('#')[0] === pathToFileURL(indexHtml).toString();
}
