/**
 * Weight histograms over epochs as one heatmap: each epoch's histogram has its own [min, max],
 * so every histogram is re-binned onto one common value axis first. A source bin's count is
 * spread over the target bins it overlaps, in proportion to the overlap (counts are preserved).
 */
import type { Histogram } from '../../../src-shared/base/records';

export interface HeatmapGrid {
  /** Common value range of the y axis. */
  min: number;
  max: number;
  /** cells[column][bin], column = epoch index, bin 0 = lowest values. */
  cells: number[][];
}

/** Re-bins one histogram onto `bins` equal bins over [min, max]. */
export function rebin(h: Histogram, min: number, max: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  const n = h.counts.length;
  const span = max - min;
  if (n === 0 || !(span > 0)) {
    if (n > 0) out[0] = h.counts.reduce((s, c) => s + c, 0);
    return out;
  }
  const width = (h.max - h.min) / n;
  h.counts.forEach((count, i) => {
    if (count === 0) return;
    const lo = h.min + i * width;
    const hi = lo + width;
    if (!(width > 0)) {
      out[Math.min(bins - 1, Math.max(0, Math.floor(((lo - min) / span) * bins)))] += count;
      return;
    }
    const first = Math.max(0, Math.floor(((lo - min) / span) * bins));
    const last = Math.min(bins - 1, Math.floor(((hi - min) / span) * bins));
    for (let b = first; b <= last; b++) {
      const bLo = min + (b * span) / bins;
      const bHi = bLo + span / bins;
      const overlap = Math.min(hi, bHi) - Math.max(lo, bLo);
      if (overlap > 0) out[b] += (count * overlap) / width;
    }
  });
  return out;
}

/** One column per histogram on their common range, `bins` rows. Non-finite ranges are skipped. */
export function histogramGrid(histograms: readonly Histogram[], bins: number): HeatmapGrid {
  const finite = histograms.filter((h) => Number.isFinite(h.min) && Number.isFinite(h.max));
  const min = Math.min(...finite.map((h) => h.min));
  const max = Math.max(...finite.map((h) => h.max));
  if (!finite.length)
    return { min: 0, max: 0, cells: histograms.map(() => new Array<number>(bins).fill(0)) };
  return {
    min,
    max,
    cells: histograms.map((h) =>
      Number.isFinite(h.min) && Number.isFinite(h.max)
        ? rebin(h, min, max, bins)
        : new Array<number>(bins).fill(0),
    ),
  };
}
