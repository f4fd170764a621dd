/**
 * The report's tables as plain text cells, shared by the HTML and Markdown renderers (each escapes
 * the cells for its own syntax): runs, final metrics, the config (or its diff) and seed groups.
 */
import type { ReportModel } from './model';
import {
  formatConfigValue,
  formatDate,
  formatDuration,
  formatNumber,
  formatPercent,
} from './format';

export interface TextTable {
  head: string[];
  rows: string[][];
  /** Columns holding numbers (right-aligned). */
  numeric?: number[];
  /** Columns of short words that must not wrap. */
  nowrap?: number[];
}

export function runsTable(model: ReportModel): TextTable {
  const seconds = new Map(model.metrics.map((m) => [m.runId, m.values.seconds]));
  return {
    head: ['Run', 'Name', 'Status', 'Seed', 'Network', 'Training time', 'Finished', 'Tags'],
    nowrap: [0, 2, 3, 5],
    rows: model.runs.map((r) => [
      `#${r.id}`,
      r.name || '(unnamed)',
      r.status,
      String(r.seed),
      r.summary,
      formatDuration(seconds.get(r.id) ?? NaN),
      formatDate(r.finishedAt),
      r.tags.join(', '),
    ]),
  };
}

export function metricsTable(model: ReportModel): TextTable {
  const names = new Map(model.runs.map((r) => [r.id, r.label]));
  return {
    head: [
      'Run',
      'Epochs',
      'Train cost',
      'Val. cost',
      'Val. accuracy',
      'Test accuracy',
      'Test cost',
      'Best val. accuracy (epoch)',
    ],
    numeric: [1, 2, 3, 4, 5, 6, 7],
    rows: model.metrics.map(({ runId, values: m }) => [
      names.get(runId) ?? `#${runId}`,
      String(m.epochs),
      formatNumber(m.trainCost),
      formatNumber(m.validationCost),
      formatPercent(m.validationAccuracy),
      formatPercent(m.testAccuracy),
      formatNumber(m.testCost),
      m.bestValidationAccuracy === null
        ? '—'
        : `${formatPercent(m.bestValidationAccuracy)} (${m.bestEpoch})`,
    ]),
  };
}

/** One run: every config path. Several runs: only the paths that differ, one column per run. */
export function configTable(model: ReportModel): TextTable {
  if (model.runs.length === 1) {
    return {
      head: ['Setting', 'Value'],
      rows: model.config.shared.map((s) => [s.path, formatConfigValue(s.value)]),
    };
  }
  return {
    head: ['Setting', ...model.runs.map((r) => r.label)],
    rows: model.config.differing.map((d) => [
      d.path,
      ...d.values.map((v) => formatConfigValue(v, 40)),
    ]),
  };
}

/** What every compared run shares, as "path = value" items (empty for a single run). */
export function sharedSettings(model: ReportModel): string[] {
  if (model.runs.length === 1) return [];
  return model.config.shared.map((s) => `${s.path} = ${formatConfigValue(s.value)}`);
}

export function seedGroupsTable(model: ReportModel): TextTable {
  const metrics = model.seedGroups[0]?.metrics ?? [];
  return {
    head: ['Group', 'Seeds', ...metrics.map((m) => m.label)],
    numeric: metrics.map((_, i) => i + 2),
    rows: model.seedGroups.map((g) => [
      `${g.label} (${g.runIds.map((id) => `#${id}`).join(', ')})`,
      g.seeds.join(', '),
      ...g.metrics.map((m) => {
        if (!m.value) return '—';
        const show = m.kind === 'percent' ? formatPercent : formatNumber;
        return `${show(m.value.mean)} ± ${show(m.value.std)}`;
      }),
    ]),
  };
}
