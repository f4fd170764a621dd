/**
 * Reading the files of a store made elsewhere (an MLflow mlruns/ folder, a TensorBoard log
 * folder). Nothing here trusts the path: only regular files are read (a FIFO, a device or a socket
 * is refused before any byte is read; the open is non-blocking so a FIFO cannot hang it), each
 * kind of file has a size limit stated in its refusal, and large files are read in chunks, so
 * memory stays bounded by what is kept, not by the file.
 */
import { constants as fs, type Dirent, type Stats } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportError } from '../../src-shared/import/imported-run';
import { formatBytes } from '../datasets/files';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** The largest file of each kind: meta.yaml, a param or tag value (MLflow caps them at 8,000
 * characters), a metric file (about 30 bytes a value), a TensorBoard event file. */
export const sourceFileLimits = {
  meta: 1 * MiB,
  value: 1 * MiB,
  metric: 2 * GiB,
  events: 16 * GiB,
} as const;

/** The most values one import keeps in memory (each point is a small object). */
export const MAX_IMPORTED_POINTS = 5_000_000;

export type SourceKind = keyof typeof sourceFileLimits;

function unreadable(path: string, error: unknown): ImportError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  if (code === 'ENOENT') return new ImportError(path, 'does not exist');
  return new ImportError(path, `cannot be read (${code})`);
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFile()) return 'a file';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}

/** Opens a regular file no larger than its kind's limit; throws an ImportError otherwise. */
export async function openSourceFile(path: string, kind: SourceKind): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, fs.O_RDONLY | fs.O_NONBLOCK);
  } catch (error) {
    throw unreadable(path, error);
  }
  const s = await handle.stat();
  const limit = sourceFileLimits[kind];
  const problem = !s.isFile()
    ? `is ${kindOf(s)}, expected a regular file`
    : s.size > limit
      ? `is ${formatBytes(s.size)}, larger than the ${formatBytes(limit)} limit for ${kind} files`
      : null;
  if (problem) {
    await handle.close();
    throw new ImportError(path, problem);
  }
  return handle;
}

/** A whole small file as UTF-8 text, exactly as written (no newline translation). */
export async function readSourceText(path: string, kind: 'meta' | 'value'): Promise<string> {
  const handle = await openSourceFile(path, kind);
  try {
    return (await handle.readFile()).toString('utf8');
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
}

/** Calls `onLine` with each line of a text file (1-based numbers), reading it in chunks. */
export async function forEachLine(
  path: string,
  kind: SourceKind,
  onLine: (line: string, lineNumber: number) => void,
): Promise<void> {
  const handle = await openSourceFile(path, kind);
  let n = 0;
  try {
    // autoClose off: the handle is closed here, once, however the loop ends.
    for await (const line of handle.readLines({ encoding: 'utf8', autoClose: false }))
      onLine(line, ++n);
  } finally {
    await handle.close();
  }
}

/** The entries of a folder the user named (or one inside it), sorted by name for a stable order. */
export async function listFolder(path: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** Refuses a root that is not a folder, naming what it is. */
export async function requireFolder(path: string, what: string): Promise<void> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (!s.isDirectory()) throw new ImportError(path, `is ${kindOf(s)}, expected ${what}`);
}

/** Every file below `folder` (not following links to folders), as paths relative to it with "/". */
export async function filesBelow(folder: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await listFolder(join(folder, prefix))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await filesBelow(folder, relative)));
    else found.push(relative);
  }
  return found;
}

/** Reading a file in chunks of 1 MiB: `take(n)` gives the next n bytes, or fewer at its end. */
export class ChunkedReader {
  private buffer = new Uint8Array(0);
  private pos = 0;
  private fileOffset = 0;

  constructor(private readonly handle: FileHandle) {}

  /** Bytes of the file consumed so far. */
  get offset(): number {
    return this.fileOffset;
  }

  /** The next n bytes (a view valid until the next call), fewer only at the end of the file. */
  async take(n: number): Promise<Uint8Array> {
    if (this.buffer.length - this.pos < n) await this.fill(n);
    const available = Math.min(n, this.buffer.length - this.pos);
    const bytes = this.buffer.subarray(this.pos, this.pos + available);
    this.pos += available;
    this.fileOffset += available;
    return bytes;
  }

  private async fill(n: number): Promise<void> {
    const kept = this.buffer.subarray(this.pos);
    const next = new Uint8Array(Math.max(n, 1 * MiB) + kept.length);
    next.set(kept);
    let length = kept.length;
    while (length < n) {
      const { bytesRead } = await this.handle.read(next, length, next.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    this.buffer = next.subarray(0, length);
    this.pos = 0;
  }
}
