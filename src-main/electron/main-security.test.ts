/**
 * The desktop app's security as main.ts really wires it, with Electron replaced by recording
 * fakes (the binary cannot run here): the sandbox for every renderer, permission requests and
 * checks denied, webviews refused, the window built from windowOptions with navigation locked,
 * IPC answered only for our own page; and the page's Content-Security-Policy.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { findPackageRoot } from '../core/runner/trainer-entry';

const recorded = vi.hoisted(() => ({
  sandbox: false,
  permissionRequest: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  appEvents: new Map<string, (...a: unknown[]) => void>(),
  windows: [] as { options: Record<string, unknown>; webContents: unknown }[],
  handlers: new Map<string, (event: unknown, args: unknown) => Promise<unknown>>(),
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow {
    webContents = Object.assign(new Emitter(), { setWindowOpenHandler: vi.fn(), send: vi.fn() });
    constructor(readonly options: Record<string, unknown>) {
      recorded.windows.push(this);
    }
    once() {}
    loadFile() {
      return Promise.resolve();
    }
    static getAllWindows() {
      return recorded.windows;
    }
  }
  return {
    app: {
      enableSandbox: () => (recorded.sandbox = true),
      whenReady: () => Promise.resolve(),
      on: (name: string, fn: (...a: unknown[]) => void) => recorded.appEvents.set(name, fn),
      getPath: () => '/nonexistent',
      getAppPath: () => '/nonexistent',
      quit: vi.fn(),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof recorded.permissionRequest) =>
          (recorded.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof recorded.permissionCheck) =>
          (recorded.permissionCheck = fn),
      },
    },
    ipcMain: {
      handle: (name: string, fn: (event: unknown, args: unknown) => Promise<unknown>) =>
        recorded.handlers.set(name, fn),
    },
    Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() },
    shell: { openExternal: vi.fn() },
    BrowserWindow,
  };
});

const services = vi.hoisted(() => ({ settings: { get: vi.fn(async () => ({ theme: 'dark' })) } }));
// This process takes the store (the lease and the owner file are tested in src-main/owner).
vi.mock('../owner/session', () => ({
  openStoreSession: async () => ({
    role: 'owner',
    core: { services, store: {}, close: vi.fn() },
    services,
    close: vi.fn(),
  }),
}));
vi.mock('./legacy-offer', () => ({ offerLegacyStores: async () => undefined }));
vi.mock('./utility-host', () => ({ createUtilityTrainerHost: () => ({}) }));
vi.mock('../core/events', () => ({ createEventHub: () => ({ listen: vi.fn() }) }));

beforeAll(async () => {
  await import('./main');
  // whenReady().then(...) runs on the next turns of the microtask queue.
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
});

describe('the desktop app as main.ts wires it', () => {
  it('sandboxes every renderer', () => {
    expect(recorded.sandbox).toBe(true);
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])(
    'denies a %s permission request and check',
    (permission) => {
      const answer = vi.fn();
      recorded.permissionRequest!({}, permission, answer);
      expect(answer).toHaveBeenCalledWith(false);
      expect(recorded.permissionCheck!({}, permission, 'file://', {})).toBe(false);
    },
  );

  it('refuses to attach a webview to any contents', () => {
    const contents = new EventEmitter();
    recorded.appEvents.get('web-contents-created')!({}, contents);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('opens its window isolated, with navigation locked and new windows denied', () => {
    const [win] = recorded.windows as {
      options: { webPreferences: Record<string, unknown> };
      webContents: EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn> };
    }[];
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
    const openHandler = win.webContents.setWindowOpenHandler.mock.calls[0][0] as () => unknown;
    expect(openHandler()).toEqual({ action: 'deny' });
  });

  it('answers IPC from its own page only, and only for contract methods', async () => {
    const handler = recorded.handlers.get('settings.get')!;
    const page = `file://${join(import.meta.dirname, '../renderer/index.html')}`;
    const foreign = await handler(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      [],
    );
    expect(foreign).toEqual({ ok: false, error: { message: 'Untrusted sender' } });
    const own = await handler({ senderFrame: { url: page, parent: null } }, []);
    expect(own).toEqual({ ok: true, value: { theme: 'dark' } });
    expect([...recorded.handlers.keys()].some((k) => k.includes('onDid'))).toBe(false);
  });
});

describe("the page's Content-Security-Policy", () => {
  const built = join(findPackageRoot(), 'out', 'renderer', 'index.html');
  const pages = [join(findPackageRoot(), 'src-renderer', 'index.html')];
  if (existsSync(built)) pages.push(built);
  else console.log(`${built} is not built: only the source page's policy is checked`);

  it.each(pages)('allows only its own scripts and connections in %s', (page) => {
    const html = readFileSync(page, 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
