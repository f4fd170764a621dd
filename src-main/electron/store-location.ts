/**
 * Which store the desktop app opens: the same default store as the CLI and `serve` (core/paths),
 * and the old stores to offer for import — above all the one in Electron's user-data folder, where
 * earlier desktop versions kept theirs. Takes Electron's `app` as a parameter so a test can fake it.
 */
import type { App } from 'electron';
import { DB_FILE_NAME, legacyDbPaths, pathOf, resolveDbPath } from '../core/paths';

export interface DesktopStore {
  dbPath: string;
  /** Old stores that may hold runs (whether they exist is checked later). */
  legacyCandidates: string[];
}

export function desktopStore(
  app: Pick<App, 'getPath'>,
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
): DesktopStore {
  const where = { platform, env, home: app.getPath('home') };
  const dbPath = resolveDbPath(undefined, where);
  const userData = pathOf(platform).join(app.getPath('userData'), DB_FILE_NAME);
  const legacyCandidates = [...new Set([userData, ...legacyDbPaths(where)])].filter(
    (p) => p !== dbPath,
  );
  return { dbPath, legacyCandidates };
}
