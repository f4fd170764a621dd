import { describe, expect, it } from 'vitest';
import { linearScale, logScale, niceStep } from './chart-scale';
import { renderLineChart, type ChartSpec } from './svg-chart';

const spec = (
  points: { x: number; y: number | null }[],
  extra: Partial<ChartSpec> = {},
): ChartSpec => ({
  title: 'Cost',
  xLabel: 'epoch',
  yLabel: 'cost',
  series: [{ name: 'training', color: '#123456', points }],
  ...extra,
});

describe('chart scales', () => {
  it('pick steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 5)).toBeCloseTo(0.2, 12);
    expect(niceStep(0.3, 5)).toBeCloseTo(0.1, 12);
    expect(niceStep(700, 5)).toBe(200);
  });

  it('round a linear domain out to ticks and map its ends onto the pixel range', () => {
    const s = linearScale(0.13, 0.87, 200, 0, 5);
    expect(s.ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(s.map(0)).toBe(200);
    expect(s.map(1)).toBe(0);
  });

  it('use whole-number ticks for epochs', () => {
    expect(linearScale(0, 3, 0, 100, 8, true).ticks).toEqual([0, 1, 2, 3]);
  });

  it('place log ticks on powers of ten', () => {
    const s = logScale(0.004, 45, 100, 0);
    expect(s.ticks).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
    expect(s.map(0.001)).toBe(100);
    expect(s.map(100)).toBe(0);
  });
});

describe('the SVG line chart', () => {
  it('is standalone SVG with a title, axis labels and a legend entry per series', () => {
    const svg = renderLineChart(
      spec([
        { x: 0, y: 1 },
        { x: 1, y: 0.5 },
      ]),
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    for (const text of ['>Cost</text>', '>epoch</text>', '>cost</text>', '>training</text>'])
      expect(svg).toContain(text);
  });

  it('breaks the line where a value is missing and marks non-finite values with a red cross', () => {
    const svg = renderLineChart(
      spec([
        { x: 0, y: 1 },
        { x: 1, y: 0.8 },
        { x: 2, y: null },
        { x: 3, y: 0.6 },
        { x: 4, y: 0.5 },
        { x: 5, y: NaN },
      ]),
    );
    const path = svg.match(/<path d="([^"]+)" fill="none" stroke="#123456"/);
    expect(path?.[1].match(/M/g)).toHaveLength(2);
    expect(svg.match(/stroke="#d00" stroke-width="2"\/>/g)).toHaveLength(2);
    expect(svg).toContain('NaN or ∞ (diverged)');
  });

  it('lists a run once when its colour names it and keys the line styles in gray', () => {
    const svg = renderLineChart({
      ...spec([]),
      series: [
        { name: 'run A', color: '#111111', points: [{ x: 0, y: 1 }] },
        { name: 'run A', color: '#111111', dashed: true, legend: false, points: [{ x: 0, y: 2 }] },
      ],
      styleKey: { solid: 'training', dashed: 'validation' },
    });
    expect(svg.match(/>run A<\/text>/g)).toHaveLength(1);
    expect(svg).toMatch(/stroke="#777" stroke-width="2.5"\/>\s*<text [^>]*>training<\/text>/);
    expect(svg).toMatch(
      /stroke="#777" stroke-width="2.5" stroke-dasharray="5 3"\/>\s*<text [^>]*>validation<\/text>/,
    );
  });

  it('draws a single point as a dot rather than nothing', () => {
    expect(renderLineChart(spec([{ x: 0, y: 0.3 }]))).toMatch(/<circle [^>]*fill="#123456"/);
  });

  it('escapes series names and titles', () => {
    const svg = renderLineChart({
      ...spec([{ x: 0, y: 1 }]),
      title: '<b>',
      series: [{ name: '</svg><script>', color: '#000', points: [] }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/svg&gt;&lt;script&gt;');
    expect(svg).toContain('&lt;b&gt;');
  });

  it('labels percent axes as percentages and includes requested values in the domain', () => {
    const svg = renderLineChart(
      spec(
        [
          { x: 0, y: 0.5 },
          { x: 1, y: 0.9 },
        ],
        { yFormat: 'percent', yInclude: [0] },
      ),
    );
    expect(svg).toContain('>0%</text>');
    expect(svg).toContain('>100%</text>');
  });
});
