/**
 * Strict schemas of what a trainer produces (an epoch record, weights), for records that arrive
 * from outside the owner's own trainer processes (another machine's worker through Redis). Each
 * rule is what the engine can actually produce (src-shared/engine/layer-stats.ts):
 *
 * - costs and statistics (means, norms, ratios) may be NaN or ±Infinity: a diverged run;
 * - accuracies and fractions are counts over counts: finite, in [0, 1] (accuracies may be null);
 * - epochs and layer numbers are whole numbers; learning rate and seconds finite and >= 0.
 *
 * The shapes that depend on the run's layers (how many layer statistics, outputs, weights) are
 * checked against the layer sizes by recordShapeProblem / weightsShapeProblem.
 */
import { z } from 'zod';
import { strictObject } from './strict-object';
import type { EpochRecord, WeightsJson } from './records';

/** Any number, NaN and ±Infinity included (zod's z.number() refuses them). */
const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' });
const finite = z.number({ error: 'must be a finite number' });
const fraction = finite.min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const whole = finite.int('must be a whole number');
const meanStd = strictObject({ mean: anyNumber, std: anyNumber });

const histogram = strictObject({
  min: anyNumber,
  max: anyNumber,
  counts: z.array(whole.min(0, 'must be >= 0')).max(1000),
});

const weightStats = strictObject({
  mean: anyNumber,
  std: anyNumber,
  min: anyNumber,
  max: anyNumber,
  histogram,
});

const layerStats = strictObject({
  layer: whole.min(1, 'must be >= 1'),
  preActivation: meanStd,
  activation: meanStd,
  saturatedFraction: fraction,
  constantFraction: fraction,
  deadFraction: fraction,
  weights: weightStats,
  biases: meanStd,
  gradientNorm: anyNumber,
  biasGradientNorm: anyNumber,
  updateRatio: anyNumber,
});

/** A conv layer's statistics (src-shared/engine/layers/conv-stats.ts). */
export const convLayerStatsSchema = strictObject({
  conv: whole.min(1, 'must be >= 1'),
  preActivation: meanStd,
  activation: meanStd,
  activationHistogram: histogram,
  saturatedFraction: fraction,
  constantFraction: fraction,
  deadFraction: fraction,
  deadFilterFraction: fraction,
  weights: weightStats,
  biases: meanStd,
  gradientNorm: anyNumber,
  biasGradientNorm: anyNumber,
  updateRatio: anyNumber,
});

/** Layer counts and widths are bounded by the run config's own limits (64 layers). */
export const epochRecordSchema = strictObject({
  epoch: whole.min(0, 'must be >= 0'),
  trainCost: anyNumber,
  trainAccuracy: fraction.nullable(),
  validationCost: anyNumber.nullable(),
  validationAccuracy: fraction.nullable(),
  testCost: anyNumber.nullable(),
  testAccuracy: fraction.nullable(),
  learningRate: finite.min(0, 'must be >= 0'),
  seconds: finite.min(0, 'must be >= 0'),
  layers: z.array(layerStats).max(64),
  /** Absent in records of dense networks and in those made before conv layers were measured. */
  convLayers: z.array(convLayerStatsSchema).max(32).optional(),
  meanOutput: z.array(anyNumber),
  predictedClassFraction: z.array(fraction),
}) satisfies z.ZodType<EpochRecord>;

export const weightsJsonSchema = strictObject({
  weights: z.array(z.array(z.array(anyNumber))),
  biases: z.array(z.array(anyNumber)),
  features: strictObject({
    weights: z.array(z.array(anyNumber)).max(64),
    biases: z.array(z.array(anyNumber)).max(64),
  }).optional(),
}) satisfies z.ZodType<WeightsJson>;

/** Why `record` cannot come from a network of these layer sizes (and `convs` conv2d layers), or
 * null when it can. */
export function recordShapeProblem(
  record: EpochRecord,
  sizes: readonly number[],
  convs = 0,
): string | null {
  return denseRecordProblem(record, sizes) ?? convRecordProblem(record, convs);
}

/** Conv statistics, when the record has them, are one per conv layer in order (a record without
 * them is one made before they were measured). */
function convRecordProblem({ convLayers }: EpochRecord, convs: number): string | null {
  if (!convLayers) return null;
  if (convLayers.length !== convs)
    return `record.convLayers has ${convLayers.length} entries, expected ${convs} (one per conv2d layer)`;
  const misnumbered = convLayers.findIndex((l, i) => l.conv !== i + 1);
  if (misnumbered >= 0)
    return `record.convLayers[${misnumbered}].conv is ${convLayers[misnumbered].conv}, expected ${misnumbered + 1}`;
  return null;
}

function denseRecordProblem(record: EpochRecord, sizes: readonly number[]): string | null {
  const depth = sizes.length - 1;
  const outputs = sizes[depth];
  if (record.layers.length !== depth)
    return `record.layers has ${record.layers.length} entries, expected ${depth} (one per weight layer)`;
  const misnumbered = record.layers.findIndex((l, i) => l.layer !== i + 1);
  if (misnumbered >= 0)
    return `record.layers[${misnumbered}].layer is ${record.layers[misnumbered].layer}, expected ${misnumbered + 1}`;
  if (record.meanOutput.length !== outputs)
    return `record.meanOutput has ${record.meanOutput.length} values, expected ${outputs} (the output layer)`;
  const classes = outputs > 1 ? outputs : 2;
  if (record.predictedClassFraction.length !== classes)
    return `record.predictedClassFraction has ${record.predictedClassFraction.length} values, expected ${classes}`;
  return null;
}

/** How many weights and biases one conv layer has (F·C·k·k and F). */
export interface ConvParameterCount {
  weights: number;
  biases: number;
}

/** Why `weights` are not those of a network of these layer sizes (and these conv layers, in
 * order; none for a dense-only network), or null when they are. */
export function weightsShapeProblem(
  weights: WeightsJson,
  sizes: readonly number[],
  convs: readonly ConvParameterCount[] = [],
): string | null {
  return denseShapeProblem(weights, sizes) ?? featureShapeProblem(weights, convs);
}

function featureShapeProblem(
  { features }: WeightsJson,
  convs: readonly ConvParameterCount[],
): string | null {
  if (convs.length === 0)
    return features ? 'weights.features is present but the run has no conv2d layers' : null;
  if (!features) return `weights.features is missing (the run has ${convs.length} conv2d layers)`;
  if (features.weights.length !== convs.length || features.biases.length !== convs.length)
    return `weights.features has ${features.weights.length} weight and ${features.biases.length} bias layers, expected ${convs.length}`;
  for (let i = 0; i < convs.length; i++) {
    if (features.weights[i].length !== convs[i].weights)
      return `weights.features.weights[${i}] has ${features.weights[i].length} values, expected ${convs[i].weights}`;
    if (features.biases[i].length !== convs[i].biases)
      return `weights.features.biases[${i}] has ${features.biases[i].length} values, expected ${convs[i].biases}`;
  }
  return null;
}

function denseShapeProblem(weights: WeightsJson, sizes: readonly number[]): string | null {
  const depth = sizes.length - 1;
  if (weights.weights.length !== depth || weights.biases.length !== depth)
    return `weights has ${weights.weights.length} weight and ${weights.biases.length} bias layers, expected ${depth}`;
  for (let l = 0; l < depth; l++) {
    const [rows, cols] = [sizes[l + 1], sizes[l]];
    const w = weights.weights[l];
    if (w.length !== rows || w.some((row) => row.length !== cols))
      return `weights.weights[${l}] is not ${rows}×${cols}`;
    if (weights.biases[l].length !== rows)
      return `weights.biases[${l}] has ${weights.biases[l].length} values, expected ${rows}`;
  }
  return null;
}
