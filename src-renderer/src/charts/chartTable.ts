/**
 * A chart's data as a table (the text alternative of every chart): columns with headers and rows
 * of text. Line charts give one row per x and one column per series; a band's cell reads
 * "mean ± std".
 */
import type { PlotSeries } from './plotSeries';

export interface TableData {
  columns: string[];
  rows: string[][];
}

export type CellFormat = (value: number) => string;

/** A value as text; null (nothing measured) as an en dash, NaN and ±Infinity as themselves. */
export function cellText(value: number | null | undefined, format: CellFormat): string {
  if (value === null || value === undefined) return '–';
  return Number.isFinite(value) ? format(value) : String(value);
}

/** The union of the series' x values, ascending; one column per series after the x column. */
export function lineTable(
  series: readonly PlotSeries[],
  xLabel: string,
  format: CellFormat,
): TableData {
  const xs = new Set<number>();
  const lookups = series.map((s) => {
    const at = new Map<number, string>();
    for (let i = 0; i < s.x.length; i++) {
      xs.add(s.x[i]);
      const mean = cellText(s.y[i], format);
      const spread = s.band ? (Number(s.band.upper[i]) - Number(s.band.lower[i])) / 2 : null;
      at.set(s.x[i], spread !== null && s.y[i] !== null ? `${mean} ± ${format(spread)}` : mean);
    }
    return at;
  });
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    columns: [xLabel, ...series.map((s) => s.label)],
    rows: sorted.map((x) => [String(x), ...lookups.map((at) => at.get(x) ?? '')]),
  };
}
