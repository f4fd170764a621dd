/**
 * The sweep builder's rows read against the fields the edited config has now: each row's values,
 * or the one problem to show at the row (its field gone from the config, varied twice, overlapping
 * another row's field, or a value that does not read), and the grid when every row reads.
 */
import { parseSweepValues, type SweepField } from './sweepFields';

/** A row as the user left it; `label` is its field's label when chosen, to name the field if
 * an edit of the network removes it. */
export interface SweepRow {
  path: string;
  label: string;
  text: string;
}

/** A row's problem and the control that fixes it: the field choice or the values. */
export interface RowProblem {
  message: string;
  at: 'field' | 'values';
}

export interface ReadRows {
  problems: (RowProblem | null)[];
  grid: Record<string, unknown[]>;
}

/** Whether two paths set some of the same values: one inside the other ("layers" and
 * "layers.1"), or momentum μ beside an optimizer (config.ts refuses the two unless they agree). */
function overlaps(a: string, b: string): boolean {
  const inside = (x: string, y: string) => x.startsWith(`${y}.`);
  const optimizer = (x: string) => x === 'optimizer' || inside(x, 'optimizer');
  return (
    inside(a, b) ||
    inside(b, a) ||
    (a === 'momentum' && optimizer(b)) ||
    (b === 'momentum' && optimizer(a))
  );
}

/** Why a row's field is not in the config any more (its layer or setting removed). */
const goneMessage = (row: SweepRow) =>
  `"${row.label}" is gone from the network or its settings since this row was made: choose another field or remove this row`;

/** The problem of the field choice of row i besides being gone, or null. */
function fieldProblem(rows: SweepRow[], i: number, field: SweepField): string | null {
  const row = rows[i];
  const same = rows.findIndex((r) => r.path === row.path);
  if (same < i)
    return `${field.label} is already varied in row ${same + 1}: put all its values there`;
  const other = rows.findIndex((r, k) => k < i && overlaps(r.path, row.path));
  if (other >= 0)
    return `${field.label} and ${rows[other].label} (row ${other + 1}) set the same setting: vary only one of them`;
  return null;
}

/** Each row read against `fields` (sweepFieldsFor the config being edited). */
export function readSweepRows(rows: SweepRow[], fields: readonly SweepField[]): ReadRows {
  const grid: Record<string, unknown[]> = {};
  const problems = rows.map((row, i): RowProblem | null => {
    const field = fields.find((f) => f.path === row.path);
    if (!field) return { message: goneMessage(row), at: 'field' };
    const problem = fieldProblem(rows, i, field);
    if (problem) return { message: problem, at: 'field' };
    const result = parseSweepValues(field, row.text);
    if ('error' in result) return { message: result.error, at: 'values' };
    grid[row.path] = result.values;
    return null;
  });
  return { problems, grid };
}
