/**
 * Where the store lives when nothing is configured: one `workbench.db` in the per-user data folder
 * (platform/data-folder.ts), the same for the desktop app, the CLI and `serve`. `--db` and
 * BACKPROP_DB override it. The rules are pure functions of platform, environment and home folder,
 * so one test covers all three platforms on any machine.
 */
import {
  absoluteEnv,
  defaultDataDir,
  pathOf,
  currentPathContext,
  type PathContext,
} from '../platform/data-folder';

export { currentPathContext, defaultDataDir, pathOf, type PathContext };

export const DB_FILE_NAME = 'workbench.db';

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
