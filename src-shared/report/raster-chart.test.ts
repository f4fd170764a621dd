import { describe, expect, it } from 'vitest';
import { layoutLineChart } from './chart-layout';
import { rasterizeLineChart } from './raster-chart';
import { dashed, parseColor, Raster } from './raster';
import { textWidth } from './raster-text';
import type { ChartSpec } from './svg-chart';

const rgbAt = (r: Raster, x: number, y: number) =>
  Array.from(r.image.pixels.subarray((y * r.width + x) * 3, (y * r.width + x) * 3 + 3));

/** Pixels of the raster exactly of colour `hex`. */
function count(r: Raster, hex: string): number {
  const [red, green, blue] = parseColor(hex);
  let n = 0;
  for (let i = 0; i < r.width * r.height; i++) {
    const p = r.image.pixels;
    if (p[i * 3] === red && p[i * 3 + 1] === green && p[i * 3 + 2] === blue) n++;
  }
  return n;
}

describe('the raster painter', () => {
  it('covers the pixels under a stroke fully and leaves those beyond it white', () => {
    const r = new Raster(20, 10);
    r.polyline(
      [
        [2, 5],
        [18, 5],
      ],
      2,
    );
    r.paint('#000000');
    expect(rgbAt(r, 10, 4)).toEqual([0, 0, 0]);
    expect(rgbAt(r, 10, 5)).toEqual([0, 0, 0]);
    expect(rgbAt(r, 10, 8)).toEqual([255, 255, 255]);
    expect(rgbAt(r, 10, 1)).toEqual([255, 255, 255]);
  });

  it('cuts a line into dashes of the given on and off lengths', () => {
    expect(
      dashed(
        [
          [0, 0],
          [16, 0],
        ],
        [5, 3],
      ),
    ).toEqual([
      [
        [0, 0],
        [5, 0],
      ],
      [
        [8, 0],
        [13, 0],
      ],
    ]);
  });

  it('reads #rgb and #rrggbb colours and draws anything else gray', () => {
    expect(parseColor('#4e79a7')).toEqual([0x4e, 0x79, 0xa7]);
    expect(parseColor('#d00')).toEqual([0xdd, 0, 0]);
    expect(parseColor('hsl(0 0% 0%)')).toEqual([128, 128, 128]);
  });

  it('measures a character the font lacks as the "?" it is drawn with', () => {
    expect(textWidth('€', 'regular')).toBe(textWidth('?', 'regular'));
    expect(textWidth('epoch', 'bold')).toBeGreaterThan(textWidth('epoch', 'regular'));
  });
});

describe('the PNG line chart', () => {
  const spec: ChartSpec = {
    title: 'Cost',
    xLabel: 'epoch',
    yLabel: 'cost',
    series: [
      {
        name: 'training',
        color: '#123456',
        points: [0, 1, 2, 3].map((x) => ({ x, y: x === 2 ? NaN : 1 / (x + 1) })),
      },
    ],
  };

  it('is the SVG chart’s size, with the series, the NaN cross and the text painted', () => {
    const r = rasterizeLineChart(spec);
    const layout = layoutLineChart(spec);
    expect([r.width, r.height]).toEqual([layout.width, layout.height]);
    expect(count(r, '#123456')).toBeGreaterThan(20);
    expect(count(r, '#dd0000')).toBeGreaterThan(10);
    // The title stands at (12, 20): dark ink above its baseline, none in the margin left of it.
    const inkIn = (x0: number, x1: number, y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (rgbAt(r, x, y)[0] < 128) n++;
      return n;
    };
    expect(inkIn(12, 50, 8, 21)).toBeGreaterThan(20);
    expect(inkIn(0, 10, 8, 21)).toBe(0);
    // The y label is vertical: its ink lies in a narrow column left of the axis.
    const mid = Math.round((34 + 34 + 220) / 2);
    expect(inkIn(4, 16, mid - 12, mid + 12)).toBeGreaterThan(15);
    expect(inkIn(4, 16, 40, mid - 16)).toBe(0);
  });
});
