/**
 * A line chart's text alternative, for its canvas's aria-label: what it plots and, per series,
 * where it starts and ends and its lowest and highest values. A screen reader cannot read a
 * canvas; this says what a sighted reader takes from the picture at a glance.
 */
import type { PlotSeries } from './plotSeries';

export interface SummaryLook {
  xLabel: string;
  yLabel: string;
  percent: boolean;
}

/** Series named in full; the rest are counted ("and 12 more"), so the label stays listenable. */
const NAMED = 5;

function format(v: number, percent: boolean): string {
  return percent ? `${(v * 100).toFixed(1)}%` : String(Number(v.toPrecision(3)));
}

/** "training: 0.452 at epoch 0 to 0.0912 at epoch 30, lowest 0.089, highest 0.452". */
function describeSeries(s: PlotSeries, look: SummaryLook): string {
  let [first, last] = [-1, -1];
  let [low, high] = [Infinity, -Infinity];
  // A loop, not Math.min(...ys): a curve may hold 100,000 points, beyond a call's argument limit.
  for (let i = 0; i < s.y.length; i++) {
    const y = s.y[i];
    if (y === null || !Number.isFinite(y)) continue;
    if (first < 0) first = i;
    last = i;
    [low, high] = [Math.min(low, y), Math.max(high, y)];
  }
  if (first < 0) return `${s.label}: no values yet`;
  const f = (v: number) => format(v, look.percent);
  const point = (i: number) => `${f(s.y[i] as number)} at ${look.xLabel} ${s.x[i]}`;
  return `${s.label}: ${point(first)} to ${point(last)}, lowest ${f(low)}, highest ${f(high)}`;
}

export function chartSummary(series: PlotSeries[], look: SummaryLook): string {
  const what = `${look.yLabel || 'value'} by ${look.xLabel}`;
  if (!series.length) return `${what}: no data`;
  const named = series.slice(0, NAMED).map((s) => describeSeries(s, look));
  const more = series.length > NAMED ? [`and ${series.length - NAMED} more series`] : [];
  return `${what}. ${[...named, ...more].join('; ')}.`;
}
