/**
 * Electron main: thin. A window, a menu, the lifecycle, and one IPC handler per contract method
 * (validated by the shared dispatch, only from our own page). Everything else is the app core,
 * the same code `backprop serve` runs. The store has one owner (src-main/owner): when the app is
 * it, the window talks IPC to the core here (and the CLI or a browser reach the same core over
 * HTTP); when `backprop serve` or a CLI command owns the store already, the window opens that
 * owner's address instead, without a preload, so nothing is ever trained or written twice.
 */
import { app, BrowserWindow, ipcMain, Menu, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '../../src-shared/contract/dispatch';
import { methodIds } from '../../src-shared/contract/services';
import { ValidationError } from '../../src-shared/base/validation';
import type { AppCore } from '../core/app';
import { createEventHub } from '../core/events';
import { openStoreSession, type StoreSession } from '../owner/session';
import { offerLegacyStores } from './legacy-offer';
import { desktopStore } from './store-location';
import { createUtilityTrainerHost } from './utility-host';
import { isTrustedSender, lockNavigation, lockNavigationToOrigin, windowOptions } from './window';
import { messageOf } from '../../src-shared/base/errors';

const indexHtml = join(import.meta.dirname, '../renderer/index.html');
const preload = join(import.meta.dirname, '../preload/index.cjs');
let store: StoreSession | null = null;

/** An Electron-ABI build of better-sqlite3 kept apart from the Node one (see README). */
function electronSqliteBinding(): string | undefined {
  const path = join(app.getAppPath(), 'build', 'electron-native', 'better_sqlite3.node');
  return existsSync(path) ? path : undefined;
}

function registerHandlers(appCore: AppCore): void {
  for (const method of methodIds) {
    ipcMain.handle(method, async (event, args: unknown) => {
      if (!isTrustedSender(event.senderFrame, indexHtml))
        return { ok: false, error: { message: 'Untrusted sender' } };
      try {
        return { ok: true, value: await dispatch(appCore.services, method, args) };
      } catch (error) {
        const issues = error instanceof ValidationError ? error.issues : undefined;
        return {
          ok: false,
          error: { message: messageOf(error), issues },
        };
      }
    });
  }
  const hub = createEventHub(appCore.services);
  hub.listen((event, payload) => {
    for (const win of BrowserWindow.getAllWindows())
      win.webContents.send(`event:${event}`, payload);
  });
}

/**
 * Report HTML to PDF with Electron's own Chromium: an offscreen window with scripts off (reports
 * have none) loads the page, prints it, and is destroyed.
 */
async function printToPdf(html: string): Promise<Uint8Array> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
    },
  });
  try {
    await win.loadURL(`data:text/html;base64,${Buffer.from(html).toString('base64')}`);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  } finally {
    win.destroy();
  }
}

function createWindow(owned: StoreSession): void {
  if (owned.role === 'client') {
    // Another process owns the store: its pages over HTTP, with no IPC bridge into this process.
    const win = new BrowserWindow(windowOptions());
    lockNavigationToOrigin(win.webContents, owned.url);
    win.once('ready-to-show', () => win.show());
    void win.loadURL(owned.url);
    return;
  }
  const win = new BrowserWindow(windowOptions(preload));
  lockNavigation(win.webContents, indexHtml);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(indexHtml);
}

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      {
        role: 'help',
        submenu: [
          {
            label: 'Nielsen: Neural Networks and Deep Learning',
            click: () => void shell.openExternal('http://neuralnetworksanddeeplearning.com/'),
          },
        ],
      },
    ]),
  );
}

app.enableSandbox();
app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  const { dbPath, legacyCandidates } = desktopStore(app);
  const nativeBinding = electronSqliteBinding();
  const opened = await openStoreSession({
    dbPath,
    host: 'electron',
    command: 'the Backprop Workbench app',
    trainerHost: createUtilityTrainerHost,
    wholeQueue: true,
    nativeBinding,
    printToPdf,
  });
  store = opened;
  if (opened.role === 'owner') {
    await offerLegacyStores(opened.core.store, legacyCandidates, nativeBinding);
    registerHandlers(opened.core);
  }
  buildMenu();
  createWindow(opened);
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow(opened));
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !store) return;
  event.preventDefault();
  quitting = true;
  void store.close().finally(() => app.quit());
});
