/**
 * The comparison being looked at: which runs (2–100), their summaries, curves and logged metrics,
 * the metrics (several on one chart), x axis, smoothing, log scale and grouping (the view state
 * Compare keeps in its URL: compare/compareUrl.ts), and the config diff's "only what differs".
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
  metricsSeries,
  missingNote,
  pointsOf,
  type GroupBy,
} from '../compare/compareModel';
import { compareMetrics, type CompareMetric } from '../compare/metrics';
import { defaultView, type CompareViewState } from '../compare/compareUrl';
import { elapsedByEpoch, trainSizeOf, type XAxis, type RunScale } from '../charts/xAxis';
import { seriesColor } from '../charts/palette';
import { useDatasetsStore } from './datasets';
import { messageOf } from './errors';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 100;
/** runs.curves takes at most this many ids per call (its schema). */
const CURVES_PER_CALL = 50;

/** The curves of `ids`, asked for in calls the contract accepts, in parallel. */
async function curvesOf(ids: readonly number[]): Promise<RunCurve[]> {
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += CURVES_PER_CALL)
    chunks.push(ids.slice(i, i + CURVES_PER_CALL));
  return (await Promise.all(chunks.map((chunk) => api.runs.curves(chunk)))).flat();
}

export const useCompareStore = defineStore('compare', () => {
  const ids = ref<number[]>([]);
  const runs = ref<RunSummary[]>([]);
  const curves = ref<RunCurve[]>([]);
  const findings = ref<Record<number, Finding[]>>({});
  /** Per-step metrics by run id: a logged run's as logged, a trained run's sampled batch cost. */
  const stepMetrics = ref<Record<number, LoggedMetric[]>>({});
  /** Training seconds up to each epoch, by run id (from the epoch records). */
  const elapsed = ref<Record<number, Map<number, number>>>({});
  const metricIds = ref<string[]>([...defaultView.metricIds]);
  const axis = ref<XAxis>(defaultView.axis);
  const smoothing = ref(defaultView.smoothing);
  const logY = ref(defaultView.logY);
  const groupBy = ref<GroupBy>(defaultView.groupBy);
  const datasets = useDatasetsStore();
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
  /** The chosen metrics that exist here (the first available one when none does). */
  const metricInfos = computed(() => {
    const chosen = metricIds.value.flatMap((id) => metrics.value.filter((m) => m.id === id));
    return chosen.length ? chosen : metrics.value.slice(0, 1);
  });
  /** The first chosen metric: the summary table's, the scatter's and the parallel plot's. */
  const metricInfo = computed(() => metricInfos.value[0]);
  const scales = computed(() =>
    Object.fromEntries(
      runs.value.map((run): [number, RunScale] => [
        run.id,
        {
          trainSize: trainSizeOf(run.config, (id) => datasets.byId(id)?.trainCount),
          batchSize: run.config.batchSize,
          elapsed: elapsed.value[run.id] ?? new Map(),
        },
      ]),
    ),
  );
  const pointsFor = (metric: CompareMetric) =>
    runs.value.flatMap((run) => {
      const curve = curves.value.find((c) => c.runId === run.id);
      const metrics = stepMetrics.value[run.id];
      const p = pointsOf(run, curve, metrics, metric, axis.value, scales.value[run.id]);
      return p ? [p] : [];
    });
  const perMetric = computed(() =>
    metricInfos.value.map((metric) => ({ metric, points: pointsFor(metric) })),
  );
  const points = computed(() => perMetric.value[0]?.points ?? []);
  const missing = computed(
    () =>
      perMetric.value
        .map((m) => missingNote(runs.value, m.points, m.metric, axis.value))
        .filter((note) => note !== null)
        .join(' ') || null,
  );
  const series = computed(() => metricsSeries(groups.value, perMetric.value));
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
    void datasets.load();
    try {
      const [summaries, loaded] = await Promise.all([
        Promise.all(ids.value.map((id) => api.runs.get(id))),
        curvesOf(ids.value),
      ]);
      runs.value = summaries.map(
        ({ epochs: _e, findings: _f, metrics: _m, ...summary }) => summary,
      );
      findings.value = Object.fromEntries(summaries.map((d) => [d.id, d.findings]));
      stepMetrics.value = Object.fromEntries(
        summaries.flatMap((d) => (d.metrics ? [[d.id, d.metrics]] : [])),
      );
      elapsed.value = Object.fromEntries(summaries.map((d) => [d.id, elapsedByEpoch(d.epochs)]));
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
      curves.value = await curvesOf(ids.value);
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  /** Sets the view state (from the URL). */
  function setView(view: CompareViewState): void {
    metricIds.value = [...view.metricIds];
    axis.value = view.axis;
    smoothing.value = view.smoothing;
    logY.value = view.logY;
    groupBy.value = view.groupBy;
  }
  const view = computed<CompareViewState>(() => ({
    metricIds: metricIds.value,
    ...{ axis: axis.value, smoothing: smoothing.value, logY: logY.value, groupBy: groupBy.value },
  }));

  return {
    ...{ ids, runs, curves, findings, stepMetrics, metricIds, axis, smoothing, logY, groupBy },
    ...{ onlyDiffers, loading, error, view, setView },
    ...{ selectionProblem, allRows, diffRows, groups, metrics, metricInfos, metricInfo, points },
    ...{ missing, series, colors, load, refreshCurves },
  };
});
