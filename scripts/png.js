// Just enough PNG for the app's icons: 8-bit RGBA only, written and read with node:zlib.
import { deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 of a chunk's type and data (PNG spec, section 5.5). */
function crc32(bytes) {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGBA image (width × height × 4 bytes, row by row) as a PNG file. */
export function encodePng({ width, height, rgba }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter set, no interlace
  const stride = width * 4;
  const raw = Buffer.alloc(height * (stride + 1)); // filter byte 0 (none) before each row
  for (let y = 0; y < height; y++)
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG spec, section 9) of 4-byte pixels in place. */
function unfilter(raw, width, height) {
  const stride = width * 4;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? out[y * stride + i - 4] : 0;
      const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= 4 && y > 0 ? out[(y - 1) * stride + i - 4] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type];
      if (predictor === undefined) throw new Error(`unknown PNG row filter ${type} in row ${y}`);
      out[y * stride + i] = (row[i] + predictor) & 0xff;
    }
  }
  return out;
}

/** Reads an 8-bit RGBA, non-interlaced PNG; anything else is refused, naming what it is. */
export function decodePng(bytes, name = 'the PNG') {
  if (!SIGNATURE.equals(bytes.subarray(0, 8))) throw new Error(`${name} is not a PNG file`);
  let at = 8;
  let header = null;
  const data = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  if (!header) throw new Error(`${name} has no IHDR chunk`);
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  if (header[8] !== 8 || header[9] !== 6 || header[12] !== 0)
    throw new Error(
      `${name} must be 8-bit RGBA without interlacing (bit depth ${header[8]}, colour type ${header[9]}, interlace ${header[12]})`,
    );
  return { width, height, rgba: unfilter(inflateSync(Buffer.concat(data)), width, height) };
}

/** Area-average downscale to size × size, weighting colour by alpha so edges do not darken. */
export function downscale(image, size) {
  const out = Buffer.alloc(size * size * 4);
  const scale = image.width / size;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      let n = 0;
      for (let sy = Math.floor(y * scale); sy < Math.ceil((y + 1) * scale); sy++)
        for (let sx = Math.floor(x * scale); sx < Math.ceil((x + 1) * scale); sx++) {
          const p = (sy * image.width + sx) * 4;
          const alpha = image.rgba[p + 3];
          for (let c = 0; c < 3; c++) sum[c] += image.rgba[p + c] * alpha;
          sum[3] += alpha;
          n++;
        }
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
      out[o + 3] = Math.round(sum[3] / n);
    }
  return { width: size, height: size, rgba: out };
}
