/**
 * The training queue as the Queue view and the sidebar see it: active runs (running, paused,
 * queued, in queue order), the last few finished ones, and the queue-wide pause.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { Disposable } from '../../../src-shared/contract/services';
import type {
  QueueState,
  RunProgress,
  RunStatus,
  RunSummary,
} from '../../../src-shared/contract/types';
import { messageOf } from './errors';

export const activeStatuses: RunStatus[] = ['running', 'paused', 'queued'];
const finishedStatuses: RunStatus[] = [
  'completed',
  'failed',
  'cancelled',
  'diverged',
  'interrupted',
];
const RECENT = 10;
const rank = (s: RunStatus) => activeStatuses.indexOf(s);

export const useQueueStore = defineStore('queue', () => {
  const active = ref<RunSummary[]>([]);
  const recent = ref<RunSummary[]>([]);
  const state = ref<QueueState | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let subscriptions: Disposable[] = [];

  /** Running first, then paused, then queued in the order the core returned them. */
  const ordered = computed(() =>
    active.value
      .map((run, i) => ({ run, i }))
      .sort((a, b) => rank(a.run.status) - rank(b.run.status) || a.i - b.i)
      .map((x) => x.run),
  );
  const queued = computed(() => ordered.value.filter((r) => r.status === 'queued'));
  const runningCount = computed(() => active.value.filter((r) => r.status === 'running').length);

  async function guard(work: () => Promise<void>): Promise<void> {
    error.value = null;
    try {
      await work();
    } catch (e) {
      error.value = messageOf(e);
    }
  }
  const refreshActive = async () => {
    active.value = await api.runs.list({ status: activeStatuses });
  };

  const load = () =>
    guard(async () => {
      loading.value = true;
      const finished = api.runs.list({ status: finishedStatuses, limit: RECENT });
      const queueState = api.queue.state();
      await refreshActive().finally(() => (loading.value = false));
      [recent.value, state.value] = await Promise.all([finished, queueState]);
    });

  function onRun(run: RunSummary): void {
    const i = active.value.findIndex((r) => r.id === run.id);
    if (activeStatuses.includes(run.status)) {
      if (i >= 0) active.value[i] = run;
      else active.value.push(run);
      return;
    }
    if (i >= 0) active.value.splice(i, 1);
    recent.value = [run, ...recent.value.filter((r) => r.id !== run.id)].slice(0, RECENT);
  }

  function onProgress({ runId, progress }: { runId: number; progress: RunProgress }): void {
    const run = active.value.find((r) => r.id === runId);
    if (run) run.progress = progress;
  }

  /** Subscribes to the core's run events once, for the app's lifetime. */
  function connect(): void {
    if (subscriptions.length) return;
    subscriptions = [api.queue.onDidChangeRun(onRun), api.queue.onDidProgress(onProgress)];
  }

  /** Moves a queued run one place up (-1) or down (+1) among the queued runs. */
  const move = (id: number, direction: -1 | 1) =>
    guard(async () => {
      const list = queued.value;
      const i = list.findIndex((r) => r.id === id);
      const target = i + direction;
      if (i < 0 || target < 0 || target >= list.length) return;
      const before = direction < 0 ? list[target].id : (list[target + 1]?.id ?? null);
      await api.queue.move(id, before);
      await refreshActive();
    });

  const act = (fn: (id: number) => Promise<void>) => (id: number) => guard(() => fn(id));
  const cancel = act((id) => api.queue.cancel(id));
  const pause = act((id) => api.queue.pauseRun(id));
  const resume = act((id) => api.queue.resumeRun(id));
  const setPaused = (paused: boolean) =>
    guard(async () => {
      state.value = await api.queue.setPaused(paused);
    });

  return {
    ...{ active, recent, state, loading, error, ordered, queued, runningCount },
    ...{ load, connect, move, cancel, pause, resume, setPaused, onRun },
  };
});
