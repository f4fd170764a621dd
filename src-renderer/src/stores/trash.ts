/**
 * The trash: runs the user deleted, most recently deleted first, with what can be done to them —
 * restore (back in every list) or purge (deleted for good with everything stored for them).
 * A training run cannot be purged (the core refuses it), so purging skips those and says how
 * many stayed; a queued run in the trash never starts, and is purged like any other.
 * It follows run changes, not who restored: a run restored anywhere (the Runs page's Undo,
 * another tab, the CLI) leaves the list when its change arrives.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../api/client';
import type { RunSummary } from '../../../src-shared/contract/types';
import type { Disposable } from '../../../src-shared/contract/services';
import { isPurgeable } from '../../../src-shared/base/run-status';
import { nextSort, sortRuns, type RunSort } from '../runs/runSort';
import { useSelection } from './selection';
import { inChunks } from '../runs/bulk';
import { capture } from './errors';

export const useTrashStore = defineStore('trash', () => {
  const runs = shallowRef<RunSummary[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const sort = ref<RunSort>({ field: 'deletedAt', descending: true });
  const { selected, toggle, forget } = useSelection();
  const visible = computed(() => sortRuns(runs.value, sort.value));
  const selectedIds = computed(() =>
    runs.value.filter((r) => selected.value.has(r.id)).map((r) => r.id),
  );

  const guard = <T>(work: () => Promise<T>) => capture(error, work);
  let subscription: Disposable | undefined;
  const load = () =>
    guard(async () => {
      subscription ??= api.queue.onDidChangeRun(applyChange);
      runs.value = await api.runs.list({ deleted: true, limit: 100_000 });
      loaded.value = true;
    });

  /** A run changed: one in the trash is shown as it is now; one out of it (restored) leaves. */
  function applyChange(run: RunSummary): void {
    const listed = runs.value.some((r) => r.id === run.id);
    if (run.deletedAt === undefined) {
      if (listed) drop([run.id]);
    } else if (loaded.value) {
      runs.value = [...runs.value.filter((r) => r.id !== run.id), run];
    }
  }

  function drop(ids: readonly number[]): void {
    const gone = new Set(ids);
    runs.value = runs.value.filter((r) => !gone.has(r.id));
    forget(ids);
  }

  const restore = (ids: number[]) =>
    guard(async () => {
      await inChunks(ids, (slice) => api.runs.restore(slice));
      drop(ids);
      return ids.length;
    });

  /** Purges the runs among `ids` that may be purged; returns how many went and how many stayed. */
  const purge = (ids: number[]) =>
    guard(async () => {
      const wanted = new Set(ids);
      const purgeable = runs.value.filter((r) => wanted.has(r.id) && isPurgeable(r.status));
      const gone = purgeable.map((r) => r.id);
      await inChunks(gone, (slice) => api.runs.purge(slice));
      drop(gone);
      return { purged: gone.length, kept: ids.length - gone.length };
    });

  function setSort(field: string): void {
    sort.value = nextSort(sort.value, field);
  }

  return {
    ...{ runs, loaded, error, sort, selected, visible, selectedIds },
    ...{ load, restore, purge, toggle, setSort },
  };
});
