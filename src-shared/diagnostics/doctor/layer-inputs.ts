/**
 * What feeds weight layer l: the dataset's inputs for layer 1 (in a conv net, the last conv
 * layer's maps), the activations of layer l−1 for the others (their measured mean and spread on the
 * probe sample give E[x] and rms(x) = √(m² + s²)).
 */
import type { EpochRecord, LayerStats } from '../../base/records';
import { knownInputStats, type InputStats } from './input-stats';
import { convLayersOf, convStatsOf } from './conv-shape';
import { activationOf } from './network-shape';
import type { DiagnoseInput } from './rule';

/** The record's statistics of weight layer `layer`, if it has them. */
export function statsOf(record: EpochRecord, layer: number): LayerStats | undefined {
  return record.layers.find((s) => s.layer === layer);
}

/** The layer's outputs do not vary with the input: ≥ 90% of its units constant to 1e-6, or all its
 * outputs within a spread of 0.01 (float32 rounds 1 − e^−z to slightly different values near 1). */
export function isStill(stats: Pick<LayerStats, 'constantFraction' | 'activation'>): boolean {
  return stats.constantFraction >= 0.9 || stats.activation.std < 0.01;
}

/** Statistics of the values entering weight layer `layer`, or null when unknown. */
export function layerInputStats(
  input: DiagnoseInput,
  record: EpochRecord,
  layer: number,
): InputStats | null {
  if (layer === 1 && input.config.features) return convOutputStats(input, record);
  if (layer === 1) return input.inputStats ?? knownInputStats(input.config);
  const below = statsOf(record, layer - 1);
  if (!below) return null;
  return activationStats(below, activationOf(input.config, layer - 1));
}

function activationStats(below: Pick<LayerStats, 'activation'>, activation: string): InputStats {
  return {
    mean: below.activation.mean,
    rms: Math.hypot(below.activation.mean, below.activation.std),
    nonNegative: activation === 'sigmoid' || activation === 'relu' || activation === 'softmax',
  };
}

/** A conv net's first dense layer reads the last conv layer's maps, measured on the probe; null
 * when a max-pool comes last (the maxima of the maps are not their statistics) or the record
 * has no conv statistics. */
function convOutputStats(input: DiagnoseInput, record: EpochRecord): InputStats | null {
  const convs = convLayersOf(input.config);
  const last = convs[convs.length - 1];
  const endsInConv = last && last.index === input.config.features!.layers.length - 1;
  const stats = endsInConv ? convStatsOf(record, last.conv) : undefined;
  return stats ? activationStats(stats, last.geometry.activation) : null;
}
