/**
 * The logging API's argument schemas (tracking.*). Every object is strict (an unknown field is
 * named with the nearest known one), every metric value is any number, NaN and ±Infinity
 * included: a diverged loss is a result worth keeping.
 */
import { z } from 'zod';
import { strictObject } from '../base/strict-object';
import { isBase64 } from '../base/base64';
import { loggedRunStatuses } from './types';

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** The client's id of a run: a UUID or any 8–64 letters, digits, "-" or "_". */
export const runKey = z
  .string({ error: 'run must be a string (the run key the client chose, e.g. a UUID)' })
  .regex(/^[\w-]{8,64}$/, 'run must be 8 to 64 letters, digits, "-" or "_" (e.g. a UUID)');

/** Any number: JSON's, and NaN / ±Infinity as the wire encodes them. */
const metricValue = z
  .custom<number>((v) => typeof v === 'number', 'must be a number (NaN and ±Infinity are kept)')
  .meta({
    description: 'a number; NaN, Infinity and -Infinity travel as {"$num": "NaN"} etc.',
  });

const metricName = z
  .string()
  .min(1, 'a metric name must not be empty')
  .max(250, 'a metric name must be at most 250 characters')
  .refine(
    (v) => [...v].every((c) => c.charCodeAt(0) >= 0x20),
    'a metric name must not hold control characters',
  );

const unixSeconds = z
  .number({ error: 'time must be Unix seconds' })
  .min(0, 'time must be Unix seconds (>= 0)');
const wholeNumber = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be >= 0`)
    .max(Number.MAX_SAFE_INTEGER, `${what} is too large`);

export const trackingCreateRunSchema = strictObject({
  run: runKey,
  name: text(200).optional(),
  experiment: text(200).optional(),
  config: z.record(z.string(), z.unknown(), { error: 'config must be an object' }).optional(),
  tags: z.array(text(50)).max(50, 'at most 50 tags').optional(),
  notes: text(20_000).optional(),
  time: unixSeconds.optional(),
});

export const trackingPointSchema = strictObject({
  step: wholeNumber('step'),
  epoch: wholeNumber('epoch').nullable().optional(),
  time: unixSeconds,
  values: z
    .record(metricName, metricValue, { error: 'values must be an object of name: number' })
    .refine((v) => Object.keys(v).length <= 10_000, 'at most 10,000 values per point'),
});

export const trackingLogSchema = strictObject({
  run: runKey,
  points: z
    .array(trackingPointSchema)
    .min(1, 'points needs at least one point')
    .max(100_000, 'at most 100,000 points per call'),
});

export const trackingNoteSchema = strictObject({ run: runKey, text: text(20_000) });

const loggedStatus = z.enum(loggedRunStatuses, {
  error: `status must be one of ${loggedRunStatuses.join(', ')}`,
});

export const trackingSetStatusSchema = strictObject({
  run: runKey,
  status: loggedStatus,
  error: text(20_000).optional(),
});

export const trackingFinishSchema = strictObject({
  run: runKey,
  status: loggedStatus.exclude(['running']).optional(),
  error: text(20_000).optional(),
  time: unixSeconds.optional(),
});

/** At most 64 MiB of bytes (core/tracking/logged-file.ts checks the decoded size and content). */
const MAX_BASE64 = Math.ceil((64 * 1024 * 1024) / 3) * 4;

export const trackingLogFileSchema = strictObject({
  run: runKey,
  name: z
    .string({ error: 'name must be a string (a file name ending in .npy, .npz or .json)' })
    .min(1, 'name must not be empty')
    .max(200, 'name must be at most 200 characters'),
  contentBase64: z
    .string({ error: "contentBase64 must be a string (the file's bytes in base64)" })
    .max(MAX_BASE64, 'contentBase64 must be at most 64 MiB of bytes')
    .refine(
      isBase64,
      "contentBase64 must be the file's bytes in base64 (A-Z, a-z, 0-9, +, /, = padding)",
    ),
  time: unixSeconds.optional(),
});

/** Argument tuples by method, merged into contractSchemas. */
export const trackingSchemas = {
  'tracking.createRun': z.tuple([trackingCreateRunSchema]),
  'tracking.log': z.tuple([trackingLogSchema]),
  'tracking.note': z.tuple([trackingNoteSchema]),
  'tracking.setStatus': z.tuple([trackingSetStatusSchema]),
  'tracking.finish': z.tuple([trackingFinishSchema]),
  'tracking.logFile': z.tuple([trackingLogFileSchema]),
} as const;
