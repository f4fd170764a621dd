#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into build/electron-native/, apart from node_modules.
//
// Why apart: one node_modules/better-sqlite3 holds one native build for one runtime. The CLI and
// `backprop serve` run under Node and need Node's build; rebuilding node_modules for Electron (what
// `electron-builder install-app-deps` does to the folder it runs in) would break them. So a tiny
// package in build/electron-native holds its own copy of better-sqlite3, electron-builder's
// install-app-deps (@electron/rebuild) rebuilds that copy for the Electron version in
// node_modules/electron, and the result is build/electron-native/better_sqlite3.node, which the
// desktop app loads through better-sqlite3's `nativeBinding` (src-main/electron/native-sqlite.ts)
// and `npm run dist` packs (package.json "build.files"). Needs Electron's headers or a prebuilt
// binary from the internet, once per Electron or better-sqlite3 version.
//
// Usage: node scripts/electron-native.js [--platform linux|darwin|win32] [--arch x64|arm64]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, 'build', 'electron-native');
const target = join(work, 'better_sqlite3.node');
const stampFile = join(work, 'built-for.json');

const { values } = parseArgs({
  options: {
    platform: { type: 'string', default: process.platform },
    arch: { type: 'string', default: process.arch },
  },
});

const versionOf = (pkg) =>
  JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const stamp = {
  electron: versionOf('electron'),
  betterSqlite3: versionOf('better-sqlite3'),
  platform: values.platform,
  arch: values.arch,
};

if (
  existsSync(target) &&
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)
) {
  process.exit(0);
}

console.log(
  `Building better-sqlite3 ${stamp.betterSqlite3} for Electron ${stamp.electron} (${stamp.platform}-${stamp.arch}) in build/electron-native...`,
);
rmSync(work, { recursive: true, force: true });
const copy = join(work, 'node_modules', 'better-sqlite3');
mkdirSync(copy, { recursive: true });
cpSync(join(root, 'node_modules', 'better-sqlite3'), copy, {
  recursive: true,
  // The Node build stays where it is; the copy is built afresh.
  filter: (p) => !p.includes(`${sep}better-sqlite3${sep}build`),
});
writeFileSync(
  join(work, 'package.json'),
  JSON.stringify({
    name: 'backprop-electron-native',
    private: true,
    version: '0.0.0',
    dependencies: { 'better-sqlite3': stamp.betterSqlite3 },
    build: { electronVersion: stamp.electron },
  }),
);
const rebuilt = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    'install-app-deps',
    '--platform',
    values.platform,
    '--arch',
    values.arch,
  ],
  { cwd: work, stdio: 'inherit' },
);
const produced = join(copy, 'build', 'Release', 'better_sqlite3.node');
if (rebuilt.status !== 0 || !existsSync(produced)) {
  console.error(
    'better-sqlite3 could not be built for Electron: @electron/rebuild needs a prebuilt binary or ' +
      "Electron's headers from the internet (see the messages above).",
  );
  process.exit(1);
}
cpSync(produced, target);
writeFileSync(stampFile, JSON.stringify(stamp));
console.log(`Built ${target}`);
