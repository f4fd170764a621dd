/**
 * A small PNG reader for tests (8-bit gray, gray+alpha, RGB or RGBA, not interlaced): inflates the
 * IDAT data and undoes the per-row filters (PNG spec §9), returning one luminance byte per pixel.
 */
import { inflateSync } from 'node:zlib';

const channelsOf: Record<number, number> = { 0: 1, 4: 2, 2: 3, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function readPngGray(png: Buffer): { width: number; height: number; gray: Uint8Array } {
  const [width, height, depth, colour, , , interlace] = [
    png.readUInt32BE(16),
    png.readUInt32BE(20),
    png[24],
    png[25],
    0,
    0,
    png[28],
  ];
  const channels = channelsOf[colour];
  if (depth !== 8 || !channels || interlace !== 0)
    throw new Error(`test PNG reader: unsupported depth ${depth} colour ${colour}`);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT')
      idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? rows[y * stride + x - channels] : 0;
      const b = y > 0 ? rows[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? rows[(y - 1) * stride + x - channels] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      rows[y * stride + x] = (v + predictor) & 0xff;
    }
  }
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) {
    const p = rows.subarray(i * channels, i * channels + channels);
    gray[i] = channels >= 3 ? Math.round(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]) : p[0];
  }
  return { width, height, gray };
}
