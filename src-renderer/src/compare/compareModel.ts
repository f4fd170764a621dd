/**
 * The pure part of a comparison: grouping runs by a parameter, each run's points of the chosen
 * metric by epoch or step (trained curves and logged metrics alike), plot series (one line per
 * run, or mean ± std across the runs of a group), and best/last values.
 */
import type { LoggedMetric, RunCurve, RunSummary } from '../../../src-shared/contract/types';
import { configKeyWithoutSeed } from '../../../src-shared/report/config-diff';
import { getPath } from '../../../src-shared/base/values';
import { shownConfig } from '../../../src-shared/experiment/run-view';
import { meanStdByEpoch } from '../charts/bands';
import { seriesColor } from '../charts/palette';
import type { PlotSeries } from '../charts/plotSeries';
import { formatLeaf } from '../runs/runFields';
import type { CompareMetric } from './metrics';
import {
  axisLabels,
  epochsOn,
  loggedAxisProblem,
  loggedOn,
  loggedStart,
  type RunScale,
  type XAxis,
} from '../charts/xAxis';

/** No grouping, grouping by everything except the seed, or by one dotted config path. */
export type GroupBy = { kind: 'none' } | { kind: 'seeds' } | { kind: 'path'; path: string };

export interface RunGroup {
  key: string;
  label: string;
  runIds: number[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function groupRuns(runs: readonly RunSummary[], by: GroupBy): RunGroup[] {
  if (by.kind === 'none')
    return runs.map((r) => ({ key: String(r.id), label: r.name, runIds: [r.id] }));
  const groups = new Map<string, RunGroup>();
  for (const run of runs) {
    const key =
      by.kind === 'seeds'
        ? configKeyWithoutSeed(shownConfig(run))
        : formatLeaf(getPath(shownConfig(run), by.path));
    const label =
      by.kind === 'seeds' ? run.name.replace(/\s*·?\s*seed \d+$/, '') : `${by.path} = ${key}`;
    const group = groups.get(key) ?? { key, label, runIds: [] };
    group.runIds.push(run.id);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    ...g,
    label: `${g.label} (${plural(g.runIds.length, 'run')})`,
  }));
}

/** One run's values of the plotted metric along the axis. */
export interface MetricPoints {
  runId: number;
  x: number[];
  y: (number | null)[];
}

/**
 * A run's points for `metric` on `axis`, or null when it has none. A logged run: its first
 * matching key, by step, by time since its first logged value, or by epoch taking each epoch's
 * value at its last step (it has no examples-seen count). A trained run: by step its per-step
 * metrics (the sampled batch cost, as training cost) when it recorded them, else its epoch
 * curve placed on the axis (xAxis.ts).
 */
export function pointsOf(
  run: Pick<RunSummary, 'id' | 'logged'>,
  curve: RunCurve | undefined,
  metrics: readonly LoggedMetric[] | undefined,
  metric: CompareMetric,
  axis: XAxis,
  scale?: RunScale,
): MetricPoints | null {
  if (run.logged) return metricPoints(run.id, metrics ?? [], metric, axis);
  if (axis === 'step') {
    const steps = metricPoints(run.id, metrics ?? [], metric, 'step');
    if (steps) return steps;
  }
  if (!curve || !metric.curve) return null;
  const y = curve[metric.curve];
  const x = epochsOn(axis, curve.epoch, scale);
  return x && y.some((v) => v !== null) ? { runId: run.id, x, y } : null;
}

function metricPoints(
  runId: number,
  metrics: readonly LoggedMetric[],
  metric: CompareMetric,
  axis: XAxis,
): MetricPoints | null {
  const key = metric.keys.find((k) => metrics.some((m) => m.key === k));
  const points = metrics.filter((m) => m.key === key);
  const xy = loggedOn(axis, points, loggedStart(metrics));
  return xy && { runId, ...xy };
}

/** Says which runs have nothing to draw and why, so no line is silently missing. */
export function missingNote(
  runs: readonly RunSummary[],
  points: readonly MetricPoints[],
  metric: CompareMetric,
  axis: XAxis,
): string | null {
  const drawn = new Set(points.map((p) => p.runId));
  const missing = runs.filter((r) => !drawn.has(r.id));
  if (!missing.length) return null;
  const ids = missing.map((r) => `#${r.id}`).join(', ');
  return `No ${metric.label} by ${axisLabels[axis]} for ${ids}.${whyMissing(missing, axis)}`;
}

function whyMissing(missing: readonly RunSummary[], axis: XAxis): string {
  const logged = loggedAxisProblem(axis);
  if (logged && missing.some((r) => r.logged)) return ` ${logged}`;
  if ((axis === 'examples' || axis === 'step') && missing.some((r) => !r.logged))
    return ' A run trained on a CSV file without trainSize has no known training-set size.';
  return '';
}

/** One series per group: the run's points, or the mean with a ±1 std band for several runs. */
export function groupSeries(
  groups: readonly RunGroup[],
  points: readonly MetricPoints[],
): PlotSeries[] {
  const byId = new Map(points.map((p) => [p.runId, p]));
  return groups.flatMap((group, i) => {
    const members = group.runIds.map((id) => byId.get(id)).filter((p): p is MetricPoints => !!p);
    const color = seriesColor(i);
    if (members.length === 0) return [];
    if (members.length === 1) {
      const p = members[0];
      return [{ id: group.key, label: group.label, color, x: p.x, y: p.y }];
    }
    const band = meanStdByEpoch(members.map((p) => ({ epoch: p.x, values: p.y })));
    return [
      {
        ...{ id: group.key, label: group.label, color, x: band.epoch, y: band.mean },
        band: {
          lower: band.mean.map((m, k) => m - band.std[k]),
          upper: band.mean.map((m, k) => m + band.std[k]),
        },
      },
    ];
  });
}

export interface BestLast {
  best: number | null;
  bestAt: number | null;
  last: number | null;
  lastAt: number | null;
}

/** The best value (max for accuracies, min for costs) over finite points, and the last point. */
export function bestAndLast(points: MetricPoints, higherIsBetter: boolean): BestLast {
  const out: BestLast = { best: null, bestAt: null, last: null, lastAt: null };
  points.y.forEach((v, i) => {
    if (v === null) return;
    out.last = v;
    out.lastAt = points.x[i];
    if (!Number.isFinite(v)) return;
    if (out.best === null || (higherIsBetter ? v > out.best : v < out.best)) {
      out.best = v;
      out.bestAt = points.x[i];
    }
  });
  return out;
}

/** Line patterns that tell the metrics on one chart apart (the colour stays the run's). */
const metricDashes: (number[] | undefined)[] = [undefined, [6, 3], [2, 3], [8, 3, 2, 3]];

/**
 * Series for several metrics on one chart: each metric's group series, labelled with the
 * metric when there is more than one, and drawn in the metric's line pattern.
 */
export function metricsSeries(
  groups: readonly RunGroup[],
  perMetric: readonly { metric: CompareMetric; points: readonly MetricPoints[] }[],
): PlotSeries[] {
  return perMetric.flatMap(({ metric, points }, k) =>
    groupSeries(groups, points).map((s) =>
      perMetric.length === 1
        ? s
        : {
            ...s,
            id: `${metric.id}|${s.id}`,
            label: `${s.label} · ${metric.label}`,
            dash: metricDashes[k % metricDashes.length],
          },
    ),
  );
}
