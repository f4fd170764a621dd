/**
 * Fetching Fashion-MNIST, against a local HTTP server (this machine has no internet): the files
 * are small idx sets made here, with their MD5s in the table the fetch checks. Then the catalog
 * finds the downloaded copy in the data folder, and says how to get it when it is absent.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FASHION_FILES, fetchFashionMnist, type PublishedFile } from './fetch';
import { FASHION_FETCH_COMMAND, fashionDir, fashionDownloadDir } from './locations';
import { listDatasets } from './catalog';

/** An idx file: magic (0, 0, type 8 = u8, dimensions), big-endian sizes, then the bytes. */
function idx(dims: number[], fill: (i: number) => number): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.set([0, 0, 8, dims.length]);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  return Buffer.concat([header, Buffer.from(Array.from({ length: count }, (_, i) => fill(i)))]);
}

const served = new Map<string, Buffer>([
  ['train-images-idx3-ubyte.gz', gzipSync(idx([30, 28, 28], (i) => i % 256))],
  ['train-labels-idx1-ubyte.gz', gzipSync(idx([30], (i) => i % 10))],
  ['t10k-images-idx3-ubyte.gz', gzipSync(idx([12, 28, 28], (i) => (i * 7) % 256))],
  ['t10k-labels-idx1-ubyte.gz', gzipSync(idx([12], (i) => i % 10))],
]);
const table: PublishedFile[] = [...served].map(([name, bytes]) => ({
  name,
  md5: createHash('md5').update(bytes).digest('hex'),
}));
const requests: string[] = [];
let server: Server;
let base: string;
const home = mkdtempSync(join(tmpdir(), 'backprop-home-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = served.get((req.url ?? '').replace('/fashion/', ''));
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fashion/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => vi.unstubAllEnvs());

const where = (platform: NodeJS.Platform) => ({
  platform,
  env: { XDG_DATA_HOME: join(home, 'data') },
  home,
});

describe('backprop datasets fetch fashion-mnist', () => {
  it('names the published files with their MD5s', () => {
    expect(FASHION_FILES.map((f) => f.name).sort()).toEqual([...served.keys()].sort());
    for (const file of FASHION_FILES) expect(file.md5).toMatch(/^[0-9a-f]{32}$/);
  });

  it('downloads, verifies and installs the four files, and the catalog then finds them', async () => {
    const dir = fashionDownloadDir(where('linux'));
    expect(dir).toBe(join(home, 'data', 'backprop-workbench', 'datasets', 'fashion-mnist'));
    const progress: string[] = [];
    const paths = await fetchFashionMnist({
      dir,
      baseUrl: base,
      files: table,
      onProgress: (m) => progress.push(m),
    });
    expect(paths.map((p) => readFileSync(p).equals(served.get(p.split('/').pop()!)!))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(progress.filter((m) => m.endsWith('checksum verified'))).toHaveLength(4);
    expect(readdirSync(join(dir, '..'))).toEqual(['fashion-mnist']);
    vi.stubEnv('BACKPROP_FASHION_DIR', '');
    vi.stubEnv('XDG_DATA_HOME', join(home, 'data'));
    expect(fashionDir()).toBe(dir);
    const info = listDatasets().find((d) => d.id === 'fashion-mnist')!;
    expect(info).toMatchObject({ available: true, reason: null, testCount: 12 });
  });

  it('refuses a file whose checksum differs, naming it, and installs nothing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'backprop-fetch-')), 'fashion-mnist');
    mkdirSync(dir);
    writeFileSync(join(dir, table[0].name), 'earlier copy');
    const wrong = table.map((f, i) => (i === 2 ? { ...f, md5: '0'.repeat(32) } : f));
    await expect(fetchFashionMnist({ dir, baseUrl: base, files: wrong })).rejects.toThrow(
      `t10k-images-idx3-ubyte.gz from ${base}t10k-images-idx3-ubyte.gz has MD5 ${table[2].md5}, not the published ${'0'.repeat(32)}`,
    );
    expect(readdirSync(dir)).toEqual([table[0].name]);
    expect(readFileSync(join(dir, table[0].name), 'utf8')).toBe('earlier copy');
    expect(readdirSync(join(dir, '..'))).toEqual(['fashion-mnist']);
  });

  it('says which address failed and how', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'backprop-fetch-')), 'fashion-mnist');
    const missing = [...table, { name: 'extra-file.gz', md5: '0'.repeat(32) }];
    await expect(fetchFashionMnist({ dir, baseUrl: base, files: missing })).rejects.toThrow(
      `${base}extra-file.gz answered HTTP 404`,
    );
    expect(existsSync(dir)).toBe(false);
    await expect(
      fetchFashionMnist({ dir, baseUrl: 'http://127.0.0.1:9/', files: table }),
    ).rejects.toThrow(
      /^http:\/\/127\.0\.0\.1:9\/train-images-idx3-ubyte\.gz could not be downloaded/,
    );
    expect(requests).toContain('/fashion/extra-file.gz');
  });
});

describe('Fashion-MNIST when it is absent', () => {
  it.each(['darwin', 'win32', 'linux'] as const)(
    'is looked for in the data folder on %s',
    (platform) => {
      const context = { ...where(platform), env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' } };
      const dir = fashionDir(context);
      if (platform !== 'linux') expect(dir).toBe(fashionDownloadDir(context));
      expect(dir).toMatch(/datasets[\\/]fashion-mnist$|^\/usr\/share\/datasets\/fashion-mnist$/);
    },
  );

  it('says in the catalog (which the UI shows) which command gets it', () => {
    vi.stubEnv('BACKPROP_FASHION_DIR', join(home, 'nowhere'));
    const info = listDatasets().find((d) => d.id === 'fashion-mnist')!;
    expect(info.available).toBe(false);
    expect(info.reason).toContain(`${join(home, 'nowhere')}: not installed`);
    expect(info.reason).toContain(FASHION_FETCH_COMMAND);
  });
});
