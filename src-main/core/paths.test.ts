import { describe, expect, it } from 'vitest';
import { defaultDataDir, legacyDbPaths, resolveDbPath, type PathContext } from './paths';

const linux: PathContext = { platform: 'linux', env: {}, home: '/home/ada' };
const mac: PathContext = { platform: 'darwin', env: {}, home: '/Users/ada' };
const windows: PathContext = {
  platform: 'win32',
  env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
  home: 'C:\\Users\\ada',
};

describe('the default store', () => {
  it('follows each platform’s rule for per-user application data', () => {
    expect(resolveDbPath(undefined, linux)).toBe(
      '/home/ada/.local/share/backprop-workbench/workbench.db',
    );
    expect(resolveDbPath(undefined, mac)).toBe(
      '/Users/ada/Library/Application Support/Backprop Workbench/workbench.db',
    );
    expect(resolveDbPath(undefined, windows)).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Backprop Workbench\\workbench.db',
    );
  });

  it('respects an absolute XDG_DATA_HOME on Linux and ignores a relative one', () => {
    expect(defaultDataDir({ ...linux, env: { XDG_DATA_HOME: '/data' } })).toBe(
      '/data/backprop-workbench',
    );
    expect(defaultDataDir({ ...linux, env: { XDG_DATA_HOME: 'data' } })).toBe(
      '/home/ada/.local/share/backprop-workbench',
    );
  });

  it('falls back to the roaming folder under the home folder when APPDATA is missing', () => {
    expect(defaultDataDir({ ...windows, env: {} })).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Backprop Workbench',
    );
  });

  it('lets --db win over BACKPROP_DB, and BACKPROP_DB over the default', () => {
    const env = { ...linux, env: { BACKPROP_DB: '/tmp/env.db' } };
    expect(resolveDbPath('/tmp/flag.db', env)).toBe('/tmp/flag.db');
    expect(resolveDbPath(undefined, env)).toBe('/tmp/env.db');
  });
});

describe('stores of earlier versions', () => {
  it('on Linux: only the desktop app’s (the CLI already used today’s folder)', () => {
    expect(legacyDbPaths(linux)).toEqual(['/home/ada/.config/backprop-workbench/workbench.db']);
    expect(legacyDbPaths({ ...linux, env: { XDG_CONFIG_HOME: '/cfg' } })).toEqual([
      '/cfg/backprop-workbench/workbench.db',
    ]);
  });

  it('on macOS and Windows: the desktop app’s and the CLI’s Linux-style folder', () => {
    expect(legacyDbPaths(mac)).toEqual([
      '/Users/ada/Library/Application Support/backprop-workbench/workbench.db',
      '/Users/ada/.local/share/backprop-workbench/workbench.db',
    ]);
    expect(legacyDbPaths(windows)).toEqual([
      'C:\\Users\\ada\\AppData\\Roaming\\backprop-workbench\\workbench.db',
      'C:\\Users\\ada\\.local\\share\\backprop-workbench\\workbench.db',
    ]);
  });
});
