/** Sorting runs by any field: numbers numerically, text naturally, missing values always last. */
import type { RunSummary } from '../../../src-shared/contract/types';
import { fieldGetter, formatLeaf } from './runFields';

export interface RunSort {
  field: string;
  descending: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
    return a - b;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(formatLeaf(a), formatLeaf(b));
}

/** A sorted copy; ties keep id order so the table does not jump. */
export function sortRuns(runs: readonly RunSummary[], sort: RunSort): RunSummary[] {
  const read = fieldGetter(sort.field);
  const keyed = runs.map((run) => ({ run, key: read(run) }));
  const sign = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    const missingA = a.key === null || a.key === undefined;
    const missingB = b.key === null || b.key === undefined;
    if (missingA || missingB)
      return missingA === missingB ? a.run.id - b.run.id : missingA ? 1 : -1;
    return sign * compareValues(a.key, b.key) || a.run.id - b.run.id;
  });
  return keyed.map((k) => k.run);
}

/** The sort after a click on `field`'s header: the same field flips; another starts descending
 * (the best metric, the newest run first), except names, which start A to Z. */
export function nextSort(current: RunSort, field: string): RunSort {
  if (current.field === field) return { field, descending: !current.descending };
  return { field, descending: field !== 'name' };
}
