/**
 * Where the desktop app finds its own build of better-sqlite3 for Electron's ABI:
 * build/electron-native/better_sqlite3.node, made by scripts/electron-native.js (electron-builder's
 * install-app-deps on a copy of the module) and packed by `npm run dist` beside app.asar. The
 * node_modules copy stays Node's build for the CLI and `backprop serve`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The path for better-sqlite3's `nativeBinding`, or undefined when it was not built (the
 * module's own build is then used, which works only if it was built for Electron). */
export function electronSqliteBinding(appPath: string): string | undefined {
  // Packaged, the file is unpacked beside the archive: load it from there, not through asar.
  const root = appPath.replace(/\.asar$/, '.asar.unpacked');
  const path = join(root, 'build', 'electron-native', 'better_sqlite3.node');
  return existsSync(path) ? path : undefined;
}
