/**
 * Compare's view state in the URL, so a reload, a bookmark or a new tab shows the same view:
 * ids (the runs), m (metric ids, repeated: several metrics on one chart; a metric named twice is
 * read once), x (axis), smooth, log, group ("seeds" or "path:<dotted path>"). Anything
 * unreadable falls back to the default.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { clampSmoothing } from '../charts/smoothing';
import type { GroupBy } from './compareModel';
import { isXAxis, type XAxis } from '../charts/xAxis';

export interface CompareViewState {
  metricIds: string[];
  axis: XAxis;
  smoothing: number;
  logY: boolean;
  groupBy: GroupBy;
}

export const defaultView: CompareViewState = {
  metricIds: ['validationAccuracy'],
  axis: 'epoch',
  smoothing: 0,
  logY: false,
  groupBy: { kind: 'none' },
};

const list = (v: LocationQuery[string]): string[] =>
  (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string' && s !== '');
const one = (v: LocationQuery[string]): string | undefined => list(v)[0];

export function groupKey(g: GroupBy): string {
  return g.kind === 'path' ? `path:${g.path}` : g.kind;
}

export function parseGroup(key: string | undefined): GroupBy {
  if (key === 'seeds') return { kind: 'seeds' };
  if (key?.startsWith('path:') && key.length > 5) return { kind: 'path', path: key.slice(5) };
  return { kind: 'none' };
}

export function readCompareQuery(query: LocationQuery): CompareViewState {
  // A metric named twice (a hand-edited or concatenated URL) is drawn once.
  const metricIds = [...new Set(list(query.m))];
  const axis = one(query.x);
  return {
    metricIds: metricIds.length ? metricIds : defaultView.metricIds,
    axis: isXAxis(axis) ? axis : defaultView.axis,
    smoothing: clampSmoothing(Number(one(query.smooth) ?? 0)),
    logY: one(query.log) === '1',
    groupBy: parseGroup(one(query.group)),
  };
}

/** The query for `ids` and the state; defaults are left out so URLs stay short. */
export function compareQuery(ids: readonly number[], s: CompareViewState): LocationQueryRaw {
  const q: LocationQueryRaw = { ids: ids.join(',') };
  if (s.metricIds.join() !== defaultView.metricIds.join()) q.m = [...s.metricIds];
  if (s.axis !== defaultView.axis) q.x = s.axis;
  if (s.smoothing > 0) q.smooth = String(s.smoothing);
  if (s.logY) q.log = '1';
  if (s.groupBy.kind !== 'none') q.group = groupKey(s.groupBy);
  return q;
}
