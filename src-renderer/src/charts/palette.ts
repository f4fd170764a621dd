/**
 * Colours for charts. Twenty series colours that stay apart on light and dark backgrounds
 * (the report's Tableau 10, then a darker ten), and a blue–white–red diverging map for signed
 * quantities such as weights, where 0 must read as "nothing".
 */
import { palette as tableau10 } from '../../../src-shared/report/svg-chart';

/** The report's Tableau 10 (same colours in the app and in exported reports), then a darker ten. */
const series = [
  ...tableau10,
  ...[
    '#1f4e79',
    '#b35806',
    '#8c1d18',
    '#2f7f7a',
    '#2d6a27',
    '#a88a00',
    '#6f3f66',
    '#c45b6a',
    '#5c4033',
    '#6e6a66',
  ],
];

/** The colour of series i (wraps after 20). */
export function seriesColor(i: number): string {
  return series[((i % series.length) + series.length) % series.length];
}

/** `#rrggbb` with an alpha, as rgba(), for bands and fills. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * Diverging map for t in [-1, 1]: -1 → blue (33, 102, 172), 0 → white, +1 → red (178, 24, 43)
 * (ColorBrewer RdBu ends), linear in between; values outside are clamped, NaN is grey.
 */
export function divergingRgb(t: number): [number, number, number] {
  if (Number.isNaN(t)) return [128, 128, 128];
  const c = Math.max(-1, Math.min(1, t));
  const end = c < 0 ? [33, 102, 172] : [178, 24, 43];
  const a = Math.abs(c);
  return [0, 1, 2].map((k) => Math.round(255 + (end[k] - 255) * a)) as [number, number, number];
}

/** Sequential map for t in [0, 1]: background-neutral white → deep blue, for counts. */
export function sequentialRgb(t: number): [number, number, number] {
  const c = Number.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
  return [Math.round(247 - 239 * c), Math.round(251 - 203 * c), Math.round(255 - 148 * c)];
}
