/**
 * A line chart laid out once as a list of shapes — axes, ticks, grid, a legend, broken lines where
 * values are missing, and a red × on the top edge where a value is NaN or ±Infinity (a run that
 * diverged shows where it did). svg-chart.ts writes the shapes as SVG (HTML, PDF) and
 * raster-chart.ts paints them into a PNG (Markdown), so both pictures are the same chart.
 */
import { linearScale, logScale, type Scale } from './chart-scale';
import type { ChartSeries, ChartSpec } from './svg-chart';
import { formatNumber } from './format';

export type Point = [x: number, y: number];

export type Shape =
  | { kind: 'rect'; width: number; height: number; fill: string }
  /** Open polylines (one per entry), stroked; `dash` is [on, off] in px. */
  | { kind: 'lines'; lines: Point[][]; stroke: string; width: number; dash?: [number, number] }
  | { kind: 'dot'; at: Point; r: number; fill: string }
  | {
      kind: 'text';
      at: Point;
      text: string;
      anchor: 'start' | 'middle' | 'end';
      font: 'regular' | 'bold';
      fill: string;
      /** Centred on `at` vertically (SVG dy 0.35em) instead of standing on it. */
      middle?: boolean;
      /** Turned 90° counter-clockwise about `at` (the y axis label). */
      vertical?: boolean;
    };

export interface ChartLayout {
  title: string;
  width: number;
  height: number;
  shapes: Shape[];
}

const sizes = { full: { width: 640, plotHeight: 220 }, half: { width: 340, plotHeight: 150 } };
const margin = { left: 64, right: 16, top: 34, bottom: 42 };
const legendRow = 18;
const DASH: [number, number] = [5, 3];

interface Frame {
  x: Scale;
  y: Scale;
  top: number;
  bottom: number;
  left: number;
  right: number;
  log: boolean;
}

export function layoutLineChart(spec: ChartSpec): ChartLayout {
  const { width, plotHeight } = sizes[spec.size ?? 'full'];
  const legend = layoutLegend(spec, width);
  const height = margin.top + plotHeight + margin.bottom + legend.rows * legendRow + 6;
  const frame = frameOf(spec, width, plotHeight);
  const shapes: Shape[] = [
    { kind: 'rect', width, height, fill: '#fff' },
    { kind: 'text', at: [12, 20], text: spec.title, anchor: 'start', font: 'bold', fill: '#222' },
    ...axes(spec, frame),
    ...spec.series.flatMap((s) => seriesShapes(s, frame)),
    ...nonFiniteMarks(spec, frame),
    ...legend.shapes(frame.bottom + margin.bottom - 4),
  ];
  return { title: spec.title, width, height, shapes };
}

function frameOf(spec: ChartSpec, width: number, plotHeight: number): Frame {
  const points = spec.series.flatMap((s) => s.points);
  const xs = points.map((p) => p.x);
  const log = spec.scale === 'log';
  const ys = points
    .map((p) => p.y)
    .filter((y): y is number => y !== null && Number.isFinite(y) && (!log || y > 0));
  const [top, bottom, left, right] = [
    margin.top,
    margin.top + plotHeight,
    margin.left,
    width - margin.right,
  ];
  const [xMin, xMax] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const x = linearScale(xMin, xMax, left, right, width > 400 ? 8 : 5, true);
  if (ys.length === 0)
    return { x, y: linearScale(0, 1, bottom, top), top, bottom, left, right, log };
  const bounds = log ? ys : [...ys, ...(spec.yInclude ?? [])];
  const [yMin, yMax] = [Math.min(...bounds), Math.max(...bounds)];
  const y = log
    ? logScale(yMin, yMax, bottom, top)
    : linearScale(yMin, yMax, bottom, top, plotHeight > 180 ? 5 : 4);
  return { x, y, top, bottom, left, right, log };
}

function tickLabel(value: number, spec: ChartSpec): string {
  if (spec.yFormat === 'percent') return `${Number((value * 100).toPrecision(6))}%`;
  return formatNumber(value, 3);
}

const label = (
  at: Point,
  text: string,
  anchor: 'start' | 'middle' | 'end',
  fill: string,
  extra: { middle?: boolean; vertical?: boolean } = {},
): Shape => ({ kind: 'text', at, text, anchor, font: 'regular', fill, ...extra });

function axes(spec: ChartSpec, f: Frame): Shape[] {
  const out: Shape[] = [];
  for (const t of f.y.ticks) {
    const y = f.y.map(t);
    const grid: Point[] = [
      [f.left, y],
      [f.right, y],
    ];
    out.push({ kind: 'lines', lines: [grid], stroke: '#e6e6e6', width: 1 });
    out.push(label([f.left - 6, y], tickLabel(t, spec), 'end', '#555', { middle: true }));
  }
  for (const t of f.x.ticks) {
    const x = f.x.map(t);
    const tick: Point[] = [
      [x, f.bottom],
      [x, f.bottom + 4],
    ];
    out.push({ kind: 'lines', lines: [tick], stroke: '#888', width: 1 });
    out.push(label([x, f.bottom + 16], formatNumber(t, 6), 'middle', '#555'));
  }
  const frame: Point[] = [
    [f.left, f.top],
    [f.left, f.bottom],
    [f.right, f.bottom],
  ];
  out.push({ kind: 'lines', lines: [frame], stroke: '#888', width: 1 });
  out.push(label([(f.left + f.right) / 2, f.bottom + 32], spec.xLabel, 'middle', '#333'));
  const mid = (f.top + f.bottom) / 2;
  out.push(label([14, mid], spec.yLabel, 'middle', '#333', { vertical: true }));
  return out;
}

/** Usable points become polylines, broken wherever a value is missing; a lone point is a dot. */
function seriesShapes(series: ChartSeries, f: Frame): Shape[] {
  const segments: Point[][] = [[]];
  for (const p of series.points) {
    const usable = p.y !== null && Number.isFinite(p.y) && (!f.log || p.y > 0);
    if (!usable) {
      if (segments[segments.length - 1].length) segments.push([]);
      continue;
    }
    segments[segments.length - 1].push([f.x.map(p.x), f.y.map(p.y as number)]);
  }
  const lines = segments.filter((s) => s.length > 1);
  const out: Shape[] = lines.length
    ? [
        {
          kind: 'lines',
          lines,
          stroke: series.color,
          width: 1.8,
          ...(series.dashed ? { dash: DASH } : {}),
        },
      ]
    : [];
  for (const [at] of segments.filter((s) => s.length === 1))
    out.push({ kind: 'dot', at, r: 2.5, fill: series.color });
  return out;
}

function cross(x: number, y: number, half: number, color: string): Shape {
  const lines: Point[][] = [
    [
      [x - half, y - half],
      [x + half, y + half],
    ],
    [
      [x - half, y + half],
      [x + half, y - half],
    ],
  ];
  return { kind: 'lines', lines, stroke: color, width: 2 };
}

function nonFiniteMarks(spec: ChartSpec, f: Frame): Shape[] {
  return spec.series.flatMap((s) =>
    s.points
      .filter((p) => p.y !== null && !Number.isFinite(p.y))
      .map((p) => cross(f.x.map(p.x), p.y === -Infinity ? f.bottom - 6 : f.top + 6, 4, '#d00')),
  );
}

interface LegendItem {
  label: string;
  color: string;
  dashed: boolean;
  cross: boolean;
}

/** Legend items flow left to right and wrap; a "× NaN / ∞" item appears when a mark was drawn. */
function layoutLegend(
  spec: ChartSpec,
  width: number,
): { rows: number; shapes(top: number): Shape[] } {
  const items: LegendItem[] = spec.series
    .filter((s) => s.legend !== false)
    .map((s) => ({ label: s.name, color: s.color, dashed: !!s.dashed, cross: false }));
  const { solid, dashed } = spec.styleKey ?? {};
  if (solid) items.push({ label: solid, color: '#777', dashed: false, cross: false });
  if (dashed) items.push({ label: dashed, color: '#777', dashed: true, cross: false });
  const marked = spec.series.some((s) =>
    s.points.some((p) => p.y !== null && !Number.isFinite(p.y)),
  );
  if (marked)
    items.push({ label: 'NaN or ∞ (diverged)', color: '#d00', dashed: false, cross: true });
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  let [x, row] = [margin.left, 0];
  for (const item of items) {
    const w = 28 + Math.min(item.label.length, 48) * 6.2 + 14;
    if (x + w > width - margin.right && x > margin.left) [x, row] = [margin.left, row + 1];
    placed.push({ item, x, row });
    x += w;
  }
  const rows = items.length ? row + 1 : 0;
  const shapes = (top: number): Shape[] =>
    placed.flatMap(({ item, x: px, row: r }) => legendItem(item, px, top + r * legendRow + 14));
  return { rows, shapes };
}

function legendItem(item: LegendItem, x: number, y: number): Shape[] {
  const text = item.label.length > 48 ? `${item.label.slice(0, 47)}…` : item.label;
  const sample: Point[] = [
    [x, y - 4],
    [x + 22, y - 4],
  ];
  const swatch: Shape = item.cross
    ? cross(x + 12, y - 4, 4, item.color)
    : {
        kind: 'lines',
        lines: [sample],
        stroke: item.color,
        width: 2.5,
        ...(item.dashed ? { dash: DASH } : {}),
      };
  return [swatch, label([x + 28, y], text, 'start', '#333')];
}
