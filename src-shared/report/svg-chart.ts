/**
 * The line chart as SVG text (chart-layout.ts lays it out): no DOM, no scripts, user text
 * escaped. The same text goes into the HTML report and the PDF; Markdown gets the same chart as
 * PNG (raster-chart.ts).
 */
import { layoutLineChart, type Point, type Shape } from './chart-layout';
import { escapeXml } from './escape';
import { seriesPalettes } from './series-palette';

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

/** The app's light-theme series colours (series-palette.ts): a report is read on white, and
 * each of these keeps 3:1 against it (WCAG 1.4.11), as the app's charts do. */
export const palette: readonly string[] = seriesPalettes.light;

export function renderLineChart(spec: ChartSpec): string {
  const { width, height, title, shapes } = layoutLineChart(spec);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="11" role="img" aria-label="${escapeXml(title)}">`,
    ...shapes.map(svgOf),
    '</svg>',
  ].join('\n');
}

const n = (v: number): string => String(Number(v.toFixed(1)));
const xy = ([x, y]: Point): string => `${n(x)} ${n(y)}`;

function svgOf(shape: Shape): string {
  switch (shape.kind) {
    case 'rect':
      return `<rect width="${shape.width}" height="${shape.height}" fill="${shape.fill}"/>`;
    case 'lines': {
      const d = shape.lines.map((line) => `M${line.map(xy).join('L')}`).join('');
      const dash = shape.dash ? ` stroke-dasharray="${shape.dash.join(' ')}"` : '';
      return `<path d="${d}" fill="none" stroke="${shape.stroke}" stroke-width="${shape.width}"${dash}/>`;
    }
    case 'dot':
      return `<circle cx="${n(shape.at[0])}" cy="${n(shape.at[1])}" r="${shape.r}" fill="${shape.fill}"/>`;
    case 'text':
      return textOf(shape);
  }
}

function textOf(shape: Extract<Shape, { kind: 'text' }>): string {
  const [x, y] = shape.at;
  const place = shape.vertical
    ? `transform="translate(${n(x)} ${n(y)}) rotate(-90)"`
    : `x="${n(x)}" y="${n(y)}"`;
  const attrs = [
    place,
    shape.middle ? 'dy="0.35em"' : '',
    shape.anchor === 'start' ? '' : `text-anchor="${shape.anchor}"`,
    shape.font === 'bold' ? 'font-size="13" font-weight="bold"' : '',
    `fill="${shape.fill}"`,
  ];
  return `<text ${attrs.filter(Boolean).join(' ')}>${escapeXml(shape.text)}</text>`;
}
