/**
 * The desktop window's security settings, kept in one place so a test can read the real options:
 * context isolation, the sandbox, no Node in the page, no navigation, no new windows, no
 * permissions, and IPC only from our own frame.
 */
import type {
  BrowserWindowConstructorOptions,
  Rectangle,
  WebContents,
  WebFrameMain,
} from 'electron';

/** The window's options; without a preload the page gets no `window.api` (it then talks HTTP to
 * the store's owner, see main.ts). `bounds` is the remembered place (window-state.ts). */
export function windowOptions(
  preloadPath?: string,
  bounds?: Rectangle,
  icon?: string,
): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Backprop Workbench',
    ...(icon ? { icon } : {}),
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

/** True when `url` has the scheme and host of `page` (app://workbench, the owner's
 * http://127.0.0.1:port, the dev server). Compared by parts: a custom scheme's URL.origin is
 * "null" in Node. */
export function sameOrigin(url: string, page: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(page);
    return a.protocol === b.protocol && a.host === b.host;
  } catch {
    return false;
  }
}

/** Denies navigation away from the page's origin (app://workbench, or the store owner's pages
 * served over HTTP by another process on 127.0.0.1) and every window.open. */
export function lockNavigationToOrigin(contents: WebContents, pageUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!sameOrigin(url, pageUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** True when an IPC message comes from our own top-level page. */
export function isTrustedSender(frame: WebFrameMain | null, pageUrl: string): boolean {
  if (!frame || frame.parent) return false;
  return sameOrigin(frame.url, pageUrl);
}
