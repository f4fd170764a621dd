/**
 * Live samples for the queue's sparklines: the training cost of each progress report and the
 * accuracy of each finished epoch, per run, capped to what a row can draw.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { Disposable } from '../../../src-shared/contract/services';
import type { RunProgress } from '../../../src-shared/contract/types';
import type { EpochRecord } from '../../../src-shared/base/records';

/** A sparkline is about 120 px wide: one sample per pixel is plenty. */
export const SPARK_POINTS = 120;

export interface LiveSeries {
  cost: number[];
  accuracy: number[];
}

export const useLiveSeriesStore = defineStore('liveSeries', () => {
  const byRun = ref<Record<number, LiveSeries>>({});
  let subscriptions: Disposable[] = [];

  function seriesOf(runId: number): LiveSeries {
    return (byRun.value[runId] ??= { cost: [], accuracy: [] });
  }
  function push(list: number[], v: number): void {
    list.push(v);
    if (list.length > SPARK_POINTS) list.splice(0, list.length - SPARK_POINTS);
  }

  function onProgress({ runId, progress }: { runId: number; progress: RunProgress }): void {
    push(seriesOf(runId).cost, progress.cost);
  }
  /** Accuracy on validation data when there is some, else test, else training. */
  function onEpoch({ runId, record }: { runId: number; record: EpochRecord }): void {
    const accuracy = record.validationAccuracy ?? record.testAccuracy ?? record.trainAccuracy;
    if (accuracy !== null) push(seriesOf(runId).accuracy, accuracy);
  }

  function connect(): void {
    if (subscriptions.length) return;
    subscriptions = [api.queue.onDidProgress(onProgress), api.queue.onDidAppendEpoch(onEpoch)];
  }

  return { byRun, connect, onProgress, onEpoch };
});
