/**
 * Where data lives when nothing is configured: one SQLite file in the user data folder.
 * Electron passes app.getPath('userData'); the CLI and `serve` use the XDG data folder
 * (~/.local/share/backprop-workbench). `--db` and BACKPROP_DB override both.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DB_FILE_NAME = 'workbench.db';

export function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share');
  return join(base, 'backprop-workbench');
}

/** The database path: explicit option, then BACKPROP_DB, then the user data folder. */
export function resolveDbPath(explicit?: string, userDataDir?: string): string {
  if (explicit) return explicit;
  if (process.env.BACKPROP_DB) return process.env.BACKPROP_DB;
  return join(userDataDir ?? defaultDataDir(), DB_FILE_NAME);
}
