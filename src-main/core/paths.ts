/**
 * Where data lives when nothing is configured: one store (`workbench.db`) in one folder per user,
 * the same for the desktop app, the CLI and `serve`:
 *   Linux:   $XDG_DATA_HOME/backprop-workbench, else ~/.local/share/backprop-workbench
 *   macOS:   ~/Library/Application Support/Backprop Workbench
 *   Windows: %APPDATA%\Backprop Workbench, else <home>\AppData\Roaming\Backprop Workbench
 * `--db` and BACKPROP_DB override it. The rules are pure functions of platform, environment and
 * home folder, so one test covers all three platforms on any machine.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const DB_FILE_NAME = 'workbench.db';

/** What the default paths depend on: the platform, the environment and the home folder. */
export interface PathContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

export function currentPathContext(): PathContext {
  return { platform: process.platform, env: process.env, home: homedir() };
}

/** The path rules of `platform` (Windows or POSIX), whatever platform this code runs on. */
export const pathOf = (platform: NodeJS.Platform) => (platform === 'win32' ? win32 : posix);

/** An environment folder is used only when absolute (the XDG spec says to ignore relative ones). */
function absoluteEnv(where: PathContext, name: string): string | undefined {
  const value = where.env[name];
  return value && pathOf(where.platform).isAbsolute(value) ? value : undefined;
}

export function defaultDataDir(where: PathContext = currentPathContext()): string {
  const path = pathOf(where.platform);
  if (where.platform === 'darwin')
    return path.join(where.home, 'Library', 'Application Support', 'Backprop Workbench');
  if (where.platform === 'win32') {
    const appData = absoluteEnv(where, 'APPDATA') ?? path.join(where.home, 'AppData', 'Roaming');
    return path.join(appData, 'Backprop Workbench');
  }
  const xdg = absoluteEnv(where, 'XDG_DATA_HOME') ?? path.join(where.home, '.local', 'share');
  return path.join(xdg, 'backprop-workbench');
}

/** The database path: explicit option, then BACKPROP_DB, then the default data folder. */
export function resolveDbPath(
  explicit?: string,
  where: PathContext = currentPathContext(),
): string {
  if (explicit) return explicit;
  if (where.env.BACKPROP_DB) return where.env.BACKPROP_DB;
  return pathOf(where.platform).join(defaultDataDir(where), DB_FILE_NAME);
}

/**
 * Where earlier versions kept their stores, when that is not the default store: the desktop app's,
 * in Electron's user-data folder (<appData>/backprop-workbench, after the package name), and the
 * CLI's and `serve`'s, which used the Linux folder on every platform. The app offers to import them.
 */
export function legacyDbPaths(where: PathContext = currentPathContext()): string[] {
  const path = pathOf(where.platform);
  const appData =
    where.platform === 'win32'
      ? (absoluteEnv(where, 'APPDATA') ?? path.join(where.home, 'AppData', 'Roaming'))
      : where.platform === 'darwin'
        ? path.join(where.home, 'Library', 'Application Support')
        : (absoluteEnv(where, 'XDG_CONFIG_HOME') ?? path.join(where.home, '.config'));
  const current = path.join(defaultDataDir(where), DB_FILE_NAME);
  return [
    path.join(appData, 'backprop-workbench', DB_FILE_NAME),
    path.join(
      absoluteEnv(where, 'XDG_DATA_HOME') ?? path.join(where.home, '.local', 'share'),
      'backprop-workbench',
      DB_FILE_NAME,
    ),
  ].filter((p) => p !== current);
}
