/**
 * How far apart two sessions' weights are, as the fast path's agreement with the reference engine
 * is stated (tests and `backprop bench --check`): max |a − b| over every weight and bias, divided
 * by the largest magnitude in b (at least 1).
 */
import { readCheckpoint } from '../../../src-shared/engine/checkpoint';
import type { TrainingSession } from '../../../src-shared/engine/session';

/** Weights then biases of every layer, from the session's checkpoint. */
export function sessionParameters(session: TrainingSession): Float64Array[] {
  const saved = readCheckpoint(session.checkpoint());
  return [...saved.weights, ...saved.biases].map((a) => Float64Array.from(a));
}

export function parameterDifference(a: Float64Array[], b: Float64Array[]): number {
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
