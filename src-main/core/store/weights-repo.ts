/**
 * Final weights of a run as one blob of float64 values (exact for float32 and float64 engines):
 *   [L, n_0, ..., n_L, W^1 row-major (n_1 × n_0), ..., W^L (n_L × n_{L-1}), b^1 (n_1), ..., b^L]
 * where L is the number of weight layers and W^l[j][k] is Nielsen's weight from neuron k of layer
 * l−1 to neuron j of layer l. About 8 bytes per parameter instead of ~20 as JSON text.
 * A conv net's conv layers follow (WeightsJson.features); a blob that ends above has none:
 *   [G, then per conv layer g: n_w, n_b, its n_w weights ([F, C, k, k]), its n_b biases]
 */
import type Database from 'better-sqlite3';
import type { FeatureWeightsJson, WeightsJson } from '../../../src-shared/base/records';

/** Packs WeightsJson into the blob layout above. */
export function encodeWeights(w: WeightsJson): Uint8Array {
  const L = w.weights.length;
  const sizes = [w.weights[0]?.[0]?.length ?? 0, ...w.weights.map((m) => m.length)];
  const rows = [...w.weights.flat(), ...w.biases, ...featureRows(w)];
  const out = new Float64Array(1 + sizes.length + rows.reduce((n, r) => n + r.length, 0));
  out[0] = L;
  out.set(sizes, 1);
  let at = 1 + sizes.length;
  for (const row of rows) {
    out.set(row, at);
    at += row.length;
  }
  return new Uint8Array(out.buffer);
}

function featureRows({ features }: WeightsJson): number[][] {
  if (!features) return [];
  const rows: number[][] = [[features.weights.length]];
  features.weights.forEach((w, g) => {
    const b = features.biases[g];
    rows.push([w.length, b.length], w, b);
  });
  return rows;
}

/** Unpacks the blob layout above. */
export function decodeWeights(bytes: Uint8Array): WeightsJson {
  const copy = new Uint8Array(bytes); // aligned copy: the Float64Array view needs 8-byte alignment
  const v = new Float64Array(copy.buffer, 0, copy.byteLength / 8);
  const L = v[0];
  const sizes = Array.from(v.subarray(1, L + 2));
  let at = L + 2;
  const take = (n: number) => Array.from(v.subarray(at, (at += n)));
  const weights = sizes
    .slice(1)
    .map((rows, l) => Array.from({ length: rows }, () => take(sizes[l])));
  const biases = sizes.slice(1).map((rows) => take(rows));
  if (at >= v.length) return { weights, biases };
  const features: FeatureWeightsJson = { weights: [], biases: [] };
  for (let g = take(1)[0]; g > 0; g--) {
    const [nW, nB] = take(2);
    features.weights.push(take(nW));
    features.biases.push(take(nB));
  }
  return { weights, biases, features };
}

export function createWeightsRepo(db: Database.Database) {
  const upsert = db.prepare('INSERT OR REPLACE INTO weights (run_id, data) VALUES (?, ?)');
  const selectOne = db.prepare('SELECT data FROM weights WHERE run_id = ?');

  return {
    save(runId: number, weights: WeightsJson): void {
      upsert.run(runId, Buffer.from(encodeWeights(weights)));
    },

    get(runId: number): WeightsJson | null {
      const row = selectOne.get(runId) as { data: Buffer } | undefined;
      return row ? decodeWeights(row.data) : null;
    },
  };
}

export type WeightsRepo = ReturnType<typeof createWeightsRepo>;
