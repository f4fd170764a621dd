/**
 * Every run, for the Runs table: the list, the search box, the sort, the selection, and edits
 * (star, tags, notes, delete with undo). Filtering and sorting run here on the client: a list of
 * 10,000 summaries filters in a few milliseconds, faster than a round trip.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef, watchEffect } from 'vue';
import { api } from '../api/client';
import type { RunPatch, RunSummary } from '../../../src-shared/contract/types';
import { parseRunQuery } from '../runs/runQuery';
import { sortRuns, type RunSort } from '../runs/runSort';
import { capture } from './errors';

export const useRunsStore = defineStore('runs', () => {
  /** shallowRef: 10,000 summaries do not need deep reactivity, only replacement. */
  const all = shallowRef<RunSummary[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const query = ref('');
  const sort = ref<RunSort>({ field: 'id', descending: true });
  const selected = ref<Set<number>>(new Set());

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

  const guard = <T>(work: () => Promise<T>) => capture(error, work);

  const load = () =>
    guard(async () => {
      loading.value = true;
      all.value = await api.runs.list({ limit: 100_000 }).finally(() => (loading.value = false));
      loaded.value = true;
    });

  /** Inserts or replaces one run (an event or an edit came back). */
  function upsert(run: RunSummary): void {
    const i = all.value.findIndex((r) => r.id === run.id);
    if (i >= 0) all.value = all.value.with(i, run);
    else if (loaded.value) all.value = [...all.value, run];
  }

  const update = (id: number, patch: RunPatch) =>
    guard(async () => upsert(await api.runs.update(id, patch)));

  /** Soft-deletes runs; returns the ids so the caller can offer undo. */
  const remove = (ids: number[]) =>
    guard(async () => {
      await api.runs.remove(ids);
      const gone = new Set(ids);
      all.value = all.value.filter((r) => !gone.has(r.id));
      ids.forEach((id) => selected.value.delete(id));
      return ids;
    });

  const restore = (ids: number[]) =>
    guard(async () => {
      await api.runs.restore(ids);
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

  return {
    ...{
      all,
      loaded,
      loading,
      error,
      query,
      sort,
      selected,
      parsed,
      visible,
      filterMs,
      selectedIds,
    },
    ...{ load, upsert, update, remove, restore, toggle, setSort },
  };
});
