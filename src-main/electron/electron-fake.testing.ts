/**
 * A recording stand-in for the `electron` module (the binary cannot run here), for tests that load
 * main.ts: every call main.ts makes is accepted and does nothing, windows are recorded with what
 * they loaded, and a test replaces the parts it watches. Use it from a mock factory, which vitest
 * hoists above the imports:
 *   vi.mock('electron', async () =>
 *     (await import('./electron-fake.testing')).fakeElectron({ windows: recorded.windows, … }));
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** A window as the fake makes it. */
export interface FakeWindow {
  options: Record<string, unknown>;
  loaded: string[];
  webContents: EventEmitter & {
    setWindowOpenHandler: ReturnType<typeof vi.fn>;
    send: ReturnType<typeof vi.fn>;
  };
}

export interface FakeElectronOptions {
  /** Where each new BrowserWindow is pushed (the test's own array). */
  windows: unknown[];
  /** Called when main.ts focuses a window (a second launch). */
  onFocus?: () => void;
  /** Fields laid over the fake's app, session.defaultSession, ipcMain, protocol and dialog. */
  app?: Record<string, unknown>;
  defaultSession?: Record<string, unknown>;
  ipcMain?: Record<string, unknown>;
  protocol?: Record<string, unknown>;
  dialog?: Record<string, unknown>;
}

/** The fake module: BrowserWindow, app, session, ipcMain, Menu, protocol, screen, shell, dialog. */
export function fakeElectron(o: FakeElectronOptions) {
  class BrowserWindow implements FakeWindow {
    loaded: string[] = [];
    webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: vi.fn(),
      send: vi.fn(),
    });
    constructor(readonly options: Record<string, unknown> = {}) {
      o.windows.push(this);
    }
    once() {}
    on() {}
    isMinimized() {
      return false;
    }
    show() {}
    focus() {
      o.onFocus?.();
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    static getAllWindows() {
      return o.windows;
    }
  }
  return {
    app: {
      enableSandbox: vi.fn(),
      whenReady: () => Promise.resolve(),
      on: vi.fn(),
      getPath: () => '/nonexistent',
      getAppPath: () => '/nonexistent',
      getVersion: () => '0.1.0',
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      setAboutPanelOptions: vi.fn(),
      quit: vi.fn(),
      ...o.app,
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        ...o.defaultSession,
      },
    },
    ipcMain: { handle: vi.fn(), ...o.ipcMain },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn(), ...o.protocol },
    screen: { getAllDisplays: () => [] },
    shell: { openExternal: vi.fn() },
    dialog: {
      showOpenDialog: vi.fn(),
      showSaveDialog: vi.fn(),
      showErrorBox: vi.fn(),
      showMessageBox: vi.fn(),
      ...o.dialog,
    },
    BrowserWindow,
  };
}
