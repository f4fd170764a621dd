/**
 * Electron main: thin. One window, a menu, the lifecycle, and one IPC handler per contract method
 * (validated by the shared dispatch, only from our own page). Everything else is the app core,
 * the same code `backprop serve` runs. The store has one owner (src-main/owner): when the app is
 * it, the window talks IPC to the core here (and the CLI or a browser reach the same core over
 * HTTP); when `backprop serve` or a CLI command owns the store already, the window opens that
 * owner's address instead, without a preload, so nothing is ever trained or written twice.
 *
 * Desktop conventions: one instance per user (single-instance.ts; a second launch focuses this
 * window and opens the run or bundle it was asked for), the page from app://workbench with its
 * CSP as a header (app-scheme.ts) or, under `npm run dev`, from electron-vite's dev server
 * (ELECTRON_RENDERER_URL, hot reload), native file dialogs (dialogs.ts), the window's place
 * remembered (window-state.ts), an About panel (about.ts).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import { join } from 'node:path';
import { dispatch } from '../../src-shared/contract/dispatch';
import { methodIds } from '../../src-shared/contract/services';
import { ValidationError } from '../../src-shared/base/validation';
import { messageOf } from '../../src-shared/base/errors';
import type { AppCore } from '../core/app';
import { createEventHub } from '../core/events';
import { openStoreSession, type StoreSession } from '../owner/session';
import { aboutPanelOptions } from './about';
import { APP_PAGE, appScheme, serveAppScheme } from './app-scheme';
import { readBundle, registerDesktopFiles } from './dialogs';
import { offerLegacyStores } from './legacy-offer';
import { electronSqliteBinding } from './native-sqlite';
import {
  claimSingleInstance,
  launchRequest,
  userArgsStart,
  type LaunchRequest,
} from './single-instance';
import { desktopStore } from './store-location';
import { createUtilityTrainerHost } from './utility-host';
import { isTrustedSender, lockNavigationToOrigin, sameOrigin, windowOptions } from './window';
import { loadWindowState, rememberWindowState } from './window-state';

const rendererDir = join(import.meta.dirname, '../renderer');
const preload = join(import.meta.dirname, '../preload/index.cjs');
const icon = join(rendererDir, 'icon.png');
/** `npm run dev`: electron-vite's dev server with hot reload; never in a packaged app. */
const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const ownPage = devServer ?? APP_PAGE;
let store: StoreSession | null = null;
let mainWindow: BrowserWindow | null = null;
/** What a second launch asked for while this one was still starting (kept, opened after). */
let pendingLaunch: LaunchRequest | null = null;
let started = false;

function registerHandlers(appCore: AppCore): void {
  for (const method of methodIds) {
    ipcMain.handle(method, async (event, args: unknown) => {
      if (!isTrustedSender(event.senderFrame, ownPage))
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
  registerDesktopFiles({
    ipcMain,
    dialog,
    window: () => mainWindow,
    downloads: app.getPath('downloads'),
    trusted: (frame) => isTrustedSender(frame, ownPage),
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

/** The page this window shows: ours, or the owner's address when another process owns the store. */
function pageOf(owned: StoreSession): string {
  return owned.role === 'client' ? owned.url : ownPage;
}

function createWindow(owned: StoreSession): BrowserWindow {
  const userData = app.getPath('userData');
  const saved = loadWindowState(
    userData,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  // Another process owns the store: its pages over HTTP, with no IPC bridge into this process.
  const win = new BrowserWindow(
    windowOptions(owned.role === 'owner' ? preload : undefined, saved?.bounds, icon),
  );
  if (saved?.maximized) win.maximize();
  rememberWindowState(win, userData);
  lockNavigationToOrigin(win.webContents, pageOf(owned));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => (mainWindow = mainWindow === win ? null : mainWindow));
  void win.loadURL(pageOf(owned));
  mainWindow = win;
  return win;
}

/** Shows a route of the page (a same-document navigation: the hash router's part only). */
function showRoute(route: string): void {
  if (!store || !mainWindow) return;
  const page = pageOf(store).split('#')[0];
  void mainWindow.loadURL(`${page}#${route}`);
}

/** Opens what a launch asked for: a run, or a bundle imported through the store's owner. */
async function open(request: LaunchRequest | null): Promise<void> {
  if (!request) return;
  if (!started || !store) {
    pendingLaunch = request;
    return;
  }
  if (request.kind === 'run') return showRoute(`/runs/${request.id}`);
  try {
    const { base64 } = await readBundle(request.path);
    const { runIds } = await store.services.reports.importBundle(base64);
    showRoute(runIds.length === 1 ? `/runs/${runIds[0]}` : '/runs');
  } catch (error) {
    dialog.showErrorBox(`${request.path} could not be imported`, messageOf(error));
  }
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function importBundleFromMenu(): Promise<void> {
  const picked = await dialog.showOpenDialog({
    title: 'Import a run bundle',
    properties: ['openFile'],
    filters: [{ name: 'Run bundles', extensions: ['bpbundle', 'json'] }],
  });
  const path = picked.canceled ? undefined : picked.filePaths[0];
  if (path) await open({ kind: 'bundle', path });
}

function buildMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      {
        label: 'File',
        submenu: [
          { label: 'Import a run bundle…', click: () => void importBundleFromMenu() },
          { type: 'separator' },
          { role: process.platform === 'darwin' ? 'close' : 'quit' },
        ],
      },
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
          { type: 'separator' },
          { role: 'about' },
        ],
      },
    ]),
  );
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveAppScheme(protocol, rendererDir);
  app.setAboutPanelOptions(aboutPanelOptions(app.getVersion(), process.versions, icon));
  const { dbPath, legacyCandidates } = desktopStore(app);
  const nativeBinding = electronSqliteBinding(app.getAppPath());
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
  started = true;
  await open(launchRequest(process.argv, process.cwd(), userArgsStart(app)));
  const later = pendingLaunch;
  pendingLaunch = null;
  await open(later);
}

// Before the app is ready: the page's scheme must be privileged from the first request on.
protocol.registerSchemesAsPrivileged([appScheme]);
app.enableSandbox();

if (
  claimSingleInstance(app, (request) => {
    focusWindow();
    void open(request);
  })
) {
  app.whenReady().then(start);

  // Every contents, not only the main window: the offscreen PDF window shows report HTML, where
  // a <meta http-equiv="refresh"> or a link must not lead anywhere either.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!sameOrigin(url, store ? pageOf(store) : ownPage)) event.preventDefault();
    });
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
}
