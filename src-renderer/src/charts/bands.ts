/**
 * Mean ± standard deviation across runs (typically the seeds of one configuration), per epoch.
 * std is the sample standard deviation s = √(Σ(v − mean)² / (n − 1)) (0 for a single run).
 * A non-finite value in any run makes that epoch's mean NaN: a diverged seed must not vanish
 * into an average.
 */

export interface CurveValues {
  epoch: readonly number[];
  values: readonly (number | null)[];
}

export interface Band {
  epoch: number[];
  mean: number[];
  std: number[];
  /** How many runs had a value at the epoch. */
  n: number[];
}

function collectByEpoch(curves: readonly CurveValues[]): Map<number, number[]> {
  const byEpoch = new Map<number, number[]>();
  for (const curve of curves) {
    curve.epoch.forEach((epoch, i) => {
      const v = curve.values[i];
      if (v === null || v === undefined) return;
      const list = byEpoch.get(epoch) ?? [];
      list.push(v);
      byEpoch.set(epoch, list);
    });
  }
  return byEpoch;
}

export function meanStdByEpoch(curves: readonly CurveValues[]): Band {
  const byEpoch = collectByEpoch(curves);
  const band: Band = { epoch: [], mean: [], std: [], n: [] };
  for (const epoch of [...byEpoch.keys()].sort((a, b) => a - b)) {
    const values = byEpoch.get(epoch) as number[];
    const n = values.length;
    const mean = values.reduce((s, v) => s + v, 0) / n;
    const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
    band.epoch.push(epoch);
    band.mean.push(mean);
    band.std.push(Math.sqrt(variance));
    band.n.push(n);
  }
  return band;
}
