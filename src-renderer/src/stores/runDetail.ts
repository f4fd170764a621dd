/**
 * The run open in Run detail: its summary, epoch records (appended live while it trains),
 * findings, and final weights (loaded on demand: 784×30 numbers are not needed for the charts).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { RunDetail, RunPatch, RunSummary } from '../../../src-shared/contract/types';
import type { EpochRecord, WeightsJson } from '../../../src-shared/base/records';
import { messageOf } from './errors';
import { isTerminal, isUnfinished } from '../../../src-shared/base/run-status';

export const useRunDetailStore = defineStore('runDetail', () => {
  const run = ref<RunDetail | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const weights = ref<WeightsJson | null>(null);
  const weightsState = ref<'idle' | 'loading' | 'loaded' | 'missing' | 'error'>('idle');

  async function load(id: number): Promise<void> {
    loading.value = true;
    error.value = null;
    weights.value = null;
    weightsState.value = 'idle';
    try {
      run.value = await api.runs.get(id);
    } catch (e) {
      run.value = null;
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  async function loadWeights(): Promise<void> {
    if (!run.value || weightsState.value === 'loading') return;
    weightsState.value = 'loading';
    try {
      weights.value = await api.runs.weights(run.value.id);
      weightsState.value = weights.value ? 'loaded' : 'missing';
    } catch (e) {
      weightsState.value = 'error';
      error.value = messageOf(e);
    }
  }

  /** A live epoch for the open run (ignored for other runs and for epochs already present). */
  function appendEpoch(runId: number, record: EpochRecord): void {
    if (run.value?.id !== runId || run.value.epochs.some((e) => e.epoch === record.epoch)) return;
    run.value.epochs.push(record);
  }

  /** A summary change for the open run; a finished run is reloaded to get its findings. */
  async function applySummary(summary: RunSummary): Promise<void> {
    if (run.value?.id !== summary.id) return;
    const wasActive = isUnfinished(run.value.status);
    Object.assign(run.value, summary);
    if (wasActive && isTerminal(summary.status)) await load(summary.id);
  }

  async function update(patch: RunPatch): Promise<void> {
    if (!run.value) return;
    try {
      Object.assign(run.value, await api.runs.update(run.value.id, patch));
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  /** Why pointing an imported run's dataset here failed (shown beside the path field). */
  const relinkError = ref<string | null>(null);

  async function relinkDataset(path: string): Promise<void> {
    if (!run.value) return;
    relinkError.value = null;
    try {
      run.value = await api.runs.relinkDataset(run.value.id, path);
    } catch (e) {
      relinkError.value = messageOf(e);
    }
  }

  return {
    run,
    relinkError,
    relinkDataset,
    loading,
    error,
    weights,
    weightsState,
    load,
    loadWeights,
    appendEpoch,
    applySummary,
    update,
  };
});
