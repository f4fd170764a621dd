import { describe, expect, it } from 'vitest';
import { legacyDbPaths, resolveDbPath, type PathContext } from '../core/paths';
import { desktopStore } from './store-location';

/** Electron's app faked with the folders Electron reports on each platform for this package. */
function fakeApp(where: PathContext, userData: string) {
  return {
    getPath: (name: string) => {
      if (name === 'home') return where.home;
      if (name === 'userData') return userData;
      throw new Error(`unexpected getPath(${name})`);
    },
  } as Parameters<typeof desktopStore>[0];
}

const platforms: [PathContext, string][] = [
  [{ platform: 'linux', env: {}, home: '/home/ada' }, '/home/ada/.config/backprop-workbench'],
  [
    { platform: 'linux', env: { XDG_DATA_HOME: '/data' }, home: '/home/ada' },
    '/home/ada/.config/backprop-workbench',
  ],
  [
    { platform: 'darwin', env: {}, home: '/Users/ada' },
    '/Users/ada/Library/Application Support/backprop-workbench',
  ],
  [
    {
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
      home: 'C:\\Users\\ada',
    },
    'C:\\Users\\ada\\AppData\\Roaming\\backprop-workbench',
  ],
];

describe('the desktop app’s store', () => {
  it.each(platforms)('is the CLI’s default store (%o)', (where, userData) => {
    const store = desktopStore(fakeApp(where, userData), where.platform, where.env);
    expect(store.dbPath).toBe(resolveDbPath(undefined, where));
    expect(store.legacyCandidates).not.toContain(store.dbPath);
  });

  it.each(platforms)(
    'offers the store in Electron’s user-data folder, as the CLI does (%o)',
    (where, userData) => {
      const store = desktopStore(fakeApp(where, userData), where.platform, where.env);
      const sep = where.platform === 'win32' ? '\\' : '/';
      expect(store.legacyCandidates[0]).toBe(`${userData}${sep}workbench.db`);
      expect(store.legacyCandidates).toEqual(legacyDbPaths(where));
    },
  );

  it('honours BACKPROP_DB like the CLI', () => {
    const where: PathContext = { platform: 'linux', env: { BACKPROP_DB: '/x.db' }, home: '/h' };
    expect(
      desktopStore(fakeApp(where, '/h/.config/backprop-workbench'), 'linux', where.env).dbPath,
    ).toBe('/x.db');
  });
});
