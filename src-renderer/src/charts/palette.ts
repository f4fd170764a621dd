/**
 * Colours for charts. Twenty series colours per theme, each at least 3:1 against the chart's
 * surface (WCAG 1.4.11) and apart from one another, and a blue–white–red diverging map for signed
 * quantities such as weights, where 0 must read as "nothing".
 */
import { isDark } from '../composables/useTheme';

/**
 * The series colours: the hues of Tableau 10 (the report's colours) and then a darker ten, in that
 * order in both themes; only the lightness of each moves, per theme, so that it keeps 3:1 on the
 * surface (#ffffff light, #181c22 dark) and every pair stays at least 0.06 apart in Oklab (the
 * unadjusted palette's closest pair was 0.057). Chosen by a search over each colour's Oklab
 * lightness that maximises the closest pair, preferring small moves; palette.test.ts checks it.
 */
export const seriesPalettes = {
  light: [
    '#4d78a6',
    '#d77500',
    '#e95e5f',
    '#599995',
    '#58a04e',
    '#927000',
    '#b17ba2',
    '#a44b58',
    '#9a735d',
    '#968d89',
    '#1e4d78',
    '#b25805',
    '#8c1d18',
    '#30807b',
    '#2e6b28',
    '#a78900',
    '#6f3f66',
    '#c35a69',
    '#5c4033',
    '#6f6b67',
  ],
  dark: [
    '#5884b2',
    '#f38f2c',
    '#e95e5f',
    '#75b6b1',
    '#58a04e',
    '#ecc846',
    '#b17ba2',
    '#ff9ea8',
    '#9d7660',
    '#b9afab',
    '#416f9d',
    '#b25805',
    '#f68072',
    '#30807b',
    '#3d7936',
    '#a78900',
    '#8d5b83',
    '#c35a69',
    '#ad8d7f',
    '#6f6b67',
  ],
} as const;

/**
 * The colour of series i (wraps after 20) in the page's theme. Read inside a computed or a
 * render, it is reactive: charts recolour when the theme changes.
 */
export function seriesColor(i: number, dark: boolean = isDark.value): string {
  const series = dark ? seriesPalettes.dark : seriesPalettes.light;
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
