import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  decodeIds,
  encodeIds,
  sameQuery,
  viewFromQuery,
  viewToQuery,
  type RunsView,
} from './runsView';

const defaults = ['id', 'name', 'status'];
const known = (id: string) => defaults.includes(id) || id.startsWith('path:') || id === 'test';

describe('selected ids in a link', () => {
  it('are written as ascending ranges, each id once', () => {
    expect(encodeIds([10, 3, 1, 2, 9, 7, 2])).toBe('1-3,7,9-10');
    expect(encodeIds([])).toBe('');
  });

  it('read back to the same ids', () => {
    const ids = [1, 2, 3, 7, 9, 10, 500, 501];
    expect(decodeIds(encodeIds(ids))).toEqual(ids);
  });

  it('drop parts that are not ids or ranges, and never expand past 100,000 ids', () => {
    expect(decodeIds('4,x,-3,0,2-1,5-6,1.5')).toEqual([4, 5, 6]);
    expect(decodeIds('1-999999999')).toHaveLength(100_000);
  });
});

describe('the Runs view as a URL query', () => {
  const view: RunsView = {
    query: 'status:completed tag:a,b',
    columns: ['id', 'name', 'path:init.weights.kind', 'test'],
    sort: { field: 'testAccuracy', descending: true },
    selected: [5, 3, 4],
  };

  it('says what differs from the defaults, and reads back to the same view', () => {
    const query = viewToQuery(view, defaults);
    expect(query).toEqual({
      q: 'status:completed tag:a,b',
      col: ['id', 'name', 'path:init.weights.kind', 'test'],
      sort: '-testAccuracy',
      sel: '3-5',
    });
    expect(viewFromQuery(query, defaults, known)).toEqual({ ...view, selected: [3, 4, 5] });
  });

  it('is empty for the default view, whose link is the plain page', () => {
    const plain = { query: ' ', columns: [...defaults], sort: DEFAULT_SORT, selected: [] };
    expect(viewToQuery(plain, defaults)).toEqual({});
    expect(viewFromQuery({}, defaults, known)).toEqual({ ...plain, query: '' });
  });

  it('reads an ascending sort, a single column value and drops columns nothing defines', () => {
    const read = viewFromQuery({ sort: 'name', col: 'status', sel: ['2'] }, defaults, known);
    expect(read).toMatchObject({
      sort: { field: 'name', descending: false },
      columns: ['status'],
      selected: [2],
    });
    expect(viewFromQuery({ col: ['bogus', 'name', 'name'] }, defaults, known).columns).toEqual([
      'name',
    ]);
    expect(viewFromQuery({ col: ['bogus'] }, defaults, known).columns).toEqual(defaults);
  });

  it('compares queries as vue-router gives them (one value or a one-item list)', () => {
    expect(sameQuery({ sort: 'name', col: ['a'] }, { sort: ['name'], col: 'a' })).toBe(true);
    expect(sameQuery({ sort: 'name' }, { sort: '-name' })).toBe(false);
    expect(sameQuery({ q: 'x' }, {})).toBe(false);
  });
});
