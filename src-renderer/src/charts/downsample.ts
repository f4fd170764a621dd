/**
 * Downsampling for line charts that must not hide what matters: min-max decimation per x bucket.
 * A 100,000-point curve drawn 800 px wide needs about 4 points per pixel column to look identical:
 * the first, lowest, highest and last point of the column. Averaging (or picking every k-th point)
 * would erase a one-epoch spike; min-max keeps it. Non-finite values (NaN, ±Infinity from a
 * diverged run) break the line and are reported in `nanX` so the chart can mark them.
 */

export interface Downsampled {
  x: number[];
  /** null = a gap in the line (where non-finite values were). */
  y: (number | null)[];
  /** x of the first non-finite value in each bucket that has one. */
  nanX: number[];
}

/** Below this many input points per bucket the series is returned whole (only NaN → gap). */
const POINTS_PER_BUCKET = 4;

/** Accumulates the finite points of one bucket segment: indices of first, min, max and last. */
class Segment {
  first = -1;
  last = -1;
  min = -1;
  max = -1;

  add(i: number, y: ArrayLike<number | null>): void {
    if (this.first < 0) this.first = this.min = this.max = i;
    this.last = i;
    if ((y[i] as number) < (y[this.min] as number)) this.min = i;
    if ((y[i] as number) > (y[this.max] as number)) this.max = i;
  }

  /** Appends the kept points in x order and resets. */
  flush(x: ArrayLike<number>, y: ArrayLike<number | null>, out: Downsampled): void {
    if (this.first < 0) return;
    const kept = [...new Set([this.first, this.min, this.max, this.last])].sort((a, b) => a - b);
    for (const i of kept) {
      out.x.push(x[i]);
      out.y.push(y[i]);
    }
    this.first = this.last = this.min = this.max = -1;
  }
}

function isGap(v: number | null): boolean {
  return v !== null && !Number.isFinite(v);
}

/** The whole series, with non-finite values turned into gaps and listed in nanX. */
function passThrough(x: ArrayLike<number>, y: ArrayLike<number | null>): Downsampled {
  const out: Downsampled = { x: [], y: [], nanX: [] };
  for (let i = 0; i < x.length; i++) {
    if (y[i] === null) continue;
    out.x.push(x[i]);
    out.y.push(isGap(y[i]) ? null : y[i]);
    if (isGap(y[i])) out.nanX.push(x[i]);
  }
  return out;
}

/**
 * Min-max downsampling of (x[i], y[i]), x ascending, into at most about 9 points per bucket
 * (4 before a gap, the gap, 4 after). null y values are missing measurements and skipped;
 * non-finite y values become one gap per bucket.
 */
export function downsampleMinMax(
  x: ArrayLike<number>,
  y: ArrayLike<number | null>,
  buckets: number,
): Downsampled {
  const n = Math.min(x.length, y.length);
  if (n <= Math.max(1, buckets) * POINTS_PER_BUCKET) return passThrough(x, y);
  const x0 = x[0];
  const span = x[n - 1] - x0 || 1;
  const out: Downsampled = { x: [], y: [], nanX: [] };
  const segment = new Segment();
  let bucket = -1;
  let gapInBucket = false;
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.floor(((x[i] - x0) / span) * buckets));
    if (b !== bucket) {
      segment.flush(x, y, out);
      bucket = b;
      gapInBucket = false;
    }
    if (y[i] === null) continue;
    if (!isGap(y[i])) segment.add(i, y);
    else if (!gapInBucket) {
      segment.flush(x, y, out);
      out.x.push(x[i]);
      out.y.push(null);
      out.nanX.push(x[i]);
      gapInBucket = true;
    }
  }
  segment.flush(x, y, out);
  return out;
}
