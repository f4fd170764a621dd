/**
 * How the doctor talks about a conv net's conv2d layers (config.features): conv layer c (1-based
 * among the conv layers, as ConvLayerStats.conv) is features.layers[index], with F maps of
 * OH×OW from k×k filters. The conv layers come first in depth: they see the image, the dense
 * layers see what they put out.
 */
import type { RunConfig } from '../../experiment/config';
import type { ConvLayerStats, EpochRecord } from '../../base/records';
import type { Conv2dGeometry } from '../../engine/layers/conv2d';
import { planFeatures } from '../../engine/layers/feature-stack';

export interface ConvLayer {
  /** 1-based among the conv2d layers. */
  conv: number;
  /** Its index in config.features.layers. */
  index: number;
  geometry: Conv2dGeometry;
}

/** The run's conv2d layers in order (none for a dense network). */
export function convLayersOf(config: Pick<RunConfig, 'features'>): ConvLayer[] {
  if (!config.features) return [];
  const out: ConvLayer[] = [];
  planFeatures(config.features).layers.forEach((g, index) => {
    if (g.type === 'conv2d') out.push({ conv: out.length + 1, index, geometry: g });
  });
  return out;
}

/** "conv layer 1 (20 maps 24×24 from 5×5 filters, sigmoid)". */
export function describeConvLayer(layer: ConvLayer): string {
  const { filters, kernel, output, activation } = layer.geometry;
  return (
    `conv layer ${layer.conv} (${filters} ${filters === 1 ? 'map' : 'maps'} ${output.height}×${output.width} ` +
    `from ${kernel}×${kernel} filters, ${activation})`
  );
}

/** Conv layer `conv`'s statistics in `record`, when it has them. */
export function convStatsOf(record: EpochRecord, conv: number): ConvLayerStats | undefined {
  return record.convLayers?.find((s) => s.conv === conv);
}
