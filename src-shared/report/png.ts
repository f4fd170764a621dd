/**
 * A minimal PNG encoder for 8-bit grayscale images, with no compression library: the zlib stream
 * uses "stored" deflate blocks (RFC 1951 §3.2.4, BTYPE = 00, at most 65,535 bytes each), so the file
 * is about as large as the raw pixels — fine for small hidden-unit montages. Chunks carry CRC-32
 * (PNG spec §5.5); the zlib stream ends with Adler-32 (RFC 1950).
 */
import { reflectedCrc32 } from '../base/crc32';

/** A grayscale image: pixels[y * width + x] in 0 (black) … 255 (white). */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** CRC-32 as PNG chunks carry it (PNG spec §5.5). */
export const crc32 = reflectedCrc32(0xedb88320);

export function adler32(bytes: Uint8Array): number {
  let [a, b] = [1, 0];
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib stream of stored blocks: header 78 01, blocks [final, LEN, ~LEN, data], Adler-32 big-endian. */
export function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
  const view = new DataView(out.buffer);
  out.set([0x78, 0x01]);
  let at = 2;
  for (let i = 0; i < blocks; i++) {
    const chunk = data.subarray(i * 65535, (i + 1) * 65535);
    out[at] = i === blocks - 1 ? 1 : 0;
    view.setUint16(at + 1, chunk.length, true);
    view.setUint16(at + 3, ~chunk.length & 0xffff, true);
    out.set(chunk, at + 5);
    at += 5 + chunk.length;
  }
  view.setUint32(at, adler32(data));
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A zlib stream of the bytes (RFC 1950); zlibStored by default, a real deflater where the host
 * has one (node:zlib's deflateSync makes charts about 20 times smaller). */
export type Zlib = (data: Uint8Array) => Uint8Array;

/** Encodes the image as PNG: colour type 0 (grayscale), bit depth 8, filter 0 on every row. */
export function encodeGrayPng(image: GrayImage, zlib: Zlib = zlibStored): Uint8Array {
  return encodePng(image.width, image.height, 1, image.pixels, zlib);
}

/** A colour image: pixels[(y * width + x) * 3 + c], c = red, green, blue, each 0 … 255. */
export interface RgbImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Encodes the image as PNG: colour type 2 (truecolour), bit depth 8, filter 0 on every row. */
export function encodeRgbPng(image: RgbImage, zlib: Zlib = zlibStored): Uint8Array {
  return encodePng(image.width, image.height, 3, image.pixels, zlib);
}

function encodePng(
  width: number,
  height: number,
  channels: 1 | 3,
  pixels: Uint8Array,
  zlib: Zlib,
): Uint8Array {
  const row = width * channels;
  if (pixels.length !== row * height)
    throw new Error(`PNG: expected ${row * height} bytes of pixels, got ${pixels.length}`);
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, channels === 3 ? 2 : 0, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (row + 1));
  for (let y = 0; y < height; y++)
    raw.set(pixels.subarray(y * row, (y + 1) * row), y * (row + 1) + 1);
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = [
    signature,
    chunk('IHDR', header),
    chunk('IDAT', zlib(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 base64 of bytes (src-shared has no Buffer). */
export function toBase64(bytes: Uint8Array): string {
  const out: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1] ?? 0, bytes[i + 2] ?? 0];
    const n = (a << 16) | (b << 8) | c;
    out.push(alphabet[n >> 18], alphabet[(n >> 12) & 63]);
    out.push(
      i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=',
      i + 2 < bytes.length ? alphabet[n & 63] : '=',
    );
  }
  return out.join('');
}

/** The bytes of RFC 4648 base64 text (padding optional). */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let [bits, value, at] = [0, 0, 0];
  for (const ch of clean) {
    const digit = alphabet.indexOf(ch);
    if (digit < 0) throw new Error(`base64: unexpected character ${JSON.stringify(ch)}`);
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** UTF-8 bytes of text, for data URIs of SVG. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
