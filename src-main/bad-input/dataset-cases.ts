/** Dataset files (idx and CSV) that must be refused when a run names them, each naming the file. */
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { args, type BadCase } from './bad-case';
import {
  goodCsvRows,
  gzipped,
  validImages,
  validLabels,
  writeCsv,
  writeIdxFolder,
  type IdxName,
} from './dataset-files';

const run = (dataset: unknown, layers: number[]) => ({
  name: 'bad data',
  dataset,
  layers,
  learningRate: 1,
  batchSize: 2,
  epochs: 1,
});

/** A run on an idx folder that is valid except for `change`. */
const idx = (
  name: string,
  change: Partial<Record<IdxName, Buffer | null>>,
  error: RegExp,
  layers = [4, 3, 2],
): BadCase => ({
  name: `idx dataset: ${name}`,
  method: 'queue.enqueue',
  body: (dir) => {
    const folder = writeIdxFolder(join(dir, name.replace(/\W+/g, '-')), change);
    return args(run({ kind: 'idx', dir: folder }, layers));
  },
  status: 400,
  error,
});

/** A run on a CSV file with these lines. */
const csv = (name: string, text: string, error: RegExp, extra: object = {}): BadCase => ({
  name: `csv dataset: ${name}`,
  method: 'queue.enqueue',
  body: (dir) => {
    const path = writeCsv(dir, `${name.replace(/\W+/g, '-')}.csv`, text);
    return args(run({ kind: 'csv', path, ...extra }, [4, 3, 2]));
  },
  status: 400,
  error,
});

const rows = (...lines: string[]) => `${lines.join('\n')}\n`;

/** A copy of `bytes` with one byte changed. */
function withByte(bytes: Buffer, index: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = value;
  return copy;
}

/** A run on a CSV dataset at the path `place` makes (a device, a FIFO, a folder, a huge file). */
const csvAt = (name: string, place: (dir: string) => string, error: RegExp): BadCase => ({
  name: `csv dataset: ${name}`,
  method: 'queue.enqueue',
  body: (dir) => args(run({ kind: 'csv', path: place(dir) }, [4, 3, 2])),
  status: 400,
  error,
});

function fifoIn(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  execFileSync('mkfifo', ['-m', '600', path]);
  return path;
}

/** An idx1 label file whose header declares 4 labels and whose gzip holds 64 MiB of them. */
const labelBomb = () =>
  gzipped(Buffer.concat([validLabels([0, 1, 0, 1]).subarray(0, 8), Buffer.alloc(64 * 1024 ** 2)]));

/** The cases that once froze the owner: a file that never ends, never opens or never stops growing. */
const unboundedFiles: BadCase[] = [
  csvAt('/dev/zero', () => '/dev/zero', /\/dev\/zero: is a device, expected a regular file/),
  csvAt(
    'a FIFO',
    (dir) => fifoIn(dir, 'pipe.csv'),
    /pipe\.csv: is a FIFO \(named pipe\), expected a regular file/,
  ),
  csvAt(
    'a folder',
    (dir) => {
      mkdirSync(join(dir, 'folder.csv'), { recursive: true });
      return join(dir, 'folder.csv');
    },
    /folder\.csv: is a folder, expected a regular file/,
  ),
  csvAt(
    'a file over the size limit',
    (dir) => {
      const path = writeCsv(dir, 'huge.csv', '');
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, 600 * 1024 ** 2); // sparse: no disk is used
      closeSync(fd);
      return path;
    },
    /huge\.csv: is 600 MiB, larger than the 512 MiB limit for CSV files/,
  ),
  {
    name: 'idx dataset: a gzip bomb',
    method: 'queue.enqueue',
    body: (dir) => {
      const folder = writeIdxFolder(join(dir, 'gzip-bomb'), { 't10k-labels': null });
      writeFileSync(join(folder, 't10k-labels-idx1-ubyte.gz'), labelBomb());
      return args(run({ kind: 'idx', dir: folder }, [4, 3, 2]));
    },
    status: 400,
    error:
      /t10k-labels-idx1-ubyte\.gz: decompresses to more than the 12 bytes its idx header declares/,
  },
  {
    name: 'idx dataset: a FIFO for the images',
    method: 'queue.enqueue',
    body: (dir) => {
      const folder = writeIdxFolder(join(dir, 'fifo-images'), { 'train-images': null });
      fifoIn(folder, 'train-images-idx3-ubyte');
      return args(run({ kind: 'idx', dir: folder }, [4, 3, 2]));
    },
    status: 400,
    error: /train-images-idx3-ubyte: is a FIFO \(named pipe\)/,
  },
];

export const datasetCases: BadCase[] = [
  ...unboundedFiles,
  idx(
    'wrong magic number',
    { 'train-images': withByte(validImages(10), 3, 0x02) },
    /train-images-idx3-ubyte: wrong magic number 0x00000802, expected 0x00000803/,
  ),
  idx(
    'labels where images belong',
    { 't10k-images': validLabels([0, 1, 0, 1]) },
    /t10k-images-idx3-ubyte: wrong magic number 0x00000801, expected 0x00000803/,
  ),
  idx(
    'truncated images',
    { 'train-images': validImages(10).subarray(0, 40) },
    /train-images-idx3-ubyte: truncated: the header says 10 × 2 × 2 = 40 bytes of data, the file has 24/,
  ),
  idx(
    'an empty label file',
    { 'train-labels': Buffer.alloc(0) },
    /train-labels-idx1-ubyte: truncated: 0 bytes, too short for an idx1 label file/,
  ),
  idx(
    'an over-long file',
    { 't10k-labels': Buffer.concat([validLabels([0, 1, 0, 1]), Buffer.from([1])]) },
    /t10k-labels-idx1-ubyte: over-long/,
  ),
  idx(
    'image and label counts that differ',
    { 'train-labels': validLabels([0, 1, 0, 1, 0, 1, 0, 1, 0]) },
    /train-images-idx3-ubyte: has 10 images but \S*train-labels-idx1-ubyte has 9 labels/,
  ),
  idx(
    'a label beyond the output layer',
    { 'train-labels': validLabels([0, 1, 0, 1, 0, 1, 0, 1, 0, 7]) },
    /layers\[2\]: must be 8, the output size \(classes\) of idx:/,
  ),
  idx(
    'test images of another size',
    { 't10k-images': validImages(4, 3) },
    /t10k-images-idx3-ubyte: images are 3 × 3, expected 2 × 2/,
  ),
  idx(
    'a missing test label file',
    { 't10k-labels': null },
    /has no testLabels file; expected train-images-idx3-ubyte/,
  ),
  {
    name: 'idx dataset: a corrupt gzip file',
    method: 'queue.enqueue',
    body: (dir) => {
      const folder = writeIdxFolder(join(dir, 'corrupt-gzip'), { 'train-images': null });
      const good = gzipped(validImages(10));
      const bad = Buffer.concat([good.subarray(0, 10), Buffer.from('not deflate data')]);
      writeFileSync(join(folder, 'train-images-idx3-ubyte.gz'), bad);
      return args(run({ kind: 'idx', dir: folder }, [4, 3, 2]));
    },
    status: 400,
    error: /train-images-idx3-ubyte\.gz: is not valid gzip/,
  },
  {
    name: 'idx dataset: a folder that does not exist',
    method: 'queue.enqueue',
    body: (dir) => args(run({ kind: 'idx', dir: join(dir, 'nowhere') }, [4, 3, 2])),
    status: 400,
    error: /nowhere: cannot be listed \(ENOENT\)/,
  },
  csv(
    'ragged rows',
    rows(...goodCsvRows.slice(0, 2), '1,0,1', goodCsvRows[3]),
    /ragged-rows\.csv: line 3 has 3 fields, expected 5/,
  ),
  csv(
    'a non-numeric cell',
    rows(goodCsvRows[0], '1,0,abc,1,0'),
    /line 2, column 3: "abc" is not a finite number/,
  ),
  csv(
    'a formula in a cell',
    rows(goodCsvRows[0], '1,=1+1,0,1,0'),
    /line 2, column 2: "=1\+1" is not a finite number/,
  ),
  csv(
    'an infinite value',
    rows(goodCsvRows[0], '1,Infinity,0,1,0'),
    /line 2, column 2: "Infinity" is not a finite number/,
  ),
  csv('an empty file', '', /an-empty-file\.csv: is empty, expected lines of "label,input,input,…"/),
  csv('a header and no data', rows('label,a,b,c,d'), /has a header but no data lines/),
  csv(
    'a label out of range',
    rows(...goodCsvRows, '5,1,1,1,1'),
    /line 5: label 5 is out of range, expected a whole number from 0 below 2/,
    { classes: 2 },
  ),
  csv('a negative label', rows(goodCsvRows[0], '-1,1,1,1,1'), /line 2: label -1 is out of range/),
  csv(
    'a fractional label',
    rows(goodCsvRows[0], '0.5,1,1,1,1'),
    /line 2: label 0\.5 is out of range/,
  ),
  csv(
    'one column only',
    rows('0', '1'),
    /line 1 has 1 field, expected a label and at least one input/,
  ),
  {
    name: 'csv dataset: a file that does not exist',
    method: 'queue.enqueue',
    body: (dir) => args(run({ kind: 'csv', path: join(dir, 'missing.csv') }, [4, 3, 2])),
    status: 400,
    error: /missing\.csv: cannot be read \(ENOENT\)/,
  },
];
