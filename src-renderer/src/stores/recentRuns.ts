/** The last few runs that ended (any way), newest first, for the Queue view. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { Disposable } from '../../../src-shared/contract/services';
import type { RunStatus, RunSummary } from '../../../src-shared/contract/types';
import { messageOf } from './errors';
import { isTerminal, statusesWhere } from '../../../src-shared/base/run-status';

const finishedStatuses: RunStatus[] = statusesWhere(isTerminal);
export const RECENT = 10;

export const useRecentRunsStore = defineStore('recentRuns', () => {
  const runs = ref<RunSummary[]>([]);
  const error = ref<string | null>(null);
  let subscription: Disposable | null = null;

  async function load(): Promise<void> {
    try {
      runs.value = await api.runs.list({ status: finishedStatuses, limit: RECENT });
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  function onRun(run: RunSummary): void {
    if (!finishedStatuses.includes(run.status)) return;
    runs.value = [run, ...runs.value.filter((r) => r.id !== run.id)].slice(0, RECENT);
  }

  function connect(): void {
    subscription ??= api.queue.onDidChangeRun(onRun);
  }

  return { runs, error, load, connect, onRun };
});
