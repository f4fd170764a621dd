/**
 * Pictures of a conv net's learned filters and of the feature maps of one test image: which
 * values make up which tile, and the one colour scale each layer's tiles share. Drawing is only
 * painting these tiles; every value comes from the core (runs.weights, reports.featureMaps).
 */
import type { FeatureWeightsJson } from '../../../../src-shared/base/records';
import type { FeatureSpec } from '../../../../src-shared/engine/options';

/** One conv layer's filters: filter f's weights over input channel c are the k×k tile at
 * ((f·C + c)·k·k) in `weights` ([F, C, k, k], engine/layers/conv2d.ts). */
export interface FilterLayer {
  /** 1-based position among the network's conv and pool layers. */
  position: number;
  filters: number;
  channels: number;
  kernel: number;
  weights: number[];
  /** The layer's largest |w|: the one scale of all its tiles (±scale = full colour). */
  scale: number;
}

/** The conv layers of `spec` with their stored weights; throws when they do not match. */
export function filterLayers(spec: FeatureSpec, features: FeatureWeightsJson): FilterLayer[] {
  let channels = spec.input[2];
  let conv = 0;
  const out: FilterLayer[] = [];
  spec.layers.forEach((layer, i) => {
    if (layer.type !== 'conv2d') return;
    const weights = features.weights[conv++] ?? [];
    const { filters, kernel } = layer;
    if (weights.length !== filters * channels * kernel * kernel)
      throw new Error(
        `conv layer ${i + 1} has ${weights.length} stored weights, expected ${filters}×${channels}×${kernel}×${kernel}`,
      );
    out.push({ position: i + 1, filters, channels, kernel, weights, scale: maxAbs(weights) });
    channels = filters;
  });
  return out;
}

/** The tiles of a layer in filter-major order: each filter's C channel tiles side by side. */
export function filterTiles(layer: FilterLayer): number[][] {
  const n = layer.kernel * layer.kernel;
  return Array.from({ length: layer.filters * layer.channels }, (_, t) =>
    layer.weights.slice(t * n, (t + 1) * n),
  );
}

/** The C tiles of H×W of a [C, H, W] volume. */
export function channelTiles(v: {
  channels: number;
  height: number;
  width: number;
  values: number[];
}): number[][] {
  const n = v.height * v.width;
  return Array.from({ length: v.channels }, (_, c) => v.values.slice(c * n, (c + 1) * n));
}

export interface Range {
  min: number;
  max: number;
}

/** The smallest and largest value (0 and 1 when there are none). */
export function rangeOf(values: readonly number[]): Range {
  let [min, max] = [Infinity, -Infinity];
  for (const v of values) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 1 };
}

/** A grey level 0–255 for `v` on `range`: white at min, black at max (ink on paper, as the
 * digits are drawn); a layer whose values are all equal is white. */
export function greyOf(v: number, { min, max }: Range): number {
  if (!(max > min)) return 255;
  return Math.round(255 * (1 - (v - min) / (max - min)));
}

function maxAbs(values: readonly number[]): number {
  return values.reduce((m, w) => Math.max(m, Math.abs(w)), 0) || 1;
}

/** A number for a scale legend: 3 significant digits. */
export function formatScale(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

/** Paints `tiles` (each h×w, row-major) into `canvas`, `columns` a row with a gap of 1 pixel. */
export function paintTiles(
  canvas: HTMLCanvasElement,
  tiles: number[][],
  size: { height: number; width: number },
  columns: number,
  colour: (v: number) => [number, number, number],
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { height: h, width: w } = size;
  const rows = Math.ceil(tiles.length / columns);
  canvas.width = Math.max(1, columns * (w + 1) - 1);
  canvas.height = Math.max(1, rows * (h + 1) - 1);
  const image = ctx.createImageData(canvas.width, canvas.height);
  tiles.forEach((tile, t) => {
    const [ox, oy] = [(t % columns) * (w + 1), Math.floor(t / columns) * (h + 1)];
    tile.forEach((v, k) => {
      const at = ((oy + Math.floor(k / w)) * canvas.width + ox + (k % w)) * 4;
      image.data.set([...colour(v), 255], at);
    });
  });
  ctx.putImageData(image, 0, 0);
}
