/**
 * Which installed Chromium-family browser renders PDFs for the CLI and `backprop serve` (the
 * desktop app prints with its own Chromium): BACKPROP_CHROMIUM first, then the usual install
 * places of Chrome, Chromium and Edge on this platform, then their command names on PATH, then
 * Playwright's own browser if one was downloaded. When none is found, one sentence says what to
 * install on this platform.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';

export interface FinderWhere {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Whether a path is an executable file (injected by tests). */
  isExecutable?: (path: string) => boolean;
}

/** Install places, most common first. */
function wellKnown(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (r): r is string => !!r && win32.isAbsolute(r),
    );
    const apps = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
      'Chromium\\Application\\chrome.exe',
    ];
    return apps.flatMap((app) => roots.map((root) => win32.join(root, app)));
  }
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
    const home =
      env.HOME && posix.isAbsolute(env.HOME) ? [posix.join(env.HOME, 'Applications')] : [];
    const folders = ['/Applications', ...home];
    return apps.flatMap((app) => folders.map((folder) => posix.join(folder, app)));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
    '/opt/microsoft/msedge/msedge',
  ];
}

const COMMANDS = {
  win32: ['chrome.exe', 'msedge.exe', 'chromium.exe'],
  other: [
    'chromium',
    'chromium-browser',
    'google-chrome',
    'google-chrome-stable',
    'microsoft-edge',
    'microsoft-edge-stable',
  ],
};

const pathRules = (platform: NodeJS.Platform) => (platform === 'win32' ? win32 : posix);

/** Every command name in every absolute PATH folder, in PATH's order. A relative folder (".",
 * "bin", an empty entry) means the current folder: a `chromium` script a downloaded project or
 * archive put there would be run, so those are skipped. */
function onPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const path = pathRules(platform);
  const folders = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(path.isAbsolute);
  const names = platform === 'win32' ? COMMANDS.win32 : COMMANDS.other;
  return folders.flatMap((folder) => names.map((name) => path.join(folder, name)));
}

/** Where to look, in order (BACKPROP_CHROMIUM is handled apart: when set, it is the only answer). */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  return [...new Set([...wellKnown(platform, env), ...onPath(platform, env)])];
}

/** True for a regular file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser to use, or null. `extra` is a last resort (Playwright's own browser). */
export function findBrowser(
  where: FinderWhere,
  extra: () => string | null = () => null,
): string | null {
  const isExecutable = where.isExecutable ?? isExecutableFile;
  const fromEnv = where.env.BACKPROP_CHROMIUM;
  // Relative, it would name a file in whatever folder the command runs in.
  if (fromEnv)
    return pathRules(where.platform).isAbsolute(fromEnv) && isExecutable(fromEnv) ? fromEnv : null;
  const found = browserCandidates(where.platform, where.env).find(isExecutable);
  if (found) return found;
  const last = extra();
  return last && isExecutable(last) ? last : null;
}

const INSTALL: Partial<Record<NodeJS.Platform, string>> & { other: string } = {
  linux:
    'install Chromium (Debian/Ubuntu: apt-get install chromium; Fedora: dnf install chromium), Google Chrome or Microsoft Edge',
  darwin: 'install Google Chrome, Chromium or Microsoft Edge into /Applications',
  win32: 'install Google Chrome or Microsoft Edge (Edge comes with Windows 10 and 11)',
  other: 'install Chromium, Google Chrome or Microsoft Edge',
};

/** Why PDF export cannot run here and what to do, in one sentence. */
export function browserMissingMessage(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.BACKPROP_CHROMIUM;
  const where = !fromEnv
    ? 'no Chrome, Chromium or Edge was found in the usual places or on PATH'
    : pathRules(platform).isAbsolute(fromEnv)
      ? `BACKPROP_CHROMIUM points to ${fromEnv}, which is not an executable file`
      : `BACKPROP_CHROMIUM is ${fromEnv}, which is not an absolute path`;
  const install = INSTALL[platform] ?? INSTALL.other;
  return `PDF export needs a Chromium-based browser and ${where}; ${install}, or set BACKPROP_CHROMIUM to its absolute path, or export HTML and print it from a browser.`;
}
