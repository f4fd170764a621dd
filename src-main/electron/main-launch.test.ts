/**
 * A second launch that arrives while the first is still opening its store (the lease, a legacy
 * store offer, migrations) is not lost: main.ts keeps what it asked for and opens it once the
 * window is there. Electron is a recording fake (the binary cannot run here), and the store
 * session opens only when the test says so.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  appEvents: new Map<string, (...a: unknown[]) => void>(),
  windows: [] as { loaded: string[] }[],
  openStore: null as null | (() => void),
}));

vi.mock('electron', async () =>
  (await import('./electron-fake.testing')).fakeElectron({
    windows: recorded.windows,
    app: {
      on: (name: string, fn: (...a: unknown[]) => void) => recorded.appEvents.set(name, fn),
    },
  }),
);

vi.mock('../owner/session', () => ({
  openStoreSession: () =>
    new Promise((resolve) => {
      const services = {};
      recorded.openStore = () =>
        resolve({ role: 'owner', core: { services, store: {} }, services });
    }),
}));
vi.mock('./legacy-offer', () => ({ offerLegacyStores: async () => undefined }));
vi.mock('./utility-host', () => ({ createUtilityTrainerHost: () => ({}) }));
vi.mock('../core/events', () => ({ createEventHub: () => ({ listen: vi.fn() }) }));

beforeAll(async () => {
  await import('./main');
  await vi.waitFor(() => expect(recorded.openStore).not.toBeNull());
});

describe('a second launch while the store is still opening', () => {
  it('is kept, and its run is shown once the window is there', async () => {
    expect(recorded.windows).toHaveLength(0);
    recorded.appEvents.get('second-instance')!({}, ['/opt/bw/backprop-workbench', '31'], '/');
    recorded.openStore!();
    await vi.waitFor(() =>
      expect(recorded.windows[0]?.loaded.at(-1)).toBe('app://workbench/index.html#/runs/31'),
    );
  });
});
