/**
 * The run page's layers in depth order for the diagnostics charts: a conv net's conv layers first
 * ("conv layer 1", from EpochRecord.convLayers), then the dense weight layers ("layer 1", …, the
 * output last; "dense layer 1", … in a conv net, as the doctor names them). Each knows how to
 * read its statistics from a record and how many bias parameters it has (F filters for a conv
 * layer, n units for a dense one), so "how fast each layer learns", ‖∂C/∂b‖/√(biases), compares
 * across depth as the doctor's vanishing-gradient-depth does.
 */
import type { EpochRecord, Histogram, MeanStd } from '../../../../src-shared/base/records';
import type { RunConfig } from '../../../../src-shared/experiment/config';
import { denseLayerName } from '../../../../src-shared/diagnostics/doctor/network-shape';

/** What both kinds of layer statistics share. */
export interface DepthStats {
  saturatedFraction: number;
  constantFraction: number;
  deadFraction: number;
  gradientNorm: number;
  biasGradientNorm: number;
  activation: MeanStd;
}

export interface DepthLayer {
  /** Stable across renders: "conv1", "dense2". */
  id: string;
  label: string;
  /** Bias parameters: F filters or n units. */
  biases: number;
  statsIn(record: EpochRecord): DepthStats | undefined;
}

/** Each conv2d layer's number of filters, in order (none for a dense network). */
export function convFilterCounts(features: RunConfig['features']): number[] {
  return (features?.layers ?? []).flatMap((l) => (l.type === 'conv2d' ? [l.filters] : []));
}

/** The layers of `network` in depth order. A conv layer appears once some record measured it
 * (records made before conv layers were measured have none). */
export function depthLayers(
  epochs: readonly EpochRecord[],
  network: Pick<RunConfig, 'layers' | 'features'>,
): DepthLayer[] {
  const measured = epochs.some((e) => e.convLayers?.length);
  const convs: DepthLayer[] = measured
    ? convFilterCounts(network.features).map((filters, i) => ({
        id: `conv${i + 1}`,
        label: `conv layer ${i + 1}`,
        biases: filters,
        statsIn: (r) => r.convLayers?.find((c) => c.conv === i + 1),
      }))
    : [];
  const denseLayers = epochs[0]?.layers.map((l) => l.layer) ?? [];
  const dense = denseLayers.map((layer): DepthLayer => ({
    id: `dense${layer}`,
    label: denseLayerName(network, layer),
    biases: network.layers[layer] ?? 1,
    statsIn: (r) => r.layers.find((l) => l.layer === layer),
  }));
  return [...convs, ...dense];
}

/** ‖∂C/∂b‖ per bias parameter: the speed at which the layer learns. */
export function errorSignal(layer: DepthLayer, stats: DepthStats): number {
  return stats.biasGradientNorm / Math.sqrt(layer.biases);
}

/** One row of the conv layers' table: a conv layer's statistics at one epoch. */
export interface ConvRow {
  label: string;
  filters: number;
  saturated: number;
  dead: number;
  deadFilters: number;
  speed: number;
  weights: MeanStd;
  histogram: Histogram;
}

/** The conv layers at `record` (empty when it has no conv statistics). */
export function convRows(
  record: EpochRecord | undefined,
  convFilters: readonly number[],
): ConvRow[] {
  return (record?.convLayers ?? []).map((s) => {
    const filters = convFilters[s.conv - 1] ?? 1;
    return {
      label: `conv layer ${s.conv}`,
      filters,
      saturated: s.saturatedFraction,
      dead: s.deadFraction,
      deadFilters: Math.round(s.deadFilterFraction * filters),
      speed: s.biasGradientNorm / Math.sqrt(filters),
      weights: s.weights,
      histogram: s.activationHistogram,
    };
  });
}

/** A histogram's bars in a width × height box: equal widths, heights by log(1 + count) (the tallest
 * fills the box), bars of count 0 left out. Log heights, since a ReLU layer's zeros would
 * otherwise leave every other bin invisible. */
export function histogramBars(
  h: Histogram,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number }[] {
  const most = Math.max(0, ...h.counts);
  const w = h.counts.length > 0 ? width / h.counts.length : 0;
  return h.counts.flatMap((c, i) => {
    if (c <= 0 || most === 0) return [];
    const barHeight = (Math.log1p(c) / Math.log1p(most)) * height;
    return [{ x: i * w, y: height - barHeight, width: w, height: barHeight }];
  });
}

/** A statistic in a table cell: 3 significant digits, exponent form below 0.001. */
export function statText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** A fraction as a percentage: "37%", "0.4%", "0%". */
export function percentText(f: number): string {
  const p = f * 100;
  return `${p === 0 || p >= 1 ? Math.round(p) : Number(p.toPrecision(1))}%`;
}
