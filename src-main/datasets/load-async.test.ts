import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { clearDatasetCache, loadDataset, loadDatasetAsync } from './index';
import { readDataFileAsync } from './files';

let dir: string;
let folder: string;

/** An idx file of unsigned bytes. */
function idx(sizes: number[], data: Uint8Array): Buffer {
  const head = Buffer.alloc(4 + 4 * sizes.length);
  head.writeUInt32BE(0x0800 | sizes.length, 0);
  sizes.forEach((s, i) => head.writeUInt32BE(s, 4 + 4 * i));
  return Buffer.concat([head, data]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bpw-load-async-'));
  folder = join(dir, 'set');
  mkdirSync(folder);
  const count = 20_000; // 15 MB of pixels, gzipped: enough work to span many turns of the loop
  const pixels = Uint8Array.from({ length: count * 784 }, (_, i) => (i * 7919) % 251);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  writeFileSync(join(folder, 'train-images-idx3-ubyte.gz'), gzipSync(idx([count, 28, 28], pixels)));
  writeFileSync(join(folder, 'train-labels-idx1-ubyte'), idx([count], labels));
  writeFileSync(
    join(folder, 't10k-images-idx3-ubyte'),
    idx([10, 28, 28], pixels.subarray(0, 7840)),
  );
  writeFileSync(join(folder, 't10k-labels-idx1-ubyte'), idx([10], labels.subarray(0, 10)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => clearDatasetCache());

/** How many times the event loop turned while `work` ran. */
async function turnsDuring(work: () => unknown): Promise<number> {
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  await work();
  running = false;
  return turns;
}

describe('loading a dataset off the event loop', () => {
  it('lets the event loop turn while the files are read and gunzipped (the sync loader does not)', async () => {
    const spec = { kind: 'idx' as const, dir: folder };
    expect(await turnsDuring(() => loadDataset(spec))).toBe(0);
    clearDatasetCache();
    expect(await turnsDuring(() => loadDatasetAsync(spec))).toBeGreaterThan(2);
  });

  it('gives the same data as the sync loader', async () => {
    const spec = { kind: 'idx' as const, dir: folder };
    const async = await loadDatasetAsync(spec, { trainSize: 100 });
    clearDatasetCache();
    const sync = loadDataset(spec, { trainSize: 100 });
    expect(async.train.count).toBe(100);
    expect(Array.from(async.train.labels)).toEqual(Array.from(sync.train.labels));
    expect(async.test.inputs).toEqual(sync.test.inputs);
  });

  it('refuses a FIFO and a device without waiting on them', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(readDataFileAsync(fifo, 'csv')).rejects.toThrow(
      `${fifo}: is a FIFO (named pipe), expected a regular file`,
    );
    await expect(loadDatasetAsync({ kind: 'csv', path: '/dev/zero' })).rejects.toThrow(
      '/dev/zero: is a device, expected a regular file',
    );
  });
});
