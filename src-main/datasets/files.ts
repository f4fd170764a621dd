/**
 * Reading dataset files from disk: whole files as bytes, gunzipped when they are gzip (by the
 * 1f 8b magic, whatever the name), and a cheap look at an idx header for listings.
 *
 * A dataset path may have come from someone else (a run bundle), so nothing here trusts it:
 * only regular files are read (a FIFO, a device such as /dev/zero or a folder is refused before
 * any byte is read; the file is opened non-blocking so a FIFO cannot hang the open), a file
 * larger than its limit is refused from its size, and gunzip stops at the same limit, so a
 * gzip bomb costs at most the limit in memory.
 */
import {
  closeSync,
  constants as fs,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { constants, gunzip, gunzipSync } from 'node:zlib';
import type { RefusalKind } from '../../src-shared/base/errors';
import { DatasetError } from '../../src-shared/datasets/errors';

const gunzipAsync = promisify(gunzip);

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** The largest file (after gunzip) each format may be. MNIST's largest file is 47 MB; a CSV is
 * parsed into numbers, so its limit is lower. */
export const dataFileLimits = { idx: 2 * GiB, csv: 512 * MiB } as const;

export type DataFormat = keyof typeof dataFileLimits;

/** How many bytes a read may produce, and the words that name the limit in a refusal. */
export interface ReadLimit {
  bytes: number;
  /** "the 512 MiB limit for CSV files", "the 57 bytes its idx header declares". */
  describe: string;
}

/** The limit of a format, for the file on disk and for what it decompresses to. */
export function formatLimit(format: DataFormat): ReadLimit {
  const bytes = dataFileLimits[format];
  return {
    bytes,
    describe: `the ${formatBytes(bytes)} limit for ${format === 'csv' ? 'CSV' : 'idx'} files`,
  };
}

/** "512 MiB", "2 GiB", "1.5 KiB", "57 bytes". */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [GiB, 'GiB'],
    [MiB, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units)
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`;
  return `${n} byte${n === 1 ? '' : 's'}`;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** How a request naming a path that failed with `code` is refused: a path that names nothing
 * is not found (404); one that exists but cannot be used is invalid (400). */
export function refusalOf(code: string): RefusalKind {
  return code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : 'invalid';
}

function unreadable(path: string, error: unknown): DatasetError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new DatasetError(path, `cannot be read (${code})`, refusalOf(code));
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}

/** Why a file cannot be read as a dataset file (not a regular file, or too large), or null. */
function fileProblem(s: Stats, limit: ReadLimit): string | null {
  if (!s.isFile()) return `is ${kindOf(s)}, expected a regular file`;
  if (s.size > limit.bytes) return `is ${formatBytes(s.size)}, larger than ${limit.describe}`;
  return null;
}

/** Non-blocking, so opening a FIFO returns at once (and is then refused by fileProblem). */
const OPEN_FLAGS = fs.O_RDONLY | fs.O_NONBLOCK;

/** Opens `path` for reading if it is a regular file no larger than `limit`; throws otherwise. */
function openRegular(path: string, limit: ReadLimit): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(path, error);
  }
  const s = fstatSync(fd);
  const problem = fileProblem(s, limit);
  if (problem) {
    closeSync(fd);
    throw new DatasetError(path, problem);
  }
  return { fd, size: s.size };
}

/** The async twin of openRegular. */
async function openRegularAsync(path: string, limit: ReadLimit): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(path, error);
  }
  const problem = fileProblem(await handle.stat(), limit);
  if (problem) {
    await handle.close();
    throw new DatasetError(path, problem);
  }
  return handle;
}

function gunzipError(path: string, limit: ReadLimit, error: unknown): DatasetError {
  if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
    return new DatasetError(path, `decompresses to more than ${limit.describe}`);
  return new DatasetError(path, `is not valid gzip: ${(error as Error).message}`);
}

/** "path:size:mtime", which changes when the file does (the cache key of parsed files). */
export function fileStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${resolve(path)}:${s.size}:${s.mtimeMs}`;
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** The file's bytes, gunzipped when it is gzip: the file is at most its format's limit, and
 * what it decompresses to at most `limit` (by default the same). */
export function readDataFile(
  path: string,
  format: DataFormat,
  limit: ReadLimit = formatLimit(format),
): Uint8Array {
  const { fd } = openRegular(path, formatLimit(format));
  let raw: Uint8Array;
  try {
    raw = readFileSync(fd);
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    closeSync(fd);
  }
  if (!isGzip(raw)) return raw;
  try {
    return gunzipSync(raw, { maxOutputLength: limit.bytes });
  } catch (error) {
    throw gunzipError(path, limit, error);
  }
}

/** readDataFile without blocking the event loop: the read and the gunzip run in libuv's pool
 * (an owner process stays responsive while a large file comes in). */
export async function readDataFileAsync(
  path: string,
  format: DataFormat,
  limit: ReadLimit = formatLimit(format),
): Promise<Uint8Array> {
  const handle = await openRegularAsync(path, formatLimit(format));
  let raw: Uint8Array;
  try {
    raw = await handle.readFile();
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
  if (!isGzip(raw)) return raw;
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit.bytes });
  } catch (error) {
    throw gunzipError(path, limit, error);
  }
}

/** Compressed bytes read for a header: at most about 4 MB once inflated, whatever the file. */
const HEAD_INPUT = 4096;

/** The first `length` bytes of what a file's first bytes `start` hold (gunzipped for gzip). */
function headOf(path: string, start: Uint8Array, length: number): Uint8Array {
  if (!isGzip(start)) return start.subarray(0, length);
  try {
    // Z_SYNC_FLUSH lets zlib decode the start of a stream without its end.
    return gunzipSync(start, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, length);
  } catch (error) {
    throw new DatasetError(path, `is not valid gzip: ${(error as Error).message}`);
  }
}

const anySize: ReadLimit = { bytes: Infinity, describe: '' };

/** The first bytes of a file (of its gunzipped content for gzip), enough for an idx header. */
export function readHead(path: string, length = 16): Uint8Array {
  const { fd, size } = openRegular(path, anySize);
  try {
    const chunk = Buffer.alloc(Math.min(HEAD_INPUT, Math.max(length, size)));
    const n = readSync(fd, chunk, 0, chunk.length, 0);
    return headOf(path, chunk.subarray(0, n), length);
  } finally {
    closeSync(fd);
  }
}

async function readHeadAsync(path: string, length = 16): Promise<Uint8Array> {
  const handle = await openRegularAsync(path, anySize);
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(HEAD_INPUT), 0, HEAD_INPUT, 0);
    return headOf(path, buffer.subarray(0, bytesRead), length);
  } finally {
    await handle.close();
  }
}

/**
 * The read limit of an idx file: the length its header declares (magic, sizes, then one byte per
 * value) plus one byte, so an over-long file is still seen as over-long, and never more than
 * dataFileLimits.idx. A gzip bomb behind a small header stops right after the header's size.
 */
export function idxReadLimit(path: string): ReadLimit {
  return idxLimitOf(readHead(path, 16));
}

/** idxReadLimit without blocking the event loop. */
export async function idxReadLimitAsync(path: string): Promise<ReadLimit> {
  return idxLimitOf(await readHeadAsync(path, 16));
}

function idxLimitOf(head: Uint8Array): ReadLimit {
  const dims = head.length >= 4 ? head[3] : 0;
  const whole = formatLimit('idx');
  if (dims < 1 || dims > 3 || head.length < 4 + 4 * dims) return whole; // the parser names it
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let declared = 4 + 4 * dims;
  let values = 1;
  for (let i = 0; i < dims; i++) values *= view.getUint32(4 + 4 * i, false);
  declared += values;
  if (declared >= whole.bytes) return whole;
  return { bytes: declared + 1, describe: `the ${formatBytes(declared)} its idx header declares` };
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
