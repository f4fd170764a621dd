/**
 * The Runs table's columns: what each shows, what it writes to the CSV, which field it sorts by,
 * and the catalogue a user adds columns from (metrics, logged keys' last values, config paths).
 * A column is named by an id that fits in a URL: a base id, `metric:<name>`, `last:<key>` or
 * `path:<dotted.path>`.
 */
import type { RunSummary } from '../../../../src-shared/contract/types';
import { getPath } from '../../../../src-shared/base/values';
import {
  extentText,
  runSource,
  shownConfig,
  trainedConfig,
} from '../../../../src-shared/experiment/run-view';
import { networkText } from '../../../../src-shared/experiment/network-text';
import { flattenConfig } from '../../../../src-shared/experiment/flatten';
import { formatMetric } from '../../compare/metrics';
import {
  datasetLabel,
  durationSeconds,
  fieldGetter,
  formatDuration,
  formatLeaf,
  LAST_PREFIX,
  metricOf,
  type MetricName,
} from '../../runs/runFields';

export type CsvCell = string | number | null;

export interface RunColumn {
  id: string;
  label: string;
  /** Field for sorting (see runFields.fieldGetter). */
  field: string;
  /** Width in px; the name column grows from it to fill the row. */
  width: number;
  grows?: boolean;
  numeric?: boolean;
  /** Id and name stay: a row must say which run it is. */
  fixed?: boolean;
  text: (run: RunSummary) => string;
  /** The cell in the CSV: numbers in full precision (NaN, Infinity spelled out), else the text. */
  value: (run: RunSummary) => CsvCell;
  /** The CSV header when the CSV's value has a unit the label does not say. */
  csvLabel?: string;
}

type ColumnSpec = Omit<RunColumn, 'value'> & Partial<Pick<RunColumn, 'value'>>;
const column = (spec: ColumnSpec): RunColumn => ({ value: spec.text, ...spec });

/** A column showing the run's config value at `path` (a logged run's logged param there, if any):
 * the same reader sorts and filters it (runFields.fieldGetter). */
/** Layers as people write them (a conv net from its image: "28×28×1 · conv 20 of 5×5 · …"); a
 * logged run's logged `layers` param, if any, as logged. */
function layersColumn(): RunColumn {
  const plain = configColumn('layers', 'Layers', 'layers', 88);
  const text = (r: RunSummary) => {
    const c = trainedConfig(r);
    return c ? networkText(c) : plain.text(r);
  };
  return { ...plain, text, value: text };
}

function configColumn(id: string, label: string, path: string, width: number, numeric = false) {
  const read = fieldGetter(path);
  const text = (r: RunSummary) => formatLeaf(read(r));
  return column({
    id,
    label,
    field: path,
    width,
    numeric,
    text,
    // A number in full: the text may be rounded (describeValue).
    value: (r) => {
      const v = read(r);
      return typeof v === 'number' ? v : text(r);
    },
  });
}

/** A final or best metric kept on the run row: shown rounded, written in full. */
function metricColumn(id: string, label: string, name: MetricName, percent: boolean) {
  return column({
    id,
    label,
    field: name,
    width: 76,
    numeric: true,
    text: (r) => formatMetric(metricOf(r, name), percent),
    value: (r) => metricOf(r, name),
  });
}

/** Activations as "sigmoid" or "relu/sigmoid" (formatLeaf would join words with commas). */
function acts(run: RunSummary): string {
  const a = getPath(shownConfig(run), 'activations');
  return Array.isArray(a) ? a.map(formatLeaf).join('/') : formatLeaf(a);
}

const shortTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

export const baseColumns: RunColumn[] = [
  column({
    id: 'id',
    label: '#',
    field: 'id',
    width: 52,
    numeric: true,
    fixed: true,
    text: (r) => String(r.id),
    value: (r) => r.id,
  }),
  column({
    id: 'name',
    label: 'Name',
    field: 'name',
    width: 170,
    grows: true,
    fixed: true,
    text: (r) => r.name || `Run ${r.id}`,
  }),
  column({ id: 'status', label: 'Status', field: 'status', width: 86, text: (r) => r.status }),
  column({ id: 'source', label: 'Source', field: 'source', width: 64, text: runSource }),
  metricColumn('test', 'Test acc.', 'testAccuracy', true),
  metricColumn('bestVal', 'Best val.', 'bestValidationAccuracy', true),
  column({ id: 'dataset', label: 'Data', field: 'dataset', width: 64, text: datasetLabel }),
  layersColumn(),
  column({ id: 'activations', label: 'Activation', field: 'activations', width: 86, text: acts }),
  configColumn('cost', 'Cost', 'cost', 90),
  // Sorted by the init's kind: the whole init object has no order.
  { ...configColumn('init', 'W init', 'init.weights', 100), field: 'init.weights.kind' },
  configColumn('lr', 'η', 'learningRate', 52, true),
  configColumn('batch', 'Batch', 'batchSize', 56, true),
  column({
    id: 'epochs',
    label: 'Epochs',
    field: 'epochsDone',
    width: 72,
    numeric: true,
    text: extentText,
  }),
  column({
    id: 'duration',
    label: 'Duration',
    csvLabel: 'Duration (s)',
    field: 'duration',
    width: 72,
    numeric: true,
    text: (r) => formatDuration(durationSeconds(r)),
    value: (r) => durationSeconds(r),
  }),
  column({
    id: 'created',
    label: 'Created',
    field: 'createdAt',
    width: 116,
    text: (r) => shortTime(r.createdAt),
    value: (r) => r.createdAt,
  }),
];

/** The columns a new table shows: they fit a 1,400 px window beside the sidebar. */
export const defaultColumnIds = [
  'id',
  'name',
  'status',
  'test',
  'bestVal',
  'layers',
  'cost',
  'lr',
  'epochs',
  'duration',
  'created',
];

/** Trained runs' other final and best metrics (test accuracy and best validation are base). */
export const metricColumns: RunColumn[] = [
  metricColumn('metric:trainCost', 'Train cost', 'trainCost', false),
  metricColumn('metric:validationAccuracy', 'Val. acc.', 'validationAccuracy', true),
  metricColumn('metric:testCost', 'Test cost', 'testCost', false),
  {
    ...metricColumn('metric:bestEpoch', 'Best epoch', 'bestEpoch', false),
    text: (r) => formatLeaf(metricOf(r, 'bestEpoch') ?? undefined),
  },
];

/** A logged metric key's value at its highest step. */
export function lastValueColumn(key: string): RunColumn {
  const read = fieldGetter(`${LAST_PREFIX}${key}`) as (run: RunSummary) => number | null;
  return column({
    id: `last:${key}`,
    label: `${key} (last)`,
    field: `${LAST_PREFIX}${key}`,
    width: 96,
    numeric: true,
    text: (r) => {
      const v = read(r);
      return v === null ? '' : formatMetric(v, false);
    },
    value: read,
  });
}

/** A column for any dotted config path the user adds. */
export function pathColumn(path: string): RunColumn {
  return configColumn(`path:${path}`, path, path, 110);
}

const byId = new Map([...baseColumns, ...metricColumns].map((c) => [c.id, c]));

/** The column an id names, or null for an id nothing defines (from an old or edited link). */
export function columnById(id: string): RunColumn | null {
  if (id.startsWith('last:') && id.length > 5) return lastValueColumn(id.slice(5));
  if (id.startsWith('path:') && id.length > 5) return pathColumn(id.slice(5));
  return byId.get(id) ?? null;
}

/** Runs whose config paths the "+ column" list offers: enough to meet every kind of config. */
const PATH_SAMPLE = 500;

export interface ColumnGroup {
  label: string;
  options: { id: string; label: string }[];
}

/**
 * The columns a user can add, by group: base and metric columns not shown, each logged metric
 * key's last value, and the config paths of the runs (a sample of them; any path can still come
 * from a link).
 */
export function addableColumns(
  runs: readonly RunSummary[],
  shown: readonly string[],
): ColumnGroup[] {
  const hidden = (c: { id: string }) => !shown.includes(c.id);
  const keys = new Set<string>();
  const paths = new Set<string>();
  runs.forEach((run, i) => {
    for (const key of Object.keys(run.logged?.lastValues ?? {})) keys.add(key);
    if (i < PATH_SAMPLE) for (const path of flattenConfig(shownConfig(run)).keys()) paths.add(path);
  });
  const option = (c: RunColumn) => ({ id: c.id, label: c.label });
  return [
    { label: 'Run', options: baseColumns.filter(hidden).map(option) },
    { label: 'Metrics (trained runs)', options: metricColumns.filter(hidden).map(option) },
    {
      label: 'Logged metrics, last value',
      options: [...keys].sort().map(lastValueColumn).filter(hidden).map(option),
    },
    { label: 'Config', options: [...paths].sort().map(pathColumn).filter(hidden).map(option) },
  ].filter((g) => g.options.length > 0);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "5 minutes ago", "yesterday", "now": how long ago `iso` was. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return relative.format(0, 'second');
}

/** The trash's table: which run, and when it was deleted. */
export const trashColumns: RunColumn[] = [
  ...['id', 'name', 'status'].map((id) => byId.get(id)!),
  column({
    id: 'deleted',
    label: 'Deleted',
    field: 'deletedAt',
    width: 200,
    text: (r) => (r.deletedAt ? `${shortTime(r.deletedAt)} · ${timeAgo(r.deletedAt)}` : ''),
    value: (r) => r.deletedAt ?? null,
  }),
  ...['test', 'layers', 'created'].map((id) => byId.get(id)!),
];
