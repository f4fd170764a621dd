/**
 * The comparison being looked at: which runs (2–20), their summaries, curves and logged metrics,
 * the metric and x axis, the grouping, and the "only what differs" switch of the config diff.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type {
  Finding,
  LoggedMetric,
  RunCurve,
  RunSummary,
} from '../../../src-shared/contract/types';
import { diffConfigs } from '../../../src-shared/experiment/flatten';
import { shownConfig } from '../../../src-shared/experiment/run-view';
import {
  groupRuns,
  groupSeries,
  missingNote,
  pointsOf,
  type CompareAxis,
  type GroupBy,
} from '../compare/compareModel';
import { compareMetrics } from '../compare/metrics';
import { seriesColor } from '../charts/palette';
import { messageOf } from './errors';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 20;

export const useCompareStore = defineStore('compare', () => {
  const ids = ref<number[]>([]);
  const runs = ref<RunSummary[]>([]);
  const curves = ref<RunCurve[]>([]);
  const findings = ref<Record<number, Finding[]>>({});
  /** Per-step metrics by run id: a logged run's as logged, a trained run's sampled batch cost. */
  const stepMetrics = ref<Record<number, LoggedMetric[]>>({});
  const metric = ref('validationAccuracy');
  const axis = ref<CompareAxis>('epoch');
  const groupBy = ref<GroupBy>({ kind: 'none' });
  const onlyDiffers = ref(true);
  const loading = ref(false);
  const error = ref<string | null>(null);

  /** Why the selection cannot be compared, or null when it can. */
  const selectionProblem = computed(() => {
    if (ids.value.length < MIN_COMPARE) return `Pick at least ${MIN_COMPARE} runs to compare.`;
    if (ids.value.length > MAX_COMPARE) return `Compare at most ${MAX_COMPARE} runs at a time.`;
    return null;
  });

  const allRows = computed(() => diffConfigs(runs.value.map(shownConfig)));
  const diffRows = computed(() =>
    onlyDiffers.value ? allRows.value.filter((r) => r.differs) : allRows.value,
  );
  const groups = computed(() => groupRuns(runs.value, groupBy.value));
  const metrics = computed(() =>
    compareMetrics(Object.values(stepMetrics.value).flatMap((ms) => ms.map((m) => m.key))),
  );
  const metricInfo = computed(
    () => metrics.value.find((m) => m.id === metric.value) ?? metrics.value[0],
  );
  const points = computed(() =>
    runs.value.flatMap((run) => {
      const curve = curves.value.find((c) => c.runId === run.id);
      const p = pointsOf(run, curve, stepMetrics.value[run.id], metricInfo.value, axis.value);
      return p ? [p] : [];
    }),
  );
  const missing = computed(() =>
    missingNote(runs.value, points.value, metricInfo.value, axis.value),
  );
  const series = computed(() => groupSeries(groups.value, points.value));
  /** Each run's colour: its group's, so tables match the chart however runs are grouped. */
  const colors = computed(() =>
    Object.fromEntries(groups.value.flatMap((g, i) => g.runIds.map((id) => [id, seriesColor(i)]))),
  );

  /** Loads summaries and curves for `next` (deduplicated, in the given order). */
  async function load(next: number[]): Promise<void> {
    ids.value = [...new Set(next)];
    error.value = null;
    if (selectionProblem.value) {
      runs.value = [];
      curves.value = [];
      return;
    }
    loading.value = true;
    try {
      const [summaries, loaded] = await Promise.all([
        Promise.all(ids.value.map((id) => api.runs.get(id))),
        api.runs.curves(ids.value),
      ]);
      runs.value = summaries.map(
        ({ epochs: _e, findings: _f, metrics: _m, ...summary }) => summary,
      );
      findings.value = Object.fromEntries(summaries.map((d) => [d.id, d.findings]));
      stepMetrics.value = Object.fromEntries(
        summaries.flatMap((d) => (d.metrics ? [[d.id, d.metrics]] : [])),
      );
      curves.value = loaded;
    } catch (e) {
      error.value = messageOf(e);
    } finally {
      loading.value = false;
    }
  }

  /** Reloads the curves only (a run in the comparison appended an epoch). */
  async function refreshCurves(): Promise<void> {
    if (selectionProblem.value) return;
    try {
      curves.value = await api.runs.curves(ids.value);
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  return {
    ...{ ids, runs, curves, findings, stepMetrics, metric, axis, groupBy, onlyDiffers },
    ...{ loading, error },
    ...{ selectionProblem, allRows, diffRows, groups, metrics, metricInfo, points, missing },
    ...{ series, colors, load, refreshCurves },
  };
});
