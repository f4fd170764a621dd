/**
 * The training queue as the Queue view and the sidebar see it: active runs (running, paused,
 * queued, in queue order) with their live progress, and the queue-wide pause.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { Disposable } from '../../../src-shared/contract/services';
import type { QueueState, RunProgress, RunSummary } from '../../../src-shared/contract/types';
import { activeStatuses, applyMove, queueOrder, sortActive } from '../queue/queueOrder';
import { capture } from './errors';

export const useQueueStore = defineStore('queue', () => {
  const active = ref<RunSummary[]>([]);
  const state = ref<QueueState | null>(null);
  const order = ref<number[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let subscriptions: Disposable[] = [];

  const ordered = computed(() => sortActive(active.value, order.value));
  const queued = computed(() => ordered.value.filter((r) => r.status === 'queued'));
  const runningCount = computed(() => active.value.filter((r) => r.status === 'running').length);

  const guard = <T>(work: () => Promise<T>) => capture(error, work);
  const refreshActive = async () => {
    const [runs, queueState] = await Promise.all([
      api.runs.list({ status: activeStatuses }),
      api.queue.state(),
    ]);
    [active.value, state.value] = [runs, queueState];
    order.value = queueOrder(runs, queueState, order.value);
  };

  /** The queue state alone: whether Redis answers changes without any run event. */
  const refreshState = () =>
    guard(async () => {
      state.value = await api.queue.state();
    });

  const load = () =>
    guard(async () => {
      loading.value = true;
      await refreshActive().finally(() => (loading.value = false));
    });

  function onRun(run: RunSummary): void {
    const i = active.value.findIndex((r) => r.id === run.id);
    if (activeStatuses.includes(run.status)) {
      if (i >= 0) active.value[i] = run;
      else active.value.push(run);
      if (run.status === 'queued' && !order.value.includes(run.id)) order.value.push(run.id);
      return;
    }
    if (i >= 0) active.value.splice(i, 1);
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
      order.value = applyMove(order.value, id, before);
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
    ...{ active, state, loading, error, ordered, queued, runningCount, refreshState },
    ...{ load, connect, move, cancel, pause, resume, setPaused, onRun },
  };
});
