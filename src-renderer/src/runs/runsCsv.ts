/**
 * The Runs table as the user sees it, as CSV: the shown rows in their order, the shown columns
 * with their labels as the header. Quoting, formula neutralization, NaN and ±Infinity are the
 * reports' (src-shared/report/csv.ts): one implementation of CSV in the app.
 */
import type { RunSummary } from '../../../src-shared/contract/types';
import { csvRow } from '../../../src-shared/report/csv';
import type { RunColumn } from '../components/runs/runColumns';

type CsvColumn = Pick<RunColumn, 'label' | 'csvLabel' | 'value'>;

export function runsTableCsv(runs: readonly RunSummary[], columns: readonly CsvColumn[]): string {
  const lines = [
    csvRow(columns.map((c) => c.csvLabel ?? c.label)),
    ...runs.map((run) => csvRow(columns.map((c) => c.value(run)))),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** "runs-2025-01-31.csv": the day the table was saved. */
export function runsCsvFileName(now = new Date()): string {
  return `runs-${now.toISOString().slice(0, 10)}.csv`;
}
