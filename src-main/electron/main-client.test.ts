/**
 * The desktop app when another process (`backprop serve`, a CLI command) already owns the store:
 * main.ts as it really wires it, with Electron and the store session replaced by recording fakes.
 * The window opens the owner's address with no preload (no IPC bridge into this process), stays on
 * the owner's origin, and this process registers no contract handler: nothing is written twice.
 */
import type { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const OWNER_URL = 'http://127.0.0.1:5170/?token=abcdefabcdefabcdefabcdefabcdefab';

const recorded = vi.hoisted(() => ({
  windows: [] as {
    options: { webPreferences: Record<string, unknown> };
    loaded: string[];
    webContents: EventEmitter & { setWindowOpenHandler: ReturnType<typeof vi.fn> };
  }[],
  handlers: new Map<string, unknown>(),
  quitting: null as null | ((event: { preventDefault(): void }) => void),
  closed: 0,
}));

vi.mock('electron', async () =>
  (await import('./electron-fake.testing')).fakeElectron({
    windows: recorded.windows,
    app: {
      on: (name: string, fn: (event: { preventDefault(): void }) => void) => {
        if (name === 'before-quit') recorded.quitting = fn;
      },
    },
    ipcMain: { handle: (name: string, fn: unknown) => recorded.handlers.set(name, fn) },
  }),
);

vi.mock('../owner/session', () => ({
  openStoreSession: async () => ({
    role: 'client',
    url: OWNER_URL,
    owner: { command: 'backprop serve', pid: 4242 },
    services: {},
    close: async () => void recorded.closed++,
  }),
}));
vi.mock('./utility-host', () => ({ createUtilityTrainerHost: () => ({}) }));

beforeAll(async () => {
  await import('./main');
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
});

describe('the desktop app on a store another process owns', () => {
  it("opens the owner's address, without a preload", () => {
    const [win] = recorded.windows;
    expect(win.loaded).toEqual([OWNER_URL]);
    expect(win.options.webPreferences.preload).toBeUndefined();
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
  });

  it("keeps the window on the owner's origin and denies new windows", () => {
    const [win] = recorded.windows;
    const stay = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', stay, 'http://127.0.0.1:5170/#/runs/1');
    expect(stay.preventDefault).not.toHaveBeenCalled();
    for (const away of ['http://127.0.0.1:5171/', 'https://evil.example/', 'file:///etc/passwd']) {
      const event = { preventDefault: vi.fn() };
      win.webContents.emit('will-navigate', event, away);
      expect(event.preventDefault, away).toHaveBeenCalled();
    }
    const openHandler = win.webContents.setWindowOpenHandler.mock.calls[0][0] as () => unknown;
    expect(openHandler()).toEqual({ action: 'deny' });
  });

  it('answers no IPC: the core it would reach is the owner’s, over HTTP', () => {
    expect(recorded.handlers.size).toBe(0);
  });

  it('lets go of the owner when it quits', async () => {
    const event = { preventDefault: vi.fn() };
    recorded.quitting!(event);
    await vi.waitFor(() => expect(recorded.closed).toBe(1));
  });
});
