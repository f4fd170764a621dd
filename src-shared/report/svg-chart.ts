/**
 * A small line-chart renderer that returns SVG text: axes, ticks, grid, a legend, broken lines
 * where values are missing, and a red × on the top edge where a value is NaN or ±Infinity (a run
 * that diverged shows where it did). No DOM, no scripts: the same text goes into HTML, Markdown
 * image files and the PDF.
 */
import { linearScale, logScale, type Scale } from './chart-scale';
import { escapeXml } from './escape';
import { formatNumber } from './format';

export interface ChartPoint {
  x: number;
  /** null = not measured (gap without a mark); NaN/±Infinity = measured but not finite (marked). */
  y: number | null;
}

export interface ChartSeries {
  name: string;
  color: string;
  dashed?: boolean;
  /** false hides the series from the legend (its run is already listed once). */
  legend?: boolean;
  points: ChartPoint[];
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  scale?: 'linear' | 'log';
  yFormat?: 'percent' | 'number';
  /** Values the y axis must include (e.g. 0 for shares, so a flat 15% line does not look like 0). */
  yInclude?: number[];
  /** Legend key for line styles when colors name runs: what a solid and a dashed line mean. */
  styleKey?: { solid?: string; dashed?: string };
  /** Drawn size in px: full width by default; half-width charts sit two to a row. */
  size?: 'full' | 'half';
}

/** Tableau 10: distinct on screen and in print. */
export const palette = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

const sizes = { full: { width: 640, plotHeight: 220 }, half: { width: 340, plotHeight: 150 } };
const margin = { left: 64, right: 16, top: 34, bottom: 42 };
const legendRow = 18;

interface Frame {
  x: Scale;
  y: Scale;
  top: number;
  bottom: number;
  left: number;
  right: number;
  log: boolean;
}

export function renderLineChart(spec: ChartSpec): string {
  const { width, plotHeight } = sizes[spec.size ?? 'full'];
  const legend = layoutLegend(spec, width);
  const height = margin.top + plotHeight + margin.bottom + legend.rows * legendRow + 6;
  const frame = frameOf(spec, width, plotHeight);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="11" role="img" aria-label="${escapeXml(spec.title)}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="20" font-size="13" font-weight="bold" fill="#222">${escapeXml(spec.title)}</text>`,
    axes(spec, frame),
    ...spec.series.map((s) => seriesPath(s, frame)),
    nonFiniteMarks(spec, frame),
    legend.svg(frame.bottom + margin.bottom - 4),
    '</svg>',
  ];
  return parts.filter(Boolean).join('\n');
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

function axes(spec: ChartSpec, f: Frame): string {
  const out: string[] = [];
  for (const t of f.y.ticks) {
    const y = f.y.map(t).toFixed(1);
    out.push(`<line x1="${f.left}" x2="${f.right}" y1="${y}" y2="${y}" stroke="#e6e6e6"/>`);
    out.push(
      `<text x="${f.left - 6}" y="${y}" dy="0.35em" text-anchor="end" fill="#555">${escapeXml(tickLabel(t, spec))}</text>`,
    );
  }
  for (const t of f.x.ticks) {
    const x = f.x.map(t).toFixed(1);
    out.push(`<line x1="${x}" x2="${x}" y1="${f.bottom}" y2="${f.bottom + 4}" stroke="#888"/>`);
    out.push(
      `<text x="${x}" y="${f.bottom + 16}" text-anchor="middle" fill="#555">${formatNumber(t, 6)}</text>`,
    );
  }
  out.push(`<path d="M${f.left} ${f.top}V${f.bottom}H${f.right}" fill="none" stroke="#888"/>`);
  out.push(
    `<text x="${(f.left + f.right) / 2}" y="${f.bottom + 32}" text-anchor="middle" fill="#333">${escapeXml(spec.xLabel)}</text>`,
  );
  const mid = (f.top + f.bottom) / 2;
  out.push(
    `<text transform="translate(14 ${mid}) rotate(-90)" text-anchor="middle" fill="#333">${escapeXml(spec.yLabel)}</text>`,
  );
  return out.join('\n');
}

/** Usable points become one path, broken into separate segments wherever a value is missing. */
function seriesPath(series: ChartSeries, f: Frame): string {
  const segments: string[][] = [[]];
  for (const p of series.points) {
    const usable = p.y !== null && Number.isFinite(p.y) && (!f.log || p.y > 0);
    if (!usable) {
      if (segments[segments.length - 1].length) segments.push([]);
      continue;
    }
    segments[segments.length - 1].push(
      `${f.x.map(p.x).toFixed(1)} ${f.y.map(p.y as number).toFixed(1)}`,
    );
  }
  const dash = series.dashed ? ' stroke-dasharray="5 3"' : '';
  const lines = segments.filter((s) => s.length > 1).map((s) => `M${s.join('L')}`);
  const dots = segments.filter((s) => s.length === 1).map((s) => s[0].split(' '));
  const out = lines.length
    ? [
        `<path d="${lines.join('')}" fill="none" stroke="${series.color}" stroke-width="1.8"${dash}/>`,
      ]
    : [];
  for (const [x, y] of dots)
    out.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${series.color}"/>`);
  return out.join('\n');
}

function nonFiniteMarks(spec: ChartSpec, f: Frame): string {
  const marks: string[] = [];
  for (const s of spec.series) {
    for (const p of s.points) {
      if (p.y === null || Number.isFinite(p.y)) continue;
      const x = f.x.map(p.x);
      const y = p.y === -Infinity ? f.bottom - 6 : f.top + 6;
      marks.push(
        `<path d="M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x - 4} ${y + 4}L${x + 4} ${y - 4}" stroke="#d00" stroke-width="2"/>`,
      );
    }
  }
  return marks.join('\n');
}

interface LegendLayout {
  rows: number;
  svg(top: number): string;
}

/** Legend items flow left to right and wrap; a "× NaN / ∞" item appears when a mark was drawn. */
function layoutLegend(spec: ChartSpec, width: number): LegendLayout {
  const items = spec.series
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
  const placed: { item: (typeof items)[number]; x: number; row: number }[] = [];
  let [x, row] = [margin.left, 0];
  for (const item of items) {
    const w = 28 + Math.min(item.label.length, 48) * 6.2 + 14;
    if (x + w > width - margin.right && x > margin.left) [x, row] = [margin.left, row + 1];
    placed.push({ item, x, row });
    x += w;
  }
  const rows = items.length ? row + 1 : 0;
  const svg = (top: number): string =>
    placed
      .map(({ item, x: px, row: r }) => legendItem(item, px, top + r * legendRow + 14))
      .join('\n');
  return { rows, svg };
}

function legendItem(
  item: { label: string; color: string; dashed: boolean; cross: boolean },
  x: number,
  y: number,
): string {
  const label = item.label.length > 48 ? `${item.label.slice(0, 47)}…` : item.label;
  const swatch = item.cross
    ? `<path d="M${x + 8} ${y - 8}L${x + 16} ${y}M${x + 8} ${y}L${x + 16} ${y - 8}" stroke="${item.color}" stroke-width="2"/>`
    : `<line x1="${x}" x2="${x + 22}" y1="${y - 4}" y2="${y - 4}" stroke="${item.color}" stroke-width="2.5"${item.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
  return `${swatch}<text x="${x + 28}" y="${y}" fill="#333">${escapeXml(label)}</text>`;
}
