/**
 * The desktop app's security as main.ts really wires it, with Electron replaced by recording
 * fakes (the binary cannot run here): the sandbox for every renderer, permission requests and
 * checks denied, webviews refused, the window built from windowOptions with navigation locked,
 * IPC answered only for our own page, the page from the app:// scheme with its
 * Content-Security-Policy as a header, and a second launch handed to this one.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { findPackageRoot } from '../core/runner/trainer-entry';
import { PAGE_CSP } from '../core/page-policy';

const recorded = vi.hoisted(() => ({
  sandbox: false,
  permissionRequest: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  appEvents: new Map<string, (...a: unknown[]) => void>(),
  windows: [] as { options: Record<string, unknown>; webContents: unknown; loaded: string[] }[],
  focused: 0,
  privileged: [] as unknown[],
  schemes: new Map<string, (request: { url: string }) => Promise<Response>>(),
  handlers: new Map<string, (event: unknown, args: unknown) => Promise<unknown>>(),
}));

vi.mock('electron', async () =>
  (await import('./electron-fake.testing')).fakeElectron({
    windows: recorded.windows,
    onFocus: () => recorded.focused++,
    app: {
      enableSandbox: () => (recorded.sandbox = true),
      on: (name: string, fn: (...a: unknown[]) => void) => recorded.appEvents.set(name, fn),
    },
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof recorded.permissionRequest) =>
        (recorded.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof recorded.permissionCheck) =>
        (recorded.permissionCheck = fn),
    },
    ipcMain: {
      handle: (name: string, fn: (event: unknown, args: unknown) => Promise<unknown>) =>
        recorded.handlers.set(name, fn),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privileged.push(...schemes),
      handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) =>
        recorded.schemes.set(scheme, fn),
    },
  }),
);

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

  /** A webContents as 'web-contents-created' hands it over (any window: the page, the PDF one). */
  const createdContents = () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    recorded.appEvents.get('web-contents-created')!({}, contents);
    return contents;
  };

  it('refuses to attach a webview to any contents', () => {
    const event = { preventDefault: vi.fn() };
    createdContents().emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every contents (the offscreen PDF window too) new windows and navigation elsewhere', () => {
    const contents = createdContents();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as
      (() => unknown) | undefined;
    expect(openHandler?.()).toEqual({ action: 'deny' });
    for (const url of [
      'https://evil.example/',
      'data:text/html,<p>other</p>',
      'file:///etc/passwd',
    ]) {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const own = { preventDefault: vi.fn() };
    contents.emit('will-navigate', own, 'app://workbench/index.html#/runs');
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('opens its window isolated, with navigation locked and new windows denied', () => {
    const [win] = recorded.windows as unknown as {
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
    const page = 'app://workbench/index.html#/runs';
    const foreign = await handler(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      [],
    );
    expect(foreign).toEqual({ ok: false, error: { message: 'Untrusted sender' } });
    const own = await handler({ senderFrame: { url: page, parent: null } }, []);
    expect(own).toEqual({ ok: true, value: { theme: 'dark' } });
    expect([...recorded.handlers.keys()].some((k) => k.includes('onDid'))).toBe(false);
  });

  it('loads its page from the privileged app:// scheme, whose answers carry the CSP header', async () => {
    const [win] = recorded.windows;
    expect(win.loaded).toEqual(['app://workbench/index.html']);
    expect(recorded.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    const answer = await recorded.schemes.get('app')!({ url: 'app://workbench/nothing.js' });
    expect(answer.headers.get('content-security-policy')).toBe(PAGE_CSP);
  });

  it('offers the native file dialogs to its own page only', async () => {
    const handler = recorded.handlers.get('desktop.openBundle')!;
    const foreign = await handler(
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      [],
    );
    expect(foreign).toEqual({ ok: false, error: { message: 'Untrusted sender' } });
  });

  it('focuses its window and shows the run a second launch asks for', () => {
    const [win] = recorded.windows;
    recorded.appEvents.get('second-instance')!({}, ['/opt/bw/backprop-workbench', '17'], '/');
    expect(recorded.focused).toBe(1);
    expect(win.loaded.at(-1)).toBe('app://workbench/index.html#/runs/17');
  });
});

describe("the page's Content-Security-Policy", () => {
  const built = join(findPackageRoot(), 'out', 'renderer', 'index.html');
  const pages = [join(findPackageRoot(), 'src-renderer', 'index.html')];
  if (existsSync(built)) pages.push(built);
  else console.log(`${built} is not built: only the source page is checked`);

  it.each(pages)('is no <meta> tag in %s (a header carries it)', (page) => {
    expect(readFileSync(page, 'utf8')).not.toMatch(/Content-Security-Policy/i);
  });

  it('allows only its own scripts and connections, and no framing', () => {
    const directives = new Map(
      PAGE_CSP.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(PAGE_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
