/**
 * The report's chart specs from epoch records: cost and accuracy over epochs for all runs, and per
 * run the diagnostics over epochs (saturated fraction and gradient norm per weight layer).
 * Epoch 0 is the network before any update, so the first point shows the initialization.
 */
import type { RunDetail } from '../contract/types';
import type { EpochRecord } from '../engine/records';
import type { ReportRun } from './model';
import { palette, type ChartSeries, type ChartSpec } from './svg-chart';

type Metric = (e: EpochRecord) => number | null;

function pointsOf(epochs: EpochRecord[], metric: Metric): ChartSeries['points'] {
  return epochs.map((e) => ({ x: e.epoch, y: metric(e) }));
}

function hasData(points: ChartSeries['points']): boolean {
  return points.some((p) => p.y !== null);
}

/** Log scale when the finite positive values span more than two decades (a cost that explodes or
 * falls by orders of magnitude), else linear. */
export function scaleFor(series: ChartSeries[]): 'linear' | 'log' {
  const ys = series
    .flatMap((s) => s.points.map((p) => p.y))
    .filter((y): y is number => y !== null && Number.isFinite(y));
  if (ys.length === 0 || ys.some((y) => y <= 0)) return 'linear';
  return Math.max(...ys) / Math.min(...ys) > 100 ? 'log' : 'linear';
}

/** Two metrics per run: the first solid, the second dashed. A single run gets two colors instead. */
function pairedSeries(
  runs: RunDetail[],
  labels: ReportRun[],
  first: [string, Metric],
  second: [string, Metric],
): ChartSeries[] {
  const single = runs.length === 1;
  return runs.flatMap((run, i) => {
    const name = (what: string): string => (single ? what : `${labels[i].label} · ${what}`);
    const a: ChartSeries = {
      name: name(first[0]),
      color: labels[i].color,
      points: pointsOf(run.epochs, first[1]),
    };
    const b: ChartSeries = {
      name: name(second[0]),
      color: single ? palette[1] : labels[i].color,
      dashed: !single,
      points: pointsOf(run.epochs, second[1]),
    };
    return [a, b].filter((s) => hasData(s.points));
  });
}

export function costChart(runs: RunDetail[], labels: ReportRun[]): ChartSpec {
  const series = pairedSeries(
    runs,
    labels,
    ['training cost', (e) => e.trainCost],
    ['validation cost', (e) => e.validationCost],
  );
  return {
    title: 'Cost per epoch',
    xLabel: 'epoch',
    yLabel: 'cost',
    series,
    scale: scaleFor(series),
    size: 'half',
  };
}

export function accuracyChart(runs: RunDetail[], labels: ReportRun[]): ChartSpec {
  const series = pairedSeries(
    runs,
    labels,
    ['validation accuracy', (e) => e.validationAccuracy],
    ['test accuracy', (e) => e.testAccuracy],
  );
  return {
    title: 'Accuracy per epoch',
    xLabel: 'epoch',
    yLabel: 'accuracy',
    series,
    yFormat: 'percent',
    yInclude: [0],
  };
}

/** One series per weight layer l (1-based), taken from each epoch's layer statistics. */
function perLayer(
  run: RunDetail,
  metric: (s: EpochRecord['layers'][number]) => number,
): ChartSeries[] {
  const layers = run.epochs[0]?.layers.length ?? run.config.layers.length - 1;
  return Array.from({ length: layers }, (_, i) => ({
    name: `layer ${i + 1}`,
    color: palette[i % palette.length],
    points: run.epochs.map((e) => {
      const stats = e.layers.find((s) => s.layer === i + 1);
      return { x: e.epoch, y: stats ? metric(stats) : null };
    }),
  })).filter((s) => hasData(s.points));
}

export function saturationChart(run: RunDetail): ChartSpec {
  return {
    title: `#${run.id}: saturated units (σ′(z) < 1% of max)`,
    xLabel: 'epoch',
    yLabel: 'saturated share',
    series: perLayer(run, (s) => s.saturatedFraction),
    yFormat: 'percent',
    yInclude: [0],
    size: 'half',
  };
}

export function gradientChart(run: RunDetail): ChartSpec {
  const series = perLayer(run, (s) => s.gradientNorm);
  return {
    title: `#${run.id}: gradient norm per layer`,
    xLabel: 'epoch',
    yLabel: '‖∂C/∂w‖',
    series,
    scale: scaleFor(series),
    size: 'half',
  };
}
