/**
 * The zod schema of a run bundle (RunBundle in bundle-types.ts), checked on import so a malformed
 * file is refused with the field named before anything is written. Metric numbers may be NaN or
 * ±Infinity (a diverged run): the file carries them as {"$num": …} and decodeWire restores them
 * before this schema sees them.
 */
import { z } from 'zod';
import { runConfigSchema } from '../experiment/config';
import { runStatuses, type RunStatus } from '../base/run-status';
import { isBase64 } from '../base/base64';
import { strictObject } from '../base/strict-object';
import { convLayerStatsSchema, weightsJsonSchema } from '../base/record-schema';
import type { RunBundleEntry } from './bundle-types';

/** Any JavaScript number, NaN and ±Infinity included (zod's z.number() refuses them). */
const num = z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' });
const nullableNum = num.nullable();
const int = z.number({ error: 'must be a whole number' }).int('must be a whole number');
const text = z.string({ error: 'must be a string' });
const isoTime = text.refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date-time');
const meanStd = strictObject({ mean: num, std: num });
/** A share of units or examples: the engine computes it as a count over a count. */
const fraction = z
  .number({ error: 'must be a number' })
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1');
/** An accuracy: in [0, 1], or NaN or null where none was measured (a diverged or logged run). */
const accuracy = num
  .refine((v) => Number.isNaN(v) || (v >= 0 && v <= 1), 'must be between 0 and 1')
  .nullable();

// Records are read strictly, like a Redis entry's (record-schema.ts): a misspelled field is named,
// never dropped on the way into the store.
const layerStats = strictObject({
  layer: int,
  preActivation: meanStd,
  activation: meanStd,
  saturatedFraction: fraction,
  constantFraction: fraction,
  deadFraction: fraction,
  weights: meanStd.extend({
    min: num,
    max: num,
    histogram: strictObject({ min: num, max: num, counts: z.array(num) }),
  }),
  biases: meanStd,
  gradientNorm: num,
  biasGradientNorm: num,
  updateRatio: num,
});

const epochRecord = strictObject({
  epoch: int.min(0, 'must be >= 0'),
  trainCost: num,
  trainAccuracy: accuracy,
  validationCost: nullableNum,
  validationAccuracy: accuracy,
  testCost: nullableNum,
  testAccuracy: accuracy,
  learningRate: num,
  seconds: num,
  layers: z.array(layerStats),
  convLayers: z.array(convLayerStatsSchema).optional(),
  meanOutput: z.array(num),
  predictedClassFraction: z.array(num),
});

const finding = z.object({
  rule: text,
  severity: z.enum(['info', 'warning', 'error']),
  epoch: int,
  layer: int.optional(),
  title: text,
  message: text,
  evidence: z.record(z.string(), z.union([num, text])),
  chart: text.optional(),
  suggestion: text,
  fix: z.object({ field: text, value: z.unknown(), label: text }).optional(),
  changes: z
    .array(
      z.object({
        field: text,
        direction: z.enum(['up', 'down', 'set']),
        value: z.unknown().optional(),
      }),
    )
    .optional(),
});

/** The record schema's own (a conv net's filters in `features`; an unknown field is named). */
const weights = weightsJsonSchema;

const final = z.object({
  epochs: int,
  trainCost: nullableNum,
  validationAccuracy: nullableNum,
  testAccuracy: nullableNum,
  testCost: nullableNum,
  bestValidationAccuracy: nullableNum,
  bestEpoch: int.nullable(),
});

const run = z.object({
  name: text.max(200, 'must be at most 200 characters'),
  status: z.enum(runStatuses as [RunStatus, ...RunStatus[]]),
  config: runConfigSchema,
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  priority: int,
  seed: int,
  tags: z.array(text),
  notes: text,
  starred: z.boolean({ error: 'must be true or false' }),
  error: text.nullable(),
  attempts: int,
  host: text.nullable(),
  engineVersion: text,
  final: final.nullable(),
  experimentName: text.nullable(),
  // A logged run: what its client logged (the extent is recomputed from its metrics on import).
  logged: z
    .object({
      key: text.min(1, 'must not be empty'),
      experiment: text.nullable(),
      params: z.record(z.string(), z.unknown()),
      lastStep: int.nullable().default(null),
      lastEpoch: int.nullable().default(null),
    })
    .optional(),
});

const loggedMetric = z.object({
  key: text.min(1, 'must not be empty'),
  step: int,
  epoch: int.nullable(),
  value: num,
  time: num,
});

const bundledFile = z.object({
  name: text.min(1, 'must not be empty'),
  contentBase64: z
    .string({ error: "must be the file's bytes in base64" })
    .refine(isBase64, "must be the file's bytes in base64 (A-Z, a-z, 0-9, +, /, = padding)"),
  time: num,
});

export const runBundleEntrySchema = z.object({
  run,
  epochs: z.array(epochRecord),
  findings: z.array(finding),
  weights: weights.nullable(),
  metrics: z.array(loggedMetric).optional(),
  files: z.array(bundledFile).optional(),
}) satisfies z.ZodType<RunBundleEntry>;

export const runBundleSchema = z.object({
  format: z.literal('backprop-workbench-bundle'),
  version: z.literal(1),
  exportedAt: isoTime,
  engineVersion: text,
  runs: z.array(runBundleEntrySchema).min(1, 'a bundle holds at least one run'),
});
