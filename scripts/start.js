#!/usr/bin/env node
// `npm start`: build, make sure the Electron binary is present (electron's own installer, on
// first start), then open the desktop window. Where the binary cannot be obtained (offline), say
// so in one sentence and start the same app in the browser instead (`backprop serve`).
// `npm run dev` (`--dev`): the same checks, then electron-vite's dev server with hot reload
// (the window loads ELECTRON_RENDERER_URL); without Electron it says why and stops.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function electronBinary() {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * better-sqlite3 is a native addon: node_modules holds the build for Node (the CLI and `serve`).
 * The desktop app loads its own build for Electron's ABI from build/electron-native, made once by
 * scripts/electron-native.js (electron-builder's install-app-deps, which uses @electron/rebuild).
 */
function ensureElectronSqlite() {
  return run(process.execPath, [join(root, 'scripts/electron-native.js')]);
}

function ensureElectron() {
  const present = electronBinary();
  if (present) return present;
  const installer = join(root, 'node_modules/electron/install.js');
  if (existsSync(installer)) {
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 12))
      console.log(
        `Electron's installer asks for Node 22.12 or newer; this is Node ${process.versions.node}, so the download may fail.`,
      );
    console.log('Fetching the Electron binary (first start only)...');
    spawnSync(process.execPath, [installer], { cwd: root, stdio: 'ignore', timeout: 180_000 });
  }
  return electronBinary();
}

const electronVite = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
const dev = process.argv.includes('--dev');
const built = dev
  ? run(process.execPath, [join(root, 'scripts/build-kernels.js')])
  : run(process.execPath, [electronVite, 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (!built) {
  console.error('The build failed; see the messages above.');
  process.exit(1);
}
/** Runs a process in the foreground and exits with its code. */
function hand(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** Where the desktop app cannot start: dev mode stops, `npm start` opens the browser instead. */
function fallBack(reason) {
  if (dev) {
    console.error(
      `${reason}: the desktop dev mode needs Electron and its build of better-sqlite3 (\`npm run serve\` runs the app in a browser).`,
    );
    process.exit(1);
  }
  console.log(
    `${reason}, so the workbench opens in your default browser instead (the same as \`npx backprop serve --open\`).`,
  );
  hand(process.execPath, [join(root, 'bin/backprop.js'), 'serve', '--open']);
}

const binary = ensureElectron();
if (!binary)
  fallBack(
    'The Electron binary is not installed and could not be downloaded (no network access to GitHub?)',
  );
else if (!ensureElectronSqlite())
  fallBack(
    'better-sqlite3 could not be built for Electron (no prebuilt binary or Electron headers could be downloaded)',
  );
else if (dev) hand(process.execPath, [electronVite, 'dev', '--watch']);
else hand(binary, [root]);
