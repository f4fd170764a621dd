/**
 * An .npz archive as numpy.savez writes one: a zip of `<name>.npy` members, stored without
 * compression (method 0), each with its CRC-32 (node:zlib). Sizes stay under 4 GiB (no ZIP64):
 * a larger network is refused with the reason. The members' time is fixed (1980-01-01) so the
 * same weights give the same bytes.
 */
import { crc32 } from 'node:zlib';
import type { NpyEntry } from '../../../src-shared/report/npy';

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const LIMIT = 0xffffffff;

export function encodeNpz(entries: NpyEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(`${entry.name}.npy`);
    const crc = crc32(entry.bytes);
    if (entry.bytes.length >= LIMIT || offset >= LIMIT)
      throw new Error(`The .npz would pass 4 GiB at ${entry.name}: too large for a plain zip`);
    const local = header(30, name, [
      [0, 0x04034b50, 4], // local file header signature
      [4, 20, 2], // version needed: 2.0
      [12, DOS_DATE_1980_01_01, 2],
      [14, crc, 4],
      [18, entry.bytes.length, 4],
      [22, entry.bytes.length, 4],
      [26, name.length, 2],
    ]);
    const central = header(46, name, [
      [0, 0x02014b50, 4], // central directory header signature
      [4, 20, 2], // version made by
      [6, 20, 2], // version needed
      [14, DOS_DATE_1980_01_01, 2],
      [16, crc, 4],
      [20, entry.bytes.length, 4],
      [24, entry.bytes.length, 4],
      [28, name.length, 2],
      [42, offset, 4],
    ]);
    locals.push(local, entry.bytes);
    centrals.push(central);
    offset += local.length + entry.bytes.length;
  }
  const size = centrals.reduce((n, c) => n + c.length, 0);
  const end = header(22, new Uint8Array(0), [
    [0, 0x06054b50, 4], // end of central directory signature
    [8, entries.length, 2],
    [10, entries.length, 2],
    [12, size, 4],
    [16, offset, 4],
  ]);
  return concat([...locals, ...centrals, end]);
}

/** A fixed-size little-endian record followed by `name`; fields not listed are zero. */
function header(size: number, name: Uint8Array, fields: [number, number, 2 | 4][]): Uint8Array {
  const bytes = new Uint8Array(size + name.length);
  const view = new DataView(bytes.buffer);
  for (const [at, value, width] of fields) {
    if (width === 2) view.setUint16(at, value, true);
    else view.setUint32(at, value, true);
  }
  bytes.set(name, size);
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
