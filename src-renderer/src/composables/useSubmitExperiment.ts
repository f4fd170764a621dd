/**
 * Sends the New experiment form: one run or a sweep, to the end of the queue ("Add to queue")
 * or before every other queued run ("Run now"). Field issues the core returns go back to the form.
 */
import { ref, watch } from 'vue';
import { api, ApiError } from '../api/client';
import type { RunSummary } from '../../../src-shared/contract/types';
import { useExperimentFormStore } from '../stores/experimentForm';
import { useSweepStore } from '../stores/sweep';
import { messageOf } from '../stores/errors';

export type SubmitMode = 'queue' | 'now';

/** Moves `created` (in order) before the first queued run that is not one of them. */
async function jumpQueue(created: RunSummary[]): Promise<void> {
  const ids = new Set(created.map((r) => r.id));
  const queued = await api.runs.list({ status: ['queued'] });
  const first = queued.find((r) => !ids.has(r.id));
  if (!first) return;
  for (const run of created) await api.queue.move(run.id, first.id);
}

export function useSubmitExperiment() {
  const form = useExperimentFormStore();
  const sweep = useSweepStore();
  const submitting = ref(false);
  const error = ref<string | null>(null);
  // The message is about the draft that was sent: any change (an edit, a preset) makes it stale.
  watch(
    () => [form.draft, sweep.rows, sweep.seedsText],
    () => (error.value = null),
    { deep: true },
  );

  /** Returns the created runs, or null when nothing was queued (invalid form or core error). */
  async function submit(mode: SubmitMode): Promise<RunSummary[] | null> {
    error.value = null;
    if (!form.valid || (sweep.active && !sweep.parsed.ok)) {
      error.value = 'Fix the highlighted fields first.';
      return null;
    }
    submitting.value = true;
    try {
      const base = form.config();
      const created = sweep.active
        ? await api.queue.enqueueSweep(sweep.spec(base))
        : [await api.queue.enqueue(base)];
      if (mode === 'now') await jumpQueue(created);
      return created;
    } catch (e) {
      // Field issues are shown at their fields in the form's words; the banner points there.
      const issues = e instanceof ApiError ? e.issues : [];
      form.setServerIssues(issues);
      error.value = issues.length > 0 ? 'Fix the highlighted fields first.' : messageOf(e);
      return null;
    } finally {
      submitting.value = false;
    }
  }

  return { submitting, error, submit };
}
