/**
 * Colours for charts. Twenty series colours per theme, each at least 3:1 against the chart's
 * surface (WCAG 1.4.11) and apart from one another, and a blue–white–red diverging map for signed
 * quantities such as weights, where 0 must read as "nothing".
 */
import { isDark } from '../composables/useTheme';
/** The series colours: one list for the app and the reports. */
import { seriesPalettes } from '../../../src-shared/report/series-palette';

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
