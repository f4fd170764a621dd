/**
 * What a run shows in tables, filters and sorts: its metrics by name and any config field by
 * dotted path ("init.weights.kind"), with one text form for each value.
 */
import type { RunSummary } from '../../../src-shared/contract/types';
import { describeValue, getPath } from '../../../src-shared/base/values';
import { runExtent, runSource, shownConfig } from '../../../src-shared/experiment/run-view';

/** Metrics kept on the run row, by the name users type in filters. */
export const metricNames = [
  'testAccuracy',
  'validationAccuracy',
  'bestValidationAccuracy',
  'trainCost',
  'testCost',
  'bestEpoch',
  'epochsDone',
] as const;
export type MetricName = (typeof metricNames)[number];

export function metricOf(run: RunSummary, name: MetricName): number | null {
  if (name === 'epochsDone') return run.final || run.logged ? runExtent(run).epochs : null;
  return run.final?.[name] ?? null;
}

const ownFields = new Set(['status', 'name', 'id', 'createdAt', 'deletedAt']);

/** Fields naming a logged metric key's last value: `last.<key>` (the key may hold dots). */
export const LAST_PREFIX = 'last.';

/**
 * Seconds from start to end, up to `now` while the run trains; null when it never started or
 * stopped without an end time (paused, interrupted).
 */
export function durationSeconds(run: RunSummary, now = Date.now()): number | null {
  if (!run.startedAt) return null;
  const end = run.finishedAt
    ? Date.parse(run.finishedAt)
    : run.status === 'running'
      ? now
      : Number.NaN;
  const seconds = (end - Date.parse(run.startedAt)) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

/** "0.4s", "42s", "3m 05s", "2h 07m": short enough for a narrow column. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h ${pad(Math.floor(whole / 60) % 60)}m`;
}

/**
 * A reader for one field — a metric, `status`, `name`, `id`, `createdAt`, `source`, `duration`
 * (seconds), `last.<key>` (a logged key's last value), or a dotted config path — resolved once, so filtering 10,000 runs does no per-run string work on the field name.
 */
export function fieldGetter(field: string): (run: RunSummary) => unknown {
  if ((metricNames as readonly string[]).includes(field))
    return (run) => metricOf(run, field as MetricName);
  if (ownFields.has(field))
    return (run) => run[field as 'status' | 'name' | 'id' | 'createdAt' | 'deletedAt'];
  if (field === 'source') return runSource;
  if (field === 'duration') return (run) => durationSeconds(run);
  if (field.startsWith(LAST_PREFIX)) {
    const key = field.slice(LAST_PREFIX.length);
    return (run) => run.logged?.lastValues?.[key] ?? null;
  }
  return (run) => getPath(shownConfig(run), field);
}

/** One short text for any config leaf: layers as 784-30-10, inits as U[0,1), null as "none". */
export function formatLeaf(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'none';
  if (Array.isArray(value)) {
    if (value.length > 20) return `${value.length} values`;
    return value.every((v) => typeof v === 'number')
      ? value.join('-')
      : value.map(formatLeaf).join(', ');
  }
  if (typeof value === 'object') return describeValue(value);
  if (typeof value === 'number') return describeValue(value);
  return String(value);
}

/** The dataset's short name: the builtin name or the custom kind; a logged run's `dataset`
 * param, if it logged one. */
export function datasetLabel(run: RunSummary): string {
  const d = shownConfig(run).dataset;
  if (d === undefined || d === null || typeof d !== 'object') return formatLeaf(d);
  const o = d as { name?: unknown; kind?: unknown };
  return formatLeaf(o.name || o.kind || d);
}
