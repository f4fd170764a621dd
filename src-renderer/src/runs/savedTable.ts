/**
 * The Runs table's columns and sort, kept across visits and restarts (localStorage): a person's
 * table layout outlives the page, while search and selection belong to one visit (and the URL).
 * Storage that is missing, full or damaged never breaks the table: the defaults are used.
 */
import { defaultColumnIds } from '../components/runs/runColumns';
import { DEFAULT_SORT, type RunsView } from './runsView';

const KEY = 'backprop.runs.table';
export type SavedTable = Pick<RunsView, 'columns' | 'sort'>;

export function readSavedTable(storage: Storage | undefined = globalThis.localStorage): SavedTable {
  try {
    const value = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<SavedTable> | null;
    const sort = value?.sort;
    if (Array.isArray(value?.columns) && typeof sort?.field === 'string')
      return {
        columns: value.columns.map(String),
        sort: { field: sort.field, descending: sort.descending === true },
      };
  } catch {
    // Damaged JSON: the defaults below.
  }
  return { columns: [...defaultColumnIds], sort: DEFAULT_SORT };
}

export function saveTable(
  table: SavedTable,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  try {
    storage?.setItem(KEY, JSON.stringify(table));
  } catch {
    // Storage full or refused (private mode): the layout lasts for this visit only.
  }
}
