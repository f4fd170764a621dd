/**
 * Reads the table of contents of an asar archive (Electron's format: a Chromium pickle holding the
 * JSON header, then the files' bytes), enough for the packaging test to list what a package holds.
 */
import { readFileSync } from 'node:fs';

export interface AsarEntry {
  size: number;
  offset?: string;
  /** True when the file lives beside the archive, in app.asar.unpacked. */
  unpacked?: boolean;
}

interface AsarDir {
  files: Record<string, AsarDir | AsarEntry>;
}

export interface AsarListing {
  entries: Map<string, AsarEntry>;
  /** A file's bytes (packed files only). */
  read(path: string): Buffer;
}

export function readAsar(file: string): AsarListing {
  const bytes = readFileSync(file);
  // [u32 4][u32 header pickle size] then the pickle: [u32 payload size][u32 string length][json]
  const headerPickleSize = bytes.readUInt32LE(4);
  const jsonLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.toString('utf8', 16, 16 + jsonLength)) as AsarDir;
  const dataStart = 8 + headerPickleSize;
  const entries = new Map<string, AsarEntry>();
  const walk = (dir: AsarDir, prefix: string): void => {
    for (const [name, node] of Object.entries(dir.files)) {
      const path = prefix ? `${prefix}/${name}` : name;
      if ('files' in node) walk(node, path);
      else entries.set(path, node);
    }
  };
  walk(header, '');
  return {
    entries,
    read(path) {
      const entry = entries.get(path);
      if (!entry || entry.unpacked || entry.offset === undefined)
        throw new Error(`${path} is not packed in ${file}`);
      const start = dataStart + Number(entry.offset);
      return bytes.subarray(start, start + entry.size);
    },
  };
}
