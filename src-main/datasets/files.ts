/**
 * Reading dataset files from disk: whole files as bytes, gunzipped when they are gzip (by the
 * 1f 8b magic, whatever the name), and a cheap look at an idx header for listings.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { DatasetError } from '../../src-shared/datasets/errors';

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function unreadable(path: string, error: unknown): DatasetError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new DatasetError(path, `cannot be read (${code})`);
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

/** The file's bytes, gunzipped when it is gzip. */
export function readDataFile(path: string): Uint8Array {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (!isGzip(raw)) return raw;
  try {
    return gunzipSync(raw);
  } catch (error) {
    throw new DatasetError(path, `is not valid gzip: ${(error as Error).message}`);
  }
}

/** The first bytes of a file (of its gunzipped content for gzip), enough for an idx header. */
export function readHead(path: string, length = 16): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(Math.min(65536, Math.max(length, statSync(path).size)));
    const n = readSync(fd, chunk, 0, chunk.length, 0);
    const head = chunk.subarray(0, n);
    if (!isGzip(head)) return head.subarray(0, length);
    // Z_SYNC_FLUSH lets zlib decode the start of a stream without its end.
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
