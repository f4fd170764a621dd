/**
 * Every run, for the Runs table: the list, the view (search, columns, sort, selection — what the
 * URL holds, see runs/runsView.ts) and edits (star, tags, notes, delete with undo; bulk edits
 * of the selection: runsBulk.ts). Filtering and sorting run here on the client: a list of
 * 10,000 summaries filters in a few milliseconds, faster than a round trip.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch, watchEffect } from 'vue';
import { api } from '../api/client';
import type { RunPatch, RunSummary } from '../../../src-shared/contract/types';
import { parseRunQuery } from '../runs/runQuery';
import { nextSort, sortRuns } from '../runs/runSort';
import { useSelection } from './selection';
import type { RunsView } from '../runs/runsView';
import { readSavedTable, saveTable } from '../runs/savedTable';
import { inChunks } from '../runs/bulk';
import { capture } from './errors';

/** Events for many runs (a bulk edit) are applied together, at most this often. */
const EVENT_BATCH_MS = 50;

export const useRunsStore = defineStore('runs', () => {
  /** shallowRef: 10,000 summaries do not need deep reactivity, only replacement. */
  const all = shallowRef<RunSummary[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const query = ref('');
  const savedTable = readSavedTable();
  const columns = ref<string[]>(savedTable.columns);
  const sort = ref(savedTable.sort);
  const { selected, toggle, forget } = useSelection();
  watch([columns, sort], () => saveTable({ columns: columns.value, sort: sort.value }));

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

  /** Soft-deletes runs; returns the ids so the caller can offer undo. */
  const remove = (ids: number[]) =>
    guard(async () => {
      await inChunks(ids, (slice) => api.runs.remove(slice));
      const gone = new Set(ids);
      all.value = all.value.filter((r) => !gone.has(r.id));
      forget(ids);
      return ids;
    });

  const restore = (ids: number[]) =>
    guard(async () => {
      await inChunks(ids, (slice) => api.runs.restore(slice));
      await load();
    });

  function setSort(field: string): void {
    sort.value = nextSort(sort.value, field);
  }
  function applyView(next: RunsView): void {
    query.value = next.query;
    if (next.columns.join('\n') !== columns.value.join('\n')) columns.value = next.columns;
    if (next.sort.field !== sort.value.field || next.sort.descending !== sort.value.descending)
      sort.value = next.sort;
    selected.value = new Set(next.selected);
  }

  return {
    ...{ all, loaded, loading, error, query, columns, sort, selected },
    ...{ parsed, visible, filterMs, selectedIds, selectedRuns, view },
    ...{ load, upsert, upsertMany, update, remove, restore },
    ...{ toggle, setSort, applyView },
  };
});
