/**
 * The desktop window's security settings, kept in one place so a test can read the real options:
 * context isolation, the sandbox, no Node in the page, no navigation, no new windows, no
 * permissions, and IPC only from our own frame.
 */
import type { BrowserWindowConstructorOptions, WebContents, WebFrameMain } from 'electron';
import { pathToFileURL } from 'node:url';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 880,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Backprop Workbench',
    webPreferences: {
      preload: preloadPath,
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
  contents.on('will-navigate', (event, url) => {
    if (url.split('#')[0] !== allowed) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** True when an IPC message comes from our own top-level page. */
export function isTrustedSender(frame: WebFrameMain | null, indexHtml: string): boolean {
  if (!frame || frame.parent) return false;
  return frame.url.split('#')[0] === pathToFileURL(indexHtml).toString();
}
