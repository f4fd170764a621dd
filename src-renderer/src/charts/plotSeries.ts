/** What the line chart draws: one series per run or group, optionally with a ± band. */
export interface PlotSeries {
  id: string;
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number | null>;
  /** Lower and upper edge at each x (mean ± std across seeds). */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
  /** A dashed line ([5, 3]); `dash` names another pattern (several metrics on one chart). */
  dashed?: boolean;
  dash?: number[];
}

/** The line's dash pattern for chart.js (undefined: solid). */
export function dashOf(s: Pick<PlotSeries, 'dash' | 'dashed'>): number[] | undefined {
  return s.dash ?? (s.dashed ? [5, 3] : undefined);
}
