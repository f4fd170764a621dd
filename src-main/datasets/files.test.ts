import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  ftruncateSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dataFileLimits, formatBytes, idxReadLimit, readDataFile, readHead } from './files';

let dir: string;
let fifo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bpw-files-'));
  fifo = join(dir, 'pipe.csv');
  execFileSync('mkfifo', [fifo]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An idx1 header declaring `count` labels, followed by `data`. */
function labelsFile(count: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(0x0801, 0);
  head.writeUInt32BE(count, 4);
  return Buffer.concat([head, data]);
}

describe('dataset files', () => {
  it('refuses a FIFO without waiting for a writer', () => {
    expect(() => readDataFile(fifo, 'csv')).toThrow(
      `${fifo}: is a FIFO (named pipe), expected a regular file`,
    );
    expect(() => readHead(fifo)).toThrow(/is a FIFO \(named pipe\)/);
  });

  it('refuses a device such as /dev/zero before reading a byte', () => {
    expect(() => readDataFile('/dev/zero', 'csv')).toThrow(
      '/dev/zero: is a device, expected a regular file',
    );
  });

  it('refuses a folder', () => {
    const folder = join(dir, 'a-folder.csv');
    mkdirSync(folder);
    expect(() => readDataFile(folder, 'csv')).toThrow(/a-folder\.csv: is a folder/);
  });

  it('refuses a CSV file over its limit from its size, stating the limit', () => {
    const big = join(dir, 'big.csv');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, dataFileLimits.csv + 1024 ** 2); // sparse: nothing is written or read
    closeSync(fd);
    expect(() => readDataFile(big, 'csv')).toThrow(
      `${big}: is 513 MiB, larger than the 512 MiB limit for CSV files`,
    );
  });

  it('stops a gzip bomb in an idx file right after the size its header declares', () => {
    const bomb = join(dir, 'train-labels-idx1-ubyte.gz');
    writeFileSync(bomb, gzipSync(labelsFile(4, Buffer.alloc(64 * 1024 * 1024))));
    const limit = idxReadLimit(bomb);
    expect(limit.bytes).toBe(8 + 4 + 1);
    expect(() => readDataFile(bomb, 'idx', limit)).toThrow(
      `${bomb}: decompresses to more than the 12 bytes its idx header declares`,
    );
  });

  it('still reads a gzip idx file of exactly its declared size', () => {
    const good = join(dir, 'good-labels-idx1-ubyte.gz');
    writeFileSync(good, gzipSync(labelsFile(3, Buffer.from([0, 1, 2]))));
    expect(Array.from(readDataFile(good, 'idx', idxReadLimit(good)))).toEqual([
      0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 2,
    ]);
  });

  it('writes sizes in the units a person reads', () => {
    expect(formatBytes(512 * 1024 ** 2)).toBe('512 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1)).toBe('1 byte');
  });
});
