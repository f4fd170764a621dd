/**
 * The Runs table's view — search (which holds the filters), columns, sort and selection — as a
 * URL query, so a reload, Back, or the link opened elsewhere shows the same table:
 *   #/runs?q=status:completed+tag:a&col=id&col=name&col=last:loss&sort=-testAccuracy&sel=3-7,12
 * Defaults are left out, so the plain view's link is just #/runs. Reading is forgiving: a link
 * is typed or edited by people, so a part that cannot be read falls back to its default.
 */
import type { RunSort } from './runSort';

export interface RunsView {
  query: string;
  columns: string[];
  sort: RunSort;
  selected: number[];
}

/** What vue-router gives for a query value. */
type QueryValue = string | null | (string | null)[] | undefined;
export type ViewQuery = Record<string, QueryValue>;

export const DEFAULT_SORT: RunSort = { field: 'id', descending: true };

/** No link selects more runs than a store lists at once (runs.list's limit). */
const MAX_SELECTED = 100_000;

/** Ids as ascending ranges: [1,2,3,7,9,10] → "1-3,7,9-10" (selecting 10,000 runs stays short). */
export function encodeIds(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(',');
}

/** "1-3,7" → [1,2,3,7]; parts that are not positive whole numbers or ranges are dropped. */
export function decodeIds(text: string): number[] {
  const ids: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let id = Math.max(from, 1); id <= to && ids.length < MAX_SELECTED; id++) ids.push(id);
  }
  return [...new Set(ids)];
}

const first = (value: QueryValue): string | null =>
  (Array.isArray(value) ? value[0] : value) ?? null;

const all = (value: QueryValue): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => !!v);

/** "-testAccuracy" sorts descending; a field is any name runFields can read. */
function sortFrom(value: QueryValue): RunSort {
  const text = first(value);
  if (!text || !/^-?[\w.:]/.test(text)) return DEFAULT_SORT;
  return text.startsWith('-')
    ? { field: text.slice(1), descending: true }
    : { field: text, descending: false };
}

/**
 * The view a query describes. `known` keeps only the column ids that name a column (the rest
 * of an edited link is dropped); `defaults` are the columns when the link names none.
 */
export function viewFromQuery(
  query: ViewQuery,
  defaults: readonly string[],
  known: (id: string) => boolean,
): RunsView {
  const columns = [...new Set(all(query.col).filter(known))];
  return {
    query: first(query.q) ?? '',
    columns: columns.length ? columns : [...defaults],
    sort: sortFrom(query.sort),
    selected: decodeIds(first(query.sel) ?? ''),
  };
}

/** The query for a view, without its defaults. */
export function viewToQuery(
  view: RunsView,
  defaults: readonly string[],
): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (view.query.trim()) query.q = view.query;
  if (view.columns.join('\n') !== defaults.join('\n')) query.col = [...view.columns];
  if (view.sort.field !== DEFAULT_SORT.field || view.sort.descending !== DEFAULT_SORT.descending)
    query.sort = `${view.sort.descending ? '-' : ''}${view.sort.field}`;
  if (view.selected.length) query.sel = encodeIds(view.selected);
  return query;
}

/** Whether two queries say the same (vue-router's value may be a string or a one-item array). */
export function sameQuery(a: ViewQuery, b: ViewQuery): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => all(a[k]).join('\n') === all(b[k]).join('\n'));
}
