/**
 * Metrics as CSV (RFC 4180): one row per run and epoch, CRLF line ends, a field quoted when it
 * holds a comma, quote, CR or LF, quotes doubled. Text cells that a spreadsheet would run as a
 * formula (starting with = + - @ tab or CR) get a leading apostrophe (OWASP "CSV injection").
 * Numbers are written in full precision; NaN and ±Infinity as NaN, Infinity, -Infinity; missing
 * values as empty fields.
 */
import type { RunDetail } from '../experiment/run';
import type { EpochRecord } from '../base/records';

type Cell = string | number | null;

/** One field: numbers as numbers, text neutralized then quoted as RFC 4180 requires. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(cells: Cell[]): string {
  return cells.map(csvCell).join(',');
}

const epochColumns: [string, (e: EpochRecord) => number | null][] = [
  ['epoch', (e) => e.epoch],
  ['train_cost', (e) => e.trainCost],
  ['train_accuracy', (e) => e.trainAccuracy],
  ['validation_cost', (e) => e.validationCost],
  ['validation_accuracy', (e) => e.validationAccuracy],
  ['test_cost', (e) => e.testCost],
  ['test_accuracy', (e) => e.testAccuracy],
  ['learning_rate', (e) => e.learningRate],
  ['seconds', (e) => e.seconds],
];

/** The CSV text: header, then each run's epochs in order. */
export function renderCsv(runs: RunDetail[]): string {
  const head = ['run_id', 'run_name', 'status', 'seed', ...epochColumns.map(([name]) => name)];
  const rows = runs.flatMap((run) =>
    run.epochs.map((e) =>
      csvRow([run.id, run.name, run.status, run.seed, ...epochColumns.map(([, get]) => get(e))]),
    ),
  );
  return `${[csvRow(head), ...rows].join('\r\n')}\r\n`;
}
