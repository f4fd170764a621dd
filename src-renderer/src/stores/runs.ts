/**
 * Every run, for the Runs table: the list, the view (search, columns, sort, selection — what the
 * URL holds, see runs/runsView.ts) and edits (star, tags, notes, delete with undo, bulk edits of
 * the selection). Filtering and sorting run here on the client: a list of 10,000 summaries
 * filters in a few milliseconds, faster than a round trip.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef, watch, watchEffect } from 'vue';
import { api } from '../api/client';
import type { RunPatch, RunSummary } from '../../../src-shared/contract/types';
import { parseRunQuery } from '../runs/runQuery';
import { sortRuns } from '../runs/runSort';
import { DEFAULT_SORT, type RunsView } from '../runs/runsView';
import { inChunks, mapLimited } from '../runs/bulk';
import { defaultColumnIds } from '../components/runs/runColumns';
import { capture } from './errors';

/** Columns and sort outlive the page and the app (localStorage); search and selection do not. */
const SAVED_KEY = 'backprop.runs.table';
function saved(): Pick<RunsView, 'columns' | 'sort'> {
  try {
    const value = JSON.parse(localStorage.getItem(SAVED_KEY) ?? 'null') as Partial<RunsView>;
    if (Array.isArray(value?.columns) && typeof value.sort?.field === 'string')
      return { columns: value.columns.map(String), sort: value.sort };
  } catch {
    // A damaged entry: start from the defaults.
  }
  return { columns: [...defaultColumnIds], sort: DEFAULT_SORT };
}

/** Events for many runs (a bulk edit) are applied together, at most this often. */
const EVENT_BATCH_MS = 50;
/** Calls a bulk edit keeps in flight. */
const BULK_CALLS = 8;

export const useRunsStore = defineStore('runs', () => {
  /** shallowRef: 10,000 summaries do not need deep reactivity, only replacement. */
  const all = shallowRef<RunSummary[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const query = ref('');
  const columns = ref<string[]>(saved().columns);
  const sort = ref(saved().sort);
  const selected = ref<Set<number>>(new Set());
  /** Runs done of a bulk edit in progress, shown beside the selection. */
  const bulk = ref<{ label: string; done: number; total: number } | null>(null);
  watch([columns, sort], () =>
    localStorage.setItem(SAVED_KEY, JSON.stringify({ columns: columns.value, sort: sort.value })),
  );

  const parsed = computed(() => parseRunQuery(query.value));
  const visible = shallowRef<RunSummary[]>([]);
  /** How long the last filter and sort took, shown in the table footer. */
  const filterMs = ref(0);
  watchEffect(() => {
    const started = performance.now();
    visible.value = sortRuns(all.value.filter(parsed.value.predicate), sort.value);
    filterMs.value = performance.now() - started;
  });
  const selectedIds = computed(() =>
    all.value.filter((r) => selected.value.has(r.id)).map((r) => r.id),
  );
  const selectedRuns = computed(() => all.value.filter((r) => selected.value.has(r.id)));
  const view = computed<RunsView>(() => ({
    query: query.value,
    columns: columns.value,
    sort: sort.value,
    selected: [...selected.value],
  }));

  const guard = <T>(work: () => Promise<T>) => capture(error, work);

  const load = () =>
    guard(async () => {
      loading.value = true;
      all.value = await api.runs.list({ limit: 100_000 }).finally(() => (loading.value = false));
      loaded.value = true;
    });

  /** Inserts or replaces runs in one pass (one re-filter, however many runs changed). */
  function upsertMany(runs: readonly RunSummary[]): void {
    const byId = new Map(runs.map((r) => [r.id, r]));
    const next = all.value.map((r) => {
      const changed = byId.get(r.id);
      byId.delete(r.id);
      return changed ?? r;
    });
    all.value = loaded.value ? [...next, ...byId.values()] : next;
  }

  const pending: RunSummary[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  /** One run from an event; a burst of events is applied as one change. */
  function upsert(run: RunSummary): void {
    pending.push(run);
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      upsertMany(pending.splice(0));
    }, EVENT_BATCH_MS);
  }

  const update = (id: number, patch: RunPatch) =>
    guard(async () => upsertMany([await api.runs.update(id, patch)]));

  /** Applies `patchOf(run)` to every selected run it changes; returns how many changed. */
  const updateSelected = (label: string, patchOf: (run: RunSummary) => RunPatch | null) =>
    guard(async () => {
      const edits = selectedRuns.value.flatMap((run) => {
        const patch = patchOf(run);
        return patch ? [{ id: run.id, patch }] : [];
      });
      bulk.value = { label, done: 0, total: edits.length };
      const progress = (done: number) => (bulk.value = { label, done, total: edits.length });
      try {
        const changed = await mapLimited(
          edits,
          BULK_CALLS,
          (e) => api.runs.update(e.id, e.patch),
          progress,
        );
        upsertMany(changed);
        return changed.length;
      } finally {
        bulk.value = null;
      }
    });

  /** Soft-deletes runs; returns the ids so the caller can offer undo. */
  const remove = (ids: number[]) =>
    guard(async () => {
      await inChunks(ids, (slice) => api.runs.remove(slice));
      const gone = new Set(ids);
      all.value = all.value.filter((r) => !gone.has(r.id));
      ids.forEach((id) => selected.value.delete(id));
      triggerRef(selected);
      return ids;
    });

  const restore = (ids: number[]) =>
    guard(async () => {
      await inChunks(ids, (slice) => api.runs.restore(slice));
      await load();
    });

  function toggle(id: number, on = !selected.value.has(id)): void {
    if (on) selected.value.add(id);
    else selected.value.delete(id);
    triggerRef(selected);
  }
  function setSort(field: string): void {
    const same = sort.value.field === field;
    sort.value = { field, descending: same ? !sort.value.descending : field !== 'name' };
  }
  function applyView(next: RunsView): void {
    query.value = next.query;
    if (next.columns.join('\n') !== columns.value.join('\n')) columns.value = next.columns;
    if (next.sort.field !== sort.value.field || next.sort.descending !== sort.value.descending)
      sort.value = next.sort;
    selected.value = new Set(next.selected);
  }

  return {
    ...{ all, loaded, loading, error, query, columns, sort, selected, bulk },
    ...{ parsed, visible, filterMs, selectedIds, selectedRuns, view },
    ...{ load, upsert, upsertMany, update, updateSelected, remove, restore },
    ...{ toggle, setSort, applyView },
  };
});
