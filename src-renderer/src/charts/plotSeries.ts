/** What the line chart draws: one series per run or group, optionally with a ± band. */
export interface PlotSeries {
  id: string;
  label: string;
  color: string;
  x: ArrayLike<number>;
  y: ArrayLike<number | null>;
  /** Lower and upper edge at each x (mean ± std across seeds). */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
  dashed?: boolean;
}
