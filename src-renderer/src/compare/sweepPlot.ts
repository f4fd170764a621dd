/**
 * The data of the sweep plots (parallel coordinates, parameter-vs-metric scatter): one axis per
 * config field that differs between the runs, placed in [0, 1]. A numeric field is a linear
 * axis, or a log axis when its values are all positive and span at least two decades (learning
 * rates); any other field is categorical, its values in order of first appearance. Runs without
 * the field (a logged run's params) have no position on that axis.
 */
import type { ConfigDiffRow } from '../../../src-shared/experiment/flatten';
import { formatLeaf } from '../runs/runFields';

export interface SweepAxis {
  path: string;
  kind: 'linear' | 'log' | 'category';
  /** Category labels (category axes only). */
  categories: string[];
  min: number;
  max: number;
  /** Each run's value: a number on numeric axes, a category index, or null when absent. */
  values: (number | null)[];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function numericAxis(path: string, values: unknown[]): SweepAxis {
  const nums = values.filter(isNum);
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const kind = min > 0 && max / min >= 100 ? 'log' : 'linear';
  const own = values.map((v) => (isNum(v) ? v : null));
  return { path, kind, categories: [], min, max, values: own };
}

function categoryAxis(path: string, values: unknown[]): SweepAxis {
  const categories: string[] = [];
  const own = values.map((v) => {
    if (v === undefined) return null;
    const text = formatLeaf(v);
    if (!categories.includes(text)) categories.push(text);
    return categories.indexOf(text);
  });
  return { path, kind: 'category', categories, min: 0, max: categories.length - 1, values: own };
}

/** A field worth an axis: at least two different values among the runs that have it. A field
 * only one run has (a logged run's params beside a trained run's config) differs by absence
 * alone and would draw an axis with one point on it. */
function variesWhereKnown(row: ConfigDiffRow): boolean {
  const present = row.values.filter((v) => v !== undefined).map((v) => formatLeaf(v));
  return new Set(present).size >= 2;
}

/** One axis per field that varies among the runs having it (the rows of diffConfigs over the
 * runs' shown configs). */
export function sweepAxes(rows: readonly ConfigDiffRow[]): SweepAxis[] {
  return rows
    .filter((r) => r.differs && variesWhereKnown(r))
    .map((r) => {
      const present = r.values.filter((v) => v !== undefined);
      return present.length && present.every(isNum)
        ? numericAxis(r.path, r.values)
        : categoryAxis(r.path, r.values);
    });
}

/** How many parameter axes the parallel-coordinates plot shows at first: beyond that the
 * labels collide and the lines turn into noise; the user picks others. */
export const SHOWN_AXES = 8;

/** A value's place on the axis in [0, 1] (0.5 when the axis has one value), null if absent. */
export function axisPosition(axis: Pick<SweepAxis, 'kind' | 'min' | 'max'>, value: number | null) {
  if (value === null) return null;
  const [lo, hi, v] =
    axis.kind === 'log'
      ? [Math.log10(axis.min), Math.log10(axis.max), Math.log10(value)]
      : [axis.min, axis.max, value];
  return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}

/** The text of a run's value on an axis. */
export function axisText(axis: SweepAxis, value: number | null): string {
  if (value === null) return '–';
  return axis.kind === 'category' ? axis.categories[value] : String(Number(value.toPrecision(4)));
}

/** The metric as an axis of its own (finite values only; NaN and missing runs have none). */
export function metricAxis(label: string, values: readonly (number | null)[]): SweepAxis {
  const own = values.map((v) => (v !== null && Number.isFinite(v) ? v : null));
  const finite = own.filter((v): v is number => v !== null);
  const min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 1;
  return { path: label, kind: 'linear', categories: [], min, max, values: own };
}

/** Distance from point p to the segment a–b, in pixels (for clicking a line). */
export function segmentDistance(
  p: readonly [number, number],
  a: readonly [number, number],
  b: readonly [number, number],
): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0;
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Index of the polyline nearest to p within `tolerance` px, or -1. */
export function nearestLine(
  p: readonly [number, number],
  lines: readonly (readonly [number, number])[][],
  tolerance: number,
): number {
  let best = -1;
  let bestDistance = tolerance;
  lines.forEach((line, i) => {
    for (let k = 1; k < line.length; k++) {
      const d = segmentDistance(p, line[k - 1], line[k]);
      if (d <= bestDistance) [best, bestDistance] = [i, d];
    }
  });
  return best;
}
