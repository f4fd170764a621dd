/**
 * The report model: everything a report says, computed once from RunDetail[] (+ optional final
 * weights and the app's info) as plain data. The renderers (html.ts, markdown.ts) only lay it out,
 * so every format says the same thing.
 */
import { activationsOf } from '../experiment/config';
import { networkText } from '../experiment/network-text';
import { runSource, shownConfig, trainedConfig, type RunSource } from '../experiment/run-view';
import type { AppInfo } from '../base/app-info';
import type { Finding } from '../base/findings';
import type { RunDetail } from '../experiment/run';
import type { RunStatus } from '../base/run-status';
import type { WeightsJson } from '../base/records';
import { denseLayerName } from '../diagnostics/doctor/network-shape';
import { diffConfigs, type ConfigDiff } from './config-diff';
import { finalMetricsOf, type FinalMetrics } from './metrics';
import { seedGroupsOf, type SeedGroup } from './seed-groups';
import { hiddenUnitMontage, type HiddenUnitMontage } from './hidden-units';
import { palette, type ChartSpec } from './svg-chart';
import { costChart, accuracyChart, diagnosticsCharts } from './report-charts';
import type { Confusion } from './confusion';

/** A run's confusion matrix on its test split, as the exporter computed it. */
export interface ReportConfusion extends Confusion {
  /** Class names in class order (digits for MNIST). */
  classNames: string[];
}

export interface ReportInput {
  runs: RunDetail[];
  /** Final weights by run id, when the caller fetched them (for hidden-unit images). */
  weights?: Record<number, WeightsJson | null>;
  /** Confusion matrices on the test split by run id, when the caller computed them. */
  confusion?: Record<number, ReportConfusion | null>;
  app: AppInfo;
  title?: string;
  /** ISO time the report is made; injected so the same input renders the same text. */
  generatedAt: string;
}

export interface ReportRun {
  id: number;
  name: string;
  /** "#12 name": unique even when names repeat across seeds. */
  label: string;
  color: string;
  status: RunStatus;
  seed: number;
  createdAt: string;
  finishedAt: string | null;
  engineVersion: string;
  host: string | null;
  tags: string[];
  notes: string;
  error: string | null;
  /** Trained here, or logged from a training loop elsewhere. */
  source: RunSource;
  /** "784-30-10, sigmoid, quadratic cost, mnist", or "logged elsewhere, 3 params". */
  summary: string;
}

/** A finding with where it was seen in words: "epoch 3, dense layer 2" (see denseLayerName). */
export interface ReportFinding extends Finding {
  where: string;
}

export interface ReportModel {
  title: string;
  generatedAt: string;
  app: { version: string; engineVersion: string; host: string; machine: string };
  runs: ReportRun[];
  config: ConfigDiff;
  metrics: { runId: number; values: FinalMetrics }[];
  curves: ChartSpec[];
  diagnostics: { runId: number; charts: ChartSpec[] }[];
  findings: { runId: number; findings: ReportFinding[] }[];
  hiddenUnits: { runId: number; montage: HiddenUnitMontage }[];
  confusion: { runId: number; matrix: ReportConfusion }[];
  seedGroups: SeedGroup[];
  /** Sentences about what was left out (limits) so the reader is not misled. */
  notes: string[];
}

/** Per-run sections (diagnostics, hidden units) are drawn for at most this many runs. */
export const perRunLimit = 8;

export function buildReport(input: ReportInput): ReportModel {
  if (input.runs.length === 0) throw new Error('A report needs at least one run');
  const runs = input.runs.map(reportRunOf);
  // Only runs trained here have layer statistics and weights to draw.
  const trained = input.runs.filter((r) => runSource(r) === 'trained');
  const detailed = trained.slice(0, perRunLimit);
  const notes: string[] = [];
  if (trained.length > perRunLimit)
    notes.push(
      `Diagnostics, hidden units and confusion matrices are shown for the first ${perRunLimit} of ${trained.length}${trained.length < input.runs.length ? ' trained' : ''} runs.`,
    );
  if (trained.length < input.runs.length)
    notes.push(
      'Logged runs were trained outside this app: their params are shown as logged, their cost and accuracy curves from the logged keys of the same meaning (loss, val_loss, val_acc, …) by epoch, and they have no diagnostics, hidden units or confusion matrix.',
    );
  return {
    title: input.title?.trim() || defaultTitle(input.runs),
    generatedAt: input.generatedAt,
    app: appOf(input.app),
    runs,
    config: diffConfigs(input.runs.map(shownConfig)),
    metrics: input.runs.map((r) => ({ runId: r.id, values: finalMetricsOf(r) })),
    curves: [costChart(input.runs, runs), accuracyChart(input.runs, runs)],
    diagnostics: detailed.map((r) => ({ runId: r.id, charts: diagnosticsCharts(r) })),
    findings: input.runs.map((r) => ({ runId: r.id, findings: r.findings.map(placed(r)) })),
    hiddenUnits: hiddenUnitsOf(detailed, input.weights ?? {}),
    confusion: detailed.flatMap((r) => {
      const matrix = input.confusion?.[r.id];
      return matrix ? [{ runId: r.id, matrix }] : [];
    }),
    seedGroups: seedGroupsOf(input.runs),
    notes,
  };
}

/** Each finding of `run` with its epoch and dense layer in words, named as the doctor names them. */
function placed(run: RunDetail): (f: Finding) => ReportFinding {
  const config = trainedConfig(run) ?? {};
  return (f) => {
    const layer = f.layer === undefined ? [] : [denseLayerName(config, f.layer)];
    return { ...f, where: [`epoch ${f.epoch}`, ...layer].join(', ') };
  };
}

function defaultTitle(runs: RunDetail[]): string {
  if (runs.length === 1) return `Run #${runs[0].id}: ${runs[0].name || 'unnamed'}`;
  return `Comparison of ${runs.length} runs`;
}

function appOf(app: AppInfo): ReportModel['app'] {
  const m = app.machine;
  const machine = `${m.cpuModel} · ${m.cpus} cores · ${m.memoryGb} GB · ${m.platform}/${m.arch}`;
  return { version: app.version, engineVersion: app.engineVersion, host: app.host, machine };
}

function reportRunOf(run: RunDetail, index: number): ReportRun {
  return {
    id: run.id,
    name: run.name,
    label: `#${run.id} ${run.name}`.trim(),
    color: palette[index % palette.length],
    status: run.status,
    seed: run.seed,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    engineVersion: run.engineVersion,
    host: run.host,
    tags: run.tags,
    notes: run.notes,
    error: run.error,
    source: runSource(run),
    summary: summaryOf(run),
  };
}

/** The network in a few words, or for a logged run where it came from. */
function summaryOf(run: RunDetail): string {
  const c = trainedConfig(run);
  if (!c) {
    const n = Object.keys(shownConfig(run)).length;
    return `logged elsewhere, ${n} param${n === 1 ? '' : 's'}`;
  }
  const dataset =
    typeof c.dataset === 'string'
      ? c.dataset
      : c.dataset.kind === 'idx'
        ? (c.dataset.name ?? 'idx files')
        : c.dataset.kind;
  const acts = [...new Set(activationsOf(c))].join('/');
  return `${networkText(c)}, ${acts}, ${c.cost} cost, ${dataset}`;
}

function hiddenUnitsOf(
  runs: RunDetail[],
  weights: Record<number, WeightsJson | null>,
): ReportModel['hiddenUnits'] {
  const out: ReportModel['hiddenUnits'] = [];
  for (const run of runs) {
    const w = weights[run.id];
    // A conv net's first dense layer reads the conv output, which no picture of pixels shows.
    const montage = w && !run.config.features ? hiddenUnitMontage(w) : null;
    if (montage) out.push({ runId: run.id, montage });
  }
  return out;
}
