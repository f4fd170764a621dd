/**
 * A run's levels of depth, as the doctor's gradient-depth rule compares them, the run page's
 * diagnostics charts and conv layers table show them and the exported reports draw them: a conv
 * net's conv layers first ("conv layer 1", from EpochRecord.convLayers), then the dense weight
 * layers ("layer 1", …, the output last; "dense layer 1", … in a conv net, by denseLayerName).
 * Each level knows its activation, how many bias parameters it has (F filters for a conv layer, n
 * units for a dense one) and how to read its statistics from a record, so that every view reads
 * the same numbers: the share of units that stopped responding (saturated, or dead for a
 * rectifier), ‖∂C/∂w‖, and the speed at which the level learns, ‖∂C/∂b‖/√(biases), the
 * per-parameter error signal that vanishing-gradient and vanishing-gradient-depth compare.
 */
import type { EpochRecord, MeanStd } from '../../base/records';
import { activationsOf, type ActivationName, type RunConfig } from '../../experiment/config';
import { denseLayerName } from './network-shape';

/** What the statistics of a conv layer and of a dense layer share. */
export interface DepthStats {
  saturatedFraction: number;
  constantFraction: number;
  deadFraction: number;
  gradientNorm: number;
  biasGradientNorm: number;
  activation: MeanStd;
}

export interface DepthLayer {
  /** Stable across renders and exports: "conv1", "dense2". */
  id: string;
  label: string;
  activation: ActivationName;
  /** Bias parameters: F filters or n units. */
  biases: number;
  /** The dense weight layer ℓ (LayerStats.layer, Finding.layer); absent for a conv layer. */
  layer?: number;
  statsIn(record: EpochRecord): DepthStats | undefined;
}

export type DepthNetwork = Pick<RunConfig, 'layers' | 'activations' | 'features'>;

/** The conv2d layers of `features`, in order (none for a dense network). */
function convSpecs(features: RunConfig['features']) {
  return (features?.layers ?? []).flatMap((l) => (l.type === 'conv2d' ? [l] : []));
}

/** Each conv2d layer's number of filters, in order (none for a dense network). */
export function convFilterCounts(features: RunConfig['features']): number[] {
  return convSpecs(features).map((l) => l.filters);
}

/** "conv layer c": c is 1-based among the conv2d layers, as ConvLayerStats.conv. */
export function convLayerName(conv: number): string {
  return `conv layer ${conv}`;
}

/** The levels of `network` in depth order, input side first. The conv layers appear once some
 * record measured them (records made before conv layers were measured have no convLayers); a
 * record that measured them but lacks one has no statistics for it. */
export function depthLayers(epochs: readonly EpochRecord[], network: DepthNetwork): DepthLayer[] {
  const measured = epochs.some((e) => e.convLayers !== undefined);
  const convs = measured
    ? convSpecs(network.features).map((spec, i): DepthLayer => ({
        id: `conv${i + 1}`,
        label: convLayerName(i + 1),
        activation: spec.activation,
        biases: spec.filters,
        statsIn: (r) => r.convLayers?.find((c) => c.conv === i + 1),
      }))
    : [];
  const dense = activationsOf(network).map((activation, i): DepthLayer => ({
    id: `dense${i + 1}`,
    label: denseLayerName(network, i + 1),
    activation,
    biases: network.layers[i + 1],
    layer: i + 1,
    statsIn: (r) => r.layers.find((l) => l.layer === i + 1),
  }));
  return [...convs, ...dense];
}

/** ‖∂C/∂b‖ per bias parameter: the speed at which the level learns (Nielsen ch.5). A conv
 * filter's bias is one parameter shared by its whole map (its gradient summed over the map, BP3),
 * so ‖∂C/∂b‖/√F compares with a dense layer's ‖∂C/∂b‖/√n (engine/layers/conv-stats.ts). */
export function errorSignal(
  layer: Pick<DepthLayer, 'biases'>,
  stats: Pick<DepthStats, 'biasGradientNorm'>,
): number {
  return stats.biasGradientNorm / Math.sqrt(layer.biases);
}

const rectifiers: readonly ActivationName[] = ['relu', 'leaky-relu'];

/** ReLU-like units never saturate; they stop learning by dying instead. */
export function isRectifier(activation: ActivationName): boolean {
  return rectifiers.includes(activation);
}

/** The share of the level's units that stopped responding, as its activation stops: dead units
 * for a rectifier, saturated (σ′(z) < 1% of its peak) for a squashing unit. */
export function stalledFraction(layer: DepthLayer, stats: DepthStats): number {
  return isRectifier(layer.activation) ? stats.deadFraction : stats.saturatedFraction;
}

/** One value per record of `epochs` (null where the record has no statistics for the level). */
export function valuesOf(
  layer: DepthLayer,
  epochs: readonly EpochRecord[],
  pick: (stats: DepthStats, layer: DepthLayer) => number,
): (number | null)[] {
  return epochs.map((e) => {
    const stats = layer.statsIn(e);
    return stats ? pick(stats, layer) : null;
  });
}
