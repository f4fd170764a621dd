import { describe, expect, it } from 'vitest';
import { readSavedTable, saveTable } from './savedTable';
import { defaultColumnIds } from '../components/runs/runColumns';

/** A Storage holding one string per key, like the browser's. */
function memoryStorage(full = false): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (full) throw new Error('QuotaExceededError');
      items.set(k, v);
    },
  } as Storage;
}

describe('the saved Runs table layout', () => {
  it('reads back the columns and sort saved', () => {
    const storage = memoryStorage();
    const table = {
      columns: ['id', 'name', 'last:loss'],
      sort: { field: 'duration', descending: true },
    };
    saveTable(table, storage);
    expect(readSavedTable(storage)).toEqual(table);
  });

  it('falls back to the defaults when nothing, damaged JSON or another shape is stored', () => {
    const defaults = { columns: defaultColumnIds, sort: { field: 'id', descending: true } };
    expect(readSavedTable(memoryStorage())).toEqual(defaults);
    const damaged = memoryStorage();
    damaged.setItem('backprop.runs.table', '{"columns": [');
    expect(readSavedTable(damaged)).toEqual(defaults);
    const other = memoryStorage();
    other.setItem('backprop.runs.table', '{"columns": "id", "sort": 3}');
    expect(readSavedTable(other)).toEqual(defaults);
    expect(readSavedTable(undefined)).toEqual(defaults);
  });

  it('never throws when storage refuses to save', () => {
    expect(() =>
      saveTable({ columns: ['id'], sort: { field: 'id', descending: false } }, memoryStorage(true)),
    ).not.toThrow();
  });
});
