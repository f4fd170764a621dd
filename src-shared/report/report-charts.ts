/**
 * The report's chart specs from epoch records: cost and accuracy over epochs for all runs, and per
 * run the diagnostics over epochs per level of depth, as the run page draws them (diagnostics/
 * doctor/layer-depth.ts: a conv net's conv layers, then the weight layers).
 * Epoch 0 is the network before any update, so the first point shows the initialization.
 */
import type { RunDetail } from '../experiment/run';
import type { EpochRecord } from '../base/records';
import type { ReportRun } from './model';
import type { CurveRole } from '../experiment/logged-keys';
import { loggedCurves } from '../diagnostics/logged';
import {
  depthLayers,
  errorSignal,
  isRectifier,
  stalledFraction,
  valuesOf,
  type DepthLayer,
  type DepthStats,
} from '../diagnostics/doctor/layer-depth';
import { palette, type ChartSeries, type ChartSpec } from './svg-chart';

type Metric = (e: EpochRecord) => number | null;
type CurveField = Exclude<CurveRole, 'trainAccuracy'>;

function pointsOf(epochs: EpochRecord[], metric: Metric): ChartSeries['points'] {
  return epochs.map((e) => ({ x: e.epoch, y: metric(e) }));
}

/** A run's curve of `role` per epoch: its records, or for a logged run the logged key of that
 * role (none when it logged no epochs: a step axis does not belong on a per-epoch chart). */
function curvePoints(run: RunDetail, role: CurveField): ChartSeries['points'] {
  if (!run.logged) return pointsOf(run.epochs, (e) => e[role]);
  const curves = loggedCurves(run.metrics ?? []);
  const curve = curves.axis === 'epoch' ? curves.roles[role] : undefined;
  return curve ? curve.x.map((x, i) => ({ x, y: curve.y[i] })) : [];
}

function hasData(points: ChartSeries['points']): boolean {
  return points.some((p) => p.y !== null);
}

/** Log scale when the largest finite positive value is over 20 times the smallest (a cost that explodes or
 * falls by orders of magnitude), else linear. */
export function scaleFor(series: ChartSeries[]): 'linear' | 'log' {
  const ys = series
    .flatMap((s) => s.points.map((p) => p.y))
    .filter((y): y is number => y !== null && Number.isFinite(y));
  if (ys.length === 0 || ys.some((y) => y <= 0)) return 'linear';
  return Math.max(...ys) / Math.min(...ys) > 20 ? 'log' : 'linear';
}

/** Two metrics per run, the first solid and the second dashed. A single run gets two colors and
 * names; several runs get one color each, listed once in the legend, with a key for the styles. */
function pairedSeries(
  runs: RunDetail[],
  labels: ReportRun[],
  first: [string, CurveField],
  second: [string, CurveField],
): ChartSeries[] {
  const single = runs.length === 1;
  return runs.flatMap((run, i) => {
    const a: ChartSeries = {
      name: single ? first[0] : labels[i].label,
      color: labels[i].color,
      points: curvePoints(run, first[1]),
    };
    const b: ChartSeries = {
      name: single ? second[0] : labels[i].label,
      color: single ? palette[1] : labels[i].color,
      dashed: !single,
      points: curvePoints(run, second[1]),
    };
    const drawn = [a, b].filter((s) => hasData(s.points));
    return drawn.map((s, k) => (single || k === 0 ? s : { ...s, legend: false }));
  });
}

/** The style key for several runs, naming only the line styles actually drawn. */
function styleKeyOf(
  runs: RunDetail[],
  series: ChartSeries[],
  solid: string,
  dashed: string,
): ChartSpec['styleKey'] {
  if (runs.length === 1) return undefined;
  return {
    solid: series.some((s) => !s.dashed) ? solid : undefined,
    dashed: series.some((s) => s.dashed) ? dashed : undefined,
  };
}

export function costChart(runs: RunDetail[], labels: ReportRun[]): ChartSpec {
  const series = pairedSeries(
    runs,
    labels,
    ['training cost', 'trainCost'],
    ['validation cost', 'validationCost'],
  );
  return {
    title: 'Cost per epoch',
    xLabel: 'epoch',
    yLabel: 'cost',
    series,
    scale: scaleFor(series),
    styleKey: styleKeyOf(runs, series, 'training cost', 'validation cost'),
  };
}

export function accuracyChart(runs: RunDetail[], labels: ReportRun[]): ChartSpec {
  const series = pairedSeries(
    runs,
    labels,
    ['validation accuracy', 'validationAccuracy'],
    ['test accuracy', 'testAccuracy'],
  );
  return {
    title: 'Accuracy per epoch',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    series,
    yFormat: 'percent',
    yInclude: [0],
    styleKey: styleKeyOf(runs, series, 'validation accuracy', 'test accuracy'),
  };
}

/** One series per level of depth (a conv net's conv layers first, then its weight layers), named
 * as the run page and the doctor name them; levels without data are left out. */
function perLevel(
  run: RunDetail,
  metric: (stats: DepthStats, layer: DepthLayer) => number,
  name = (layer: DepthLayer) => layer.label,
): ChartSeries[] {
  return depthLayers(run.epochs, run.config)
    .map((layer, i) => ({
      name: name(layer),
      color: palette[i % palette.length],
      points: valuesOf(layer, run.epochs, metric).map((y, k) => ({ x: run.epochs[k].epoch, y })),
    }))
    .filter((s) => hasData(s.points));
}

/** Saturation for squashing units (sigmoid, tanh, softmax); for ReLU layers, which never saturate,
 * the share of dead units (zero for every probe input) — the way those layers stop learning. */
export function saturationChart(run: RunDetail): ChartSpec {
  const acts = depthLayers(run.epochs, run.config).map((l) => l.activation);
  const relu = acts.some(isRectifier);
  const squashing = acts.some((a) => !isRectifier(a) && a !== 'linear');
  const kind = relu && squashing ? 'saturated or dead' : relu ? 'dead' : 'saturated';
  return {
    title: `#${run.id}: ${kind} units${relu ? '' : ' (σ′(z) < 1% of max)'}`,
    xLabel: 'epoch',
    yLabel: `${kind} share`,
    series: perLevel(
      run,
      (s, l) => stalledFraction(l, s),
      (l) =>
        relu && squashing
          ? `${l.label} (${isRectifier(l.activation) ? 'dead' : 'saturated'})`
          : l.label,
    ),
    yFormat: 'percent',
    yInclude: [0],
    size: 'half',
  };
}

export function gradientChart(run: RunDetail): ChartSpec {
  const series = perLevel(run, (s) => s.gradientNorm);
  return {
    title: `#${run.id}: gradient norm per layer`,
    xLabel: 'epoch',
    yLabel: '‖∂C/∂w‖',
    series,
    scale: scaleFor(series),
    yInclude: [0],
    size: 'half',
  };
}

/** ‖∂C/∂b‖ per bias parameter by level (per filter for a conv layer): the measure the doctor's
 * vanishing-gradient rules compare across depth, and the run page's "how fast each layer learns".
 * ‖∂C/∂w‖ alone does not compare a conv layer's few shared weights with a dense layer's many. */
export function errorSignalChart(run: RunDetail): ChartSpec {
  const series = perLevel(run, (s, l) => errorSignal(l, s));
  return {
    title: `#${run.id}: how fast each layer learns`,
    xLabel: 'epoch',
    yLabel: '‖∂C/∂b‖/√n',
    series,
    scale: scaleFor(series),
    yInclude: [0],
    size: 'half',
  };
}

/** A run's diagnostics charts: saturation and ‖∂C/∂w‖ always; the learning speed by level when the
 * run has two or more levels below its output, where vanishing-gradient-depth compares them (a
 * conv net with a hidden layer, a deep dense net). */
export function diagnosticsCharts(run: RunDetail): ChartSpec[] {
  const speed = errorSignalChart(run);
  return [saturationChart(run), gradientChart(run), ...(speed.series.length > 2 ? [speed] : [])];
}
