/**
 * What a run shows in tables, filters and sorts: its metrics by name and any config field by
 * dotted path ("init.weights.kind"), with one text form for each value.
 */
import type { RunSummary } from '../../../src-shared/contract/types';
import { flattenConfig } from '../../../src-shared/experiment/flatten';
import { describeValue } from '../../../src-shared/experiment/sweep';

/** Metrics kept on the run row, by the name users type in filters. */
export const metricNames = [
  'testAccuracy',
  'validationAccuracy',
  'bestValidationAccuracy',
  'trainCost',
  'testCost',
  'epochsDone',
] as const;
export type MetricName = (typeof metricNames)[number];

export function metricOf(run: RunSummary, name: MetricName): number | null {
  const f = run.final;
  if (!f) return null;
  if (name === 'epochsDone') return f.epochs;
  return f[name];
}

const leafCache = new WeakMap<object, Map<string, unknown>>();

/** The run's config as dotted-path leaves, computed once per config object. */
export function configLeaves(run: RunSummary): Map<string, unknown> {
  let leaves = leafCache.get(run.config);
  if (!leaves) {
    leaves = flattenConfig(run.config);
    leafCache.set(run.config, leaves);
  }
  return leaves;
}

/** A field's value: a metric, `status`, `name`, `id`, or a config path. */
export function fieldValue(run: RunSummary, field: string): unknown {
  if ((metricNames as readonly string[]).includes(field)) return metricOf(run, field as MetricName);
  if (field === 'status' || field === 'name' || field === 'id' || field === 'createdAt')
    return run[field];
  return configLeaves(run).get(field);
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

/** The dataset's short name: the builtin name or the custom kind. */
export function datasetLabel(run: RunSummary): string {
  const d = run.config.dataset;
  return typeof d === 'string' ? d : ('name' in d && d.name) || d.kind;
}
