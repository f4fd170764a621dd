/**
 * The line chart as a PNG (chart-layout.ts lays it out, as for the SVG): for Markdown, whose
 * common renderers show PNG files but drop SVG data URIs and often SVG files.
 */
import { layoutLineChart, type Shape } from './chart-layout';
import { encodeRgbPng, zlibStored, type Zlib } from './png';
import { Raster } from './raster';
import { coverText } from './raster-text';
import type { ChartSpec } from './svg-chart';

/** The chart's picture, one pixel per SVG unit. */
export function rasterizeLineChart(spec: ChartSpec): Raster {
  const { width, height, shapes } = layoutLineChart(spec);
  const raster = new Raster(width, height);
  for (const shape of shapes) draw(raster, shape);
  return raster;
}

export function renderLineChartPng(spec: ChartSpec, zlib: Zlib = zlibStored): Uint8Array {
  return encodeRgbPng(rasterizeLineChart(spec).image, zlib);
}

function draw(raster: Raster, shape: Shape): void {
  switch (shape.kind) {
    case 'rect':
      for (let y = 0; y < shape.height; y++)
        for (let x = 0; x < shape.width; x++) raster.cover(x, y, 1);
      return raster.paint(shape.fill);
    case 'lines':
      for (const line of shape.lines) raster.polyline(line, shape.width, shape.dash);
      return raster.paint(shape.stroke);
    case 'dot':
      raster.disc(shape.at, shape.r);
      return raster.paint(shape.fill);
    case 'text':
      coverText(raster, shape.text, {
        at: shape.at,
        anchor: shape.anchor,
        weight: shape.font,
        middle: shape.middle,
        vertical: shape.vertical,
      });
      return raster.paint(shape.fill);
  }
}
