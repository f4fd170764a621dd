/**
 * Bulk edits of the Runs table's selection (tag, untag, star, unstar): one runs.update per run
 * that the edit changes, a few in flight at a time, with progress to show beside the selection.
 * A failure stops the edit and shows the core's sentence where the Runs page shows errors.
 */
import { defineStore, storeToRefs } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { RunPatch, RunSummary } from '../../../src-shared/contract/types';
import { mapLimited } from '../runs/bulk';
import { useRunsStore } from './runs';
import { capture } from './errors';

/** Calls a bulk edit keeps in flight. */
const CALLS_IN_FLIGHT = 8;

export const useRunsBulkStore = defineStore('runsBulk', () => {
  /** The edit in progress: what it does and how many runs of how many are done. */
  const progress = ref<{ label: string; done: number; total: number } | null>(null);

  /** Applies `patchOf(run)` to every selected run it changes; returns how many changed. */
  function updateSelected(label: string, patchOf: (run: RunSummary) => RunPatch | null) {
    const runs = useRunsStore();
    return capture(storeToRefs(runs).error, async () => {
      const edits = runs.selectedRuns.flatMap((run) => {
        const patch = patchOf(run);
        return patch ? [{ id: run.id, patch }] : [];
      });
      const total = edits.length;
      progress.value = { label, done: 0, total };
      try {
        const changed = await mapLimited(
          edits,
          CALLS_IN_FLIGHT,
          (e) => api.runs.update(e.id, e.patch),
          (done) => (progress.value = { label, done, total }),
        );
        runs.upsertMany(changed);
        return changed.length;
      } finally {
        progress.value = null;
      }
    });
  }

  return { progress, updateSelected };
});
