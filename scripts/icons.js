#!/usr/bin/env node
// Every icon the packages need, made from the one source image resources/icon/icon.png
// (1024 × 1024 RGBA, drawn by scripts/draw-icon.js) into build/icons (`npm run dist` runs this):
//   build/icons/<N>x<N>.png  the Linux set (AppImage, deb), 16 to 1024 pixels
//   build/icons/icon.ico     Windows (NSIS, the .exe): PNG images of 16 to 256 pixels in an ICO
//   build/icons/icon.icns    macOS (dmg, the .app): PNG images of 16 to 1024 pixels in an ICNS
// ICO and ICNS both hold PNG images as they are, so no conversion tool (which electron-builder
// would download) is needed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, downscale, encodePng } from './png.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'resources', 'icon', 'icon.png');
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'build', 'icons');

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types holding PNG data, by pixel size (Apple's icns format).
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];

/** An ICO file: a directory of entries, each a whole PNG (allowed since Windows Vista). */
function ico(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(([size, png], i) => {
    const entry = 6 + 16 * i;
    header[entry] = size % 256; // 0 means 256
    header[entry + 1] = size % 256;
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(([, png]) => png)]);
}

/** An ICNS file: 'icns' + total length, then (type, length, PNG) elements. */
function icns(elements) {
  const parts = elements.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const image = decodePng(readFileSync(source), source);
if (image.width !== 1024 || image.height !== 1024)
  throw new Error(`${source} must be 1024 × 1024 pixels, not ${image.width} × ${image.height}`);
const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])];
const pngs = new Map(
  sizes.map((s) => [s, s === 1024 ? readFileSync(source) : encodePng(downscale(image, s))]),
);
mkdirSync(out, { recursive: true });
for (const size of LINUX_SIZES) writeFileSync(join(out, `${size}x${size}.png`), pngs.get(size));
writeFileSync(join(out, 'icon.ico'), ico(ICO_SIZES.map((s) => [s, pngs.get(s)])));
writeFileSync(join(out, 'icon.icns'), icns(ICNS_TYPES.map(([type, s]) => [type, pngs.get(s)])));
