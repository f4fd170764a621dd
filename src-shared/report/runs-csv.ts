/**
 * The runs table as CSV: one row per run, a column for every config field and every final metric
 * of any of the runs (the union, in the order first met), empty where a run has none. Config
 * fields are flattened to dotted paths under "config." (config.init.weights.kind); arrays are
 * written as JSON text ([784,30,10]). A trained run's final metrics are its summary's fields
 * (final.testAccuracy …, as the reports show them); a logged run's config is what the user logged and its final metrics the
 * last value (highest step) of each metric key (final.loss …). Quoting, NaN and Infinity as in
 * csv.ts.
 */
import type { RunDetail } from '../experiment/run';
import { csvRow } from './csv';
import { finalMetricsOf as trainedFinalOf } from './metrics';
import { runSource, shownConfig } from '../experiment/run-view';

type Cell = string | number | null;
type Row = Map<string, Cell>;

const fixedColumns = ['run_id', 'run_name', 'status', 'origin', 'created_at', 'finished_at'];

export function renderRunsCsv(runs: RunDetail[]): string {
  const rows = runs.map(rowOf);
  const columns = [...fixedColumns];
  const seen = new Set(columns);
  for (const row of rows)
    for (const column of row.keys())
      if (!seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
  const lines = [
    csvRow(columns),
    ...rows.map((row) => csvRow(columns.map((c) => row.get(c) ?? null))),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function rowOf(run: RunDetail): Row {
  const row: Row = new Map<string, Cell>([
    ['run_id', run.id],
    ['run_name', run.name],
    ['status', run.status],
    ['origin', runSource(run)],
    ['created_at', run.createdAt],
    ['finished_at', run.finishedAt],
  ]);
  flatten(shownConfig(run), 'config', row);
  for (const [key, value] of Object.entries(finalMetricsOf(run))) row.set(`final.${key}`, value);
  return row;
}

/** Nested objects become dotted paths; arrays and other values one cell each. */
export function flatten(value: unknown, path: string, into: Row): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${path}.${key}`, into);
    return;
  }
  into.set(path, cellOf(value));
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A trained run's summary fields; a logged run's last value of each key. */
function finalMetricsOf(run: RunDetail): Record<string, number | null> {
  if (!run.logged) return { ...trainedFinalOf(run) };
  const last = new Map<string, { step: number; value: number }>();
  for (const m of run.metrics ?? []) {
    const previous = last.get(m.key);
    if (!previous || m.step >= previous.step) last.set(m.key, m);
  }
  return Object.fromEntries([...last].map(([key, m]) => [key, m.value]));
}
