/**
 * Small dataset files for the bad-input catalogue: a valid idx folder (10 train and 4 test images
 * of 2 × 2 pixels, classes 0 and 1) and CSV files, each bad case a copy with one defect.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

/** An idx file of unsigned bytes: magic 00 00 08 <dims>, big-endian sizes, then the data. */
export function idxBytes(sizes: number[], data: number[] | Uint8Array, dims = sizes.length) {
  const header = Buffer.alloc(4 + 4 * sizes.length);
  header.writeUInt32BE((0x08 << 8) | dims, 0);
  sizes.forEach((s, i) => header.writeUInt32BE(s, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

const pixels = (count: number, side = 2) =>
  Array.from({ length: count * side * side }, (_, i) => (i * 37) % 256);
const labels = (count: number) => Array.from({ length: count }, (_, i) => i % 2);

export type IdxName = 'train-images' | 'train-labels' | 't10k-images' | 't10k-labels';

/** The four files of a valid folder; `change` replaces some of them (or drops one with null). */
export function writeIdxFolder(
  dir: string,
  change: Partial<Record<IdxName, Buffer | null>> = {},
): string {
  mkdirSync(dir, { recursive: true });
  const files: Record<IdxName, Buffer | null> = {
    'train-images': idxBytes([10, 2, 2], pixels(10)),
    'train-labels': idxBytes([10], labels(10)),
    't10k-images': idxBytes([4, 2, 2], pixels(4)),
    't10k-labels': idxBytes([4], labels(4)),
    ...change,
  };
  for (const [name, bytes] of Object.entries(files)) {
    const kind = name.endsWith('images') ? 'idx3' : 'idx1';
    if (bytes) writeFileSync(join(dir, `${name}-${kind}-ubyte`), bytes);
  }
  return dir;
}

export const validImages = (count: number, side = 2) =>
  idxBytes([count, side, side], pixels(count, side));
export const validLabels = (values: number[]) => idxBytes([values.length], values);
export const gzipped = (bytes: Buffer) => gzipSync(bytes);

/** Writes `text` as a CSV file and returns its path. */
export function writeCsv(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Four rows of "label,x1,x2,x3,x4" with labels 0 and 1. */
export const goodCsvRows = ['0,1,0,0,1', '1,0,1,1,0', '0,1,1,0,0', '1,0,0,1,1'];
