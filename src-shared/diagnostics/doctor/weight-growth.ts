/**
 * How large a layer's weights are and how fast they grow, from the layer statistics of each record:
 * RMS = √(mean² + std²) and the largest weight by magnitude. Growth is measured against a floor of
 * 1/√n_in (the RMS of Nielsen's N(0, 1/√n_in) for a layer with n_in inputs), so weights that start
 * tiny or at zero and grow to a normal size do not read as an explosion.
 */
import type { EpochRecord, LayerStats } from '../../base/records';
import type { RunConfig } from '../../experiment/config';
import { statsOf } from './layer-inputs';
import { weightLayerCount } from './network-shape';
import type { DiagnoseInput } from './rule';
import { trainedRecords } from './run-progress';

export function weightRms(stats: LayerStats): number {
  return Math.hypot(stats.weights.mean, stats.weights.std);
}

/** The weight with the largest magnitude, with its sign (−1.6e8 rather than 1.6e8). */
export function largestWeight(stats: LayerStats): number {
  const { min, max } = stats.weights;
  return Math.abs(min) > Math.abs(max) ? min : max;
}

/** 1/√n_in: below this a layer's weights count as "small", whatever they started at. */
export function sizeFloor(config: Pick<RunConfig, 'layers'>, layer: number): number {
  return 1 / Math.sqrt(config.layers[layer - 1]);
}

export interface Growth {
  layer: number;
  from: EpochRecord;
  to: EpochRecord;
  fromStats: LayerStats;
  toStats: LayerStats;
  /** RMS (or largest |w|, whichever grew more) at `to` over that at `from`, each floored. */
  factor: number;
}

function growth(
  config: RunConfig,
  layer: number,
  from: EpochRecord,
  to: EpochRecord,
): Growth | null {
  const a = statsOf(from, layer);
  const b = statsOf(to, layer);
  if (!a || !b) return null;
  const floor = sizeFloor(config, layer);
  const ratio = (x: number, y: number) => Math.max(y, floor) / Math.max(x, floor);
  const factor = Math.max(
    ratio(weightRms(a), weightRms(b)),
    ratio(Math.abs(largestWeight(a)), Math.abs(largestWeight(b))),
  );
  return Number.isFinite(factor) ? { layer, from, to, fromStats: a, toStats: b, factor } : null;
}

function larger(a: Growth | null, b: Growth | null): Growth | null {
  return !a || (b && b.factor > a.factor) ? b : a;
}

/** Per layer, the largest growth from epoch 0 to any later record (null without epoch 0). */
export function growthSinceStart(input: DiagnoseInput, layer: number): Growth | null {
  const start = input.epochs[0];
  if (start?.epoch !== 0) return null;
  return trainedRecords(input.epochs).reduce<Growth | null>(
    (best, r) => larger(best, growth(input.config, layer, start, r)),
    null,
  );
}

/** The fastest growth of any layer (or of `layer`): the largest factor between two records at
 * most `span` epochs apart. Updates that multiply the weights within a few epochs overshoot. */
export function fastestGrowth(input: DiagnoseInput, span = 3, layer?: number): Growth | null {
  const layers =
    layer === undefined
      ? Array.from({ length: weightLayerCount(input.config) }, (_, i) => i + 1)
      : [layer];
  let best: Growth | null = null;
  input.epochs.forEach((to, i) => {
    for (let j = Math.max(0, i - span); j < i; j++)
      if (to.epoch - input.epochs[j].epoch <= span)
        for (const l of layers) best = larger(best, growth(input.config, l, input.epochs[j], to));
  });
  return best;
}

/** Some epoch moved some layer's weights by half their own size or more (‖Δw‖/‖w‖ ≥ 0.5): the
 * steps were not small, whatever the latest epoch looks like. */
export function tookLargeSteps(records: readonly EpochRecord[]): boolean {
  return trainedRecords(records).some((r) => r.layers.some((s) => s.updateRatio >= 0.5));
}
