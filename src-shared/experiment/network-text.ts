/**
 * A network in one short line, as people write it: "784-30-10" for dense layers (Nielsen's
 * sizes), and for a conv net its image and conv part first, "28×28×1 · conv 20 of 5×5 · pool 2 ·
 * 100-10", never the flattened conv output (2880) as if it were the input.
 */
import type { FeatureLayerSpec, FeatureSpec } from '../engine/options';

function featureLayerText(layer: FeatureLayerSpec): string {
  if (layer.type === 'maxpool')
    return `pool ${layer.size}${layer.stride && layer.stride !== layer.size ? ` stride ${layer.stride}` : ''}`;
  const stride = layer.stride > 1 ? ` stride ${layer.stride}` : '';
  const padding = layer.padding > 0 ? ` pad ${layer.padding}` : '';
  return `conv ${layer.filters} of ${layer.kernel}×${layer.kernel}${stride}${padding}`;
}

export function networkText(config: { layers: readonly number[]; features?: FeatureSpec }): string {
  const { layers, features } = config;
  if (!features) return layers.join('-');
  const [height, width, channels] = features.input;
  return [
    `${height}×${width}×${channels}`,
    ...features.layers.map(featureLayerText),
    layers.slice(1).join('-'),
  ].join(' · ');
}
