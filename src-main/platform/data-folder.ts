/**
 * The per-user data folder, the same for the desktop app, the CLI, `serve` and the trainer:
 *   Linux:   $XDG_DATA_HOME/backprop-workbench, else ~/.local/share/backprop-workbench
 *   macOS:   ~/Library/Application Support/Backprop Workbench
 *   Windows: %APPDATA%\Backprop Workbench, else <home>\AppData\Roaming\Backprop Workbench
 * The store lives there (core/paths.ts) and so do downloaded datasets (datasets/locations.ts).
 * Pure functions of platform, environment and home folder; imports nothing of ours, so the core
 * and src-main/datasets (which may not import the core) share it.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

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
export function absoluteEnv(where: PathContext, name: string): string | undefined {
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
