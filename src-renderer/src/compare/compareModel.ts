/**
 * The pure part of a comparison: grouping runs by a parameter, turning curves into plot series
 * (one line per run, or mean ± std across the runs of a group), and best/last values.
 */
import type { RunCurve, RunSummary } from '../../../src-shared/contract/types';
import { configKeyWithoutSeed } from '../../../src-shared/report/config-diff';
import { getPath } from '../../../src-shared/base/values';
import { shownConfig } from '../../../src-shared/experiment/run-view';
import { meanStdByEpoch } from '../charts/bands';
import { seriesColor } from '../charts/palette';
import type { PlotSeries } from '../charts/plotSeries';
import { formatLeaf } from '../runs/runFields';
import { metricInfo, type CurveMetric } from './metrics';

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

/** One series per group: the run's curve, or the mean with a ±1 std band for several runs. */
export function groupSeries(
  groups: readonly RunGroup[],
  curves: readonly RunCurve[],
  metric: CurveMetric,
): PlotSeries[] {
  const byId = new Map(curves.map((c) => [c.runId, c]));
  return groups.map((group, i) => {
    const members = group.runIds.map((id) => byId.get(id)).filter((c): c is RunCurve => !!c);
    const color = seriesColor(i);
    if (members.length === 1) {
      const c = members[0];
      return { id: group.key, label: group.label, color, x: c.epoch, y: c[metric] };
    }
    const band = meanStdByEpoch(members.map((c) => ({ epoch: c.epoch, values: c[metric] })));
    return {
      ...{ id: group.key, label: group.label, color, x: band.epoch, y: band.mean },
      band: {
        lower: band.mean.map((m, k) => m - band.std[k]),
        upper: band.mean.map((m, k) => m + band.std[k]),
      },
    };
  });
}

export interface BestLast {
  best: number | null;
  bestEpoch: number | null;
  last: number | null;
  lastEpoch: number | null;
}

/** The best value (max for accuracies, min for costs) over finite points, and the last point. */
export function bestAndLast(curve: RunCurve, metric: CurveMetric): BestLast {
  const higher = metricInfo(metric).higherIsBetter;
  const out: BestLast = { best: null, bestEpoch: null, last: null, lastEpoch: null };
  curve[metric].forEach((v, i) => {
    if (v === null) return;
    out.last = v;
    out.lastEpoch = curve.epoch[i];
    if (!Number.isFinite(v)) return;
    if (out.best === null || (higher ? v > out.best : v < out.best)) {
      out.best = v;
      out.bestEpoch = curve.epoch[i];
    }
  });
  return out;
}
