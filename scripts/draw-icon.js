#!/usr/bin/env node
// Draws resources/icon/icon.png, the one source image of the app's icons (1024 × 1024): a small
// 3-4-2 network, white on a blue rounded square. scripts/icons.js makes every platform's icons
// (the Linux set, ico, icns) from it at build time; the renderer serves it as its favicon.
// Run again only to change the picture: `node scripts/draw-icon.js`.
import { writeFileSync } from 'node:fs';
import { encodePng } from './png.js';

const SIZE = 1024;
const SAMPLES = 4; // supersampling per axis, for smooth edges

const layers = [3, 4, 2].map((n, l) =>
  Array.from({ length: n }, (_, i) => [232 + l * 280, 512 + (i - (n - 1) / 2) * 190]),
);
const edges = layers
  .slice(1)
  .flatMap((layer, l) => layer.flatMap((b) => layers[l].map((a) => [a, b])));

function segmentDistance([ax, ay], [bx, by], x, y) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** Colour at one sample point: transparent outside the rounded square. */
function sample(x, y) {
  const r = 200;
  const qx = Math.max(Math.abs(x - 512) - (460 - r), 0);
  const qy = Math.max(Math.abs(y - 512) - (460 - r), 0);
  if (Math.hypot(qx, qy) > r) return null;
  if (layers.flat().some(([cx, cy]) => Math.hypot(x - cx, y - cy) < 62)) return [255, 255, 255];
  if (edges.some(([a, b]) => segmentDistance(a, b, x, y) < 11)) return [190, 215, 255];
  const shade = 0.15 * (y / SIZE);
  return [Math.round(37 - 30 * shade), Math.round(99 - 60 * shade), Math.round(235 - 80 * shade)];
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++)
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = sample(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (!c) continue;
        sum[0] += c[0];
        sum[1] += c[1];
        sum[2] += c[2];
        sum[3] += 255;
      }
    const covered = sum[3] / 255;
    const at = (y * SIZE + x) * 4;
    if (covered === 0) continue;
    rgba[at] = sum[0] / covered;
    rgba[at + 1] = sum[1] / covered;
    rgba[at + 2] = sum[2] / covered;
    rgba[at + 3] = sum[3] / (SAMPLES * SAMPLES);
  }
}
writeFileSync(
  new URL('../resources/icon/icon.png', import.meta.url),
  encodePng({ width: SIZE, height: SIZE, rgba }),
);
