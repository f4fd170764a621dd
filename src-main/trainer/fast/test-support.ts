/** Synthetic datasets and helpers for the fast path's tests (not used by the app). */
import { inlineData } from '../../../src-shared/engine/test-support';
import { Rng } from '../../../src-shared/engine/rng';
import type { LoadedDataset } from '../../../src-shared/datasets/types';
import type { TrainingSession } from '../../../src-shared/engine/session';
import { readCheckpoint } from '../../../src-shared/engine/checkpoint';

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

/** Weights and biases of a session as flat float arrays, from its checkpoint. */
export function flatParameters(session: TrainingSession): Float64Array[] {
  const saved = readCheckpoint(session.checkpoint());
  return [...saved.weights, ...saved.biases].map((a) => Float64Array.from(a));
}

/** max |a − b| over all parameters, divided by max |b| (at least 1). */
export function relativeDifference(a: Float64Array[], b: Float64Array[]): number {
  let diff = 0;
  let scale = 1;
  a.forEach((x, l) =>
    x.forEach((v, i) => {
      diff = Math.max(diff, Math.abs(v - b[l][i]));
      scale = Math.max(scale, Math.abs(b[l][i]));
    }),
  );
  return diff / scale;
}
