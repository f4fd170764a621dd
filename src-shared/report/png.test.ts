import { describe, expect, it } from 'vitest';
import { crc32 as nodeCrc32, deflateSync, inflateSync } from 'node:zlib';
import {
  adler32,
  crc32,
  encodeGrayPng,
  encodeRgbPng,
  fromBase64,
  toBase64,
  zlibStored,
} from './png';

describe('the PNG encoder', () => {
  it('computes the CRC-32 and Adler-32 check values published for their reference inputs', () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(adler32(ascii('Wikipedia'))).toBe(0x11e60398);
    const random = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) % 251);
    expect(crc32(random)).toBe(nodeCrc32(random));
  });

  it('writes a zlib stream that zlib inflates back, across several stored blocks', () => {
    const data = Uint8Array.from({ length: 150_000 }, (_, i) => i % 256);
    expect(Buffer.compare(inflateSync(zlibStored(data)), Buffer.from(data))).toBe(0);
    expect(inflateSync(zlibStored(new Uint8Array(0))).length).toBe(0);
  });

  it('encodes a grayscale image whose IDAT holds each row after a filter byte 0', () => {
    const pixels = Uint8Array.from([0, 64, 128, 255, 10, 20]);
    const png = Buffer.from(encodeGrayPng({ width: 3, height: 2, pixels }));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString()).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([3, 2, 8, 0]);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString()).toBe('IDAT');
    expect([...inflateSync(png.subarray(41, 41 + idatLength))]).toEqual([
      0, 0, 64, 128, 0, 255, 10, 20,
    ]);
    expect(png.readUInt32BE(41 + idatLength)).toBe(nodeCrc32(png.subarray(37, 41 + idatLength)));
    expect(png.subarray(png.length - 8, png.length - 4).toString()).toBe('IEND');
  });

  it('refuses pixel data that does not match the size', () => {
    expect(() => encodeGrayPng({ width: 2, height: 2, pixels: new Uint8Array(3) })).toThrow(
      /expected 4 bytes of pixels, got 3/,
    );
    expect(() => encodeRgbPng({ width: 2, height: 1, pixels: new Uint8Array(2) })).toThrow(
      /expected 6 bytes of pixels, got 2/,
    );
  });

  it('encodes a colour image as truecolour (type 2), three bytes a pixel after each filter byte', () => {
    const pixels = Uint8Array.from([255, 0, 0, 0, 128, 255]);
    const png = Buffer.from(
      encodeRgbPng({ width: 2, height: 1, pixels }, (raw) => deflateSync(raw)),
    );
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([2, 1, 8, 2]);
    const idatLength = png.readUInt32BE(33);
    expect([...inflateSync(png.subarray(41, 41 + idatLength))]).toEqual([0, ...pixels]);
  });

  it('base64-encodes like Node for every padding length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 200) % 256);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect([...fromBase64(Buffer.from(bytes).toString('base64'))]).toEqual([...bytes]);
    }
    expect(() => fromBase64('ab$c')).toThrow(/unexpected character "\$"/);
  });
});
