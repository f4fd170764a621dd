/**
 * The run page's levels of depth for the diagnostics charts come from the doctor's layer-depth.ts,
 * which the exported reports and the gradient-depth rule read too, so all draw the same layers with
 * the same numbers; the conv layers' table names its layers and reads their speed by it as well.
 * Here: that table and its histograms, and how their numbers are written.
 */
import type { EpochRecord, Histogram, MeanStd } from '../../../../src-shared/base/records';
import { convLayerName, errorSignal } from '../../../../src-shared/diagnostics/doctor/layer-depth';

export {
  convFilterCounts,
  depthLayers,
  errorSignal,
  type DepthLayer,
  type DepthStats,
} from '../../../../src-shared/diagnostics/doctor/layer-depth';

/** One row of the conv layers' table: a conv layer's statistics at one epoch. */
export interface ConvRow {
  label: string;
  filters: number;
  saturated: number;
  dead: number;
  deadFilters: number;
  speed: number;
  weights: MeanStd;
  histogram: Histogram;
}

/** The conv layers at `record` (empty when it has no conv statistics), with `convFilters` the
 * filters of each conv layer (convFilterCounts). */
export function convRows(
  record: EpochRecord | undefined,
  convFilters: readonly number[],
): ConvRow[] {
  return (record?.convLayers ?? []).map((s) => {
    const filters = convFilters[s.conv - 1] ?? 1;
    return {
      label: convLayerName(s.conv),
      filters,
      saturated: s.saturatedFraction,
      dead: s.deadFraction,
      deadFilters: Math.round(s.deadFilterFraction * filters),
      speed: errorSignal({ biases: filters }, s),
      weights: s.weights,
      histogram: s.activationHistogram,
    };
  });
}

/** A histogram's bars in a width × height box: equal widths, heights by log(1 + count) (the tallest
 * fills the box), bars of count 0 left out. Log heights, since a ReLU layer's zeros would
 * otherwise leave every other bin invisible. */
export function histogramBars(
  h: Histogram,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number }[] {
  const most = Math.max(0, ...h.counts);
  const w = h.counts.length > 0 ? width / h.counts.length : 0;
  return h.counts.flatMap((c, i) => {
    if (c <= 0 || most === 0) return [];
    const barHeight = (Math.log1p(c) / Math.log1p(most)) * height;
    return [{ x: i * w, y: height - barHeight, width: w, height: barHeight }];
  });
}

/** A statistic in a table cell: 3 significant digits, exponent form below 0.001. */
export function statText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** A fraction as a percentage: "37%", "0.4%", "0%". */
export function percentText(f: number): string {
  const p = f * 100;
  return `${p === 0 || p >= 1 ? Math.round(p) : Number(p.toPrecision(1))}%`;
}
