/**
 * Zip archives: an .npz as numpy.savez writes one (a zip of `<name>.npy` members) and the app's
 * Markdown download (the .md and its charts/ PNGs). Members are stored without compression
 * (method 0; the PNGs are compressed already), each with its CRC-32 (node:zlib), names in UTF-8.
 * Sizes stay under 4 GiB (no ZIP64): a larger archive is refused with the reason. The members'
 * time is fixed (1980-01-01) so the same files give the same bytes. readZip reads what
 * numpy.savez and savez_compressed write (stored or deflated members) back, for files logged
 * through the logging API.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import type { NpyEntry } from '../../../src-shared/report/npy';

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const LIMIT = 0xffffffff;
const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;

/** Bit 11 of the general-purpose flags: the name is UTF-8 (APPNOTE 4.4.4). */
const UTF8_NAMES = 1 << 11;

/** An .npz archive: `<name>.npy` members. */
export const encodeNpz = (entries: NpyEntry[]): Uint8Array =>
  encodeZip(entries.map((e) => ({ name: `${e.name}.npy`, bytes: e.bytes })));

/** A zip of the files at their paths ("charts/cost.png"), in order. */
export function encodeZip(entries: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const crc = crc32(entry.bytes);
    if (entry.bytes.length >= LIMIT || offset >= LIMIT)
      throw new Error(`The archive would pass 4 GiB at ${entry.name}: too large for a plain zip`);
    const local = header(30, name, [
      [0, LOCAL_SIGNATURE, 4],
      [4, 20, 2], // version needed: 2.0
      [6, UTF8_NAMES, 2],
      [12, DOS_DATE_1980_01_01, 2],
      [14, crc, 4],
      [18, entry.bytes.length, 4],
      [22, entry.bytes.length, 4],
      [26, name.length, 2],
    ]);
    const central = header(46, name, [
      [0, CENTRAL_SIGNATURE, 4],
      [4, 20, 2], // version made by
      [6, 20, 2], // version needed
      [8, UTF8_NAMES, 2],
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
    [0, END_SIGNATURE, 4],
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

/** One member of a zip: its name and its bytes, uncompressed and CRC-checked. */
export interface ZipMember {
  name: string;
  bytes: Uint8Array;
}

/**
 * The members of a plain zip (no ZIP64, no encryption; stored or deflated), read through its
 * central directory; each member is inflated to at most the size it declares, and together to at
 * most `maxTotal` bytes, so a small file cannot expand without bound. Throws an Error saying what
 * was expected.
 */
export function readZip(bytes: Uint8Array, maxTotal: number): ZipMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  let total = 0;
  const members: ZipMember[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      throw new Error(`expected zip directory entry ${i + 1} of ${count}, found none`);
    const entry = centralEntry(view, bytes, at);
    // Readers keep one of two same-named members, not always the same one.
    if (names.has(entry.name))
      throw new Error(`expected each member once, the zip holds "${entry.name}" twice`);
    names.add(entry.name);
    total += entry.size;
    if (total > maxTotal)
      throw new Error(`expected at most ${maxTotal} bytes once unzipped, got more`);
    members.push({ name: entry.name, bytes: memberBytes(view, bytes, entry) });
    at += 46 + entry.nameLength + entry.extraLength + entry.commentLength;
  }
  return members;
}

function endOfCentralDirectory(view: DataView): number {
  const last = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= last; at--)
    if (view.getUint32(at, true) === END_SIGNATURE) return at;
  throw new Error('expected a zip archive (as numpy.savez writes): no end of central directory');
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  nameLength: number;
  extraLength: number;
  commentLength: number;
}

function centralEntry(view: DataView, bytes: Uint8Array, at: number): CentralEntry {
  const nameLength = view.getUint16(at + 28, true);
  const entry = {
    flags: view.getUint16(at + 8, true),
    method: view.getUint16(at + 10, true),
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    nameLength,
    extraLength: view.getUint16(at + 30, true),
    commentLength: view.getUint16(at + 32, true),
    offset: view.getUint32(at + 42, true),
    name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
  };
  if (entry.flags & 1) throw new Error(`expected an unencrypted zip, "${entry.name}" is encrypted`);
  if (entry.size === LIMIT || entry.compressedSize === LIMIT || entry.offset === LIMIT)
    throw new Error(`expected a zip without ZIP64 (under 4 GiB), "${entry.name}" uses it`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new Error(
      `expected stored or deflated members, "${entry.name}" uses method ${entry.method}`,
    );
  return entry;
}

function memberBytes(view: DataView, bytes: Uint8Array, entry: CentralEntry): Uint8Array {
  const at = entry.offset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE)
    throw new Error(`expected the local header of "${entry.name}" at byte ${at}`);
  const nameLength = view.getUint16(at + 26, true);
  // Python's zipfile (numpy.load) refuses this too; it also stops two directory entries from
  // sharing one member's bytes, since their names differ.
  const localName = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
  if (localName !== entry.name)
    throw new Error(
      `the local header of "${entry.name}" names "${localName}": the zip directory and its entries disagree`,
    );
  const start = at + 30 + nameLength + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length)
    throw new Error(`"${entry.name}" is cut short: the zip ends inside it`);
  const raw = bytes.subarray(start, start + entry.compressedSize);
  let data: Uint8Array;
  try {
    data =
      entry.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    throw new Error(`"${entry.name}" does not inflate: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc)
    throw new Error(`"${entry.name}" does not match its size and CRC-32 in the zip directory`);
  return data;
}
