/**
 * Sweep specs: a grid over any config fields, random search with N samples, times K seeds.
 * Dotted keys address nested config fields ("init.weights"). Every expanded config is validated
 * before anything is queued, so a bad field or value rejects the whole sweep.
 */
import { z } from 'zod';
import { runConfigSchema, type RunConfig } from './config';
import { withFields } from './config-edits';
import { configPathProblem } from './config-paths';
import { strictObject } from '../base/strict-object';
import { parseOrThrow, ValidationError } from '../base/validation';
import { Rng } from '../engine/rng';
import { describeValue, sameValue, setPath } from '../base/values';

const FIELD_PATH = /^[A-Za-z][A-Za-z0-9]*(\.([A-Za-z][A-Za-z0-9]*|0|[1-9][0-9]{0,5}))*$/;

/** A record keyed by dotted config paths; a key that is not a path of the run config is named,
 * with the nearest known field ("learningrate" → did you mean "learningRate"?). */
function byFieldPath<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      const problem = FIELD_PATH.test(key)
        ? configPathProblem(key)
        : `"${key}" is not a dotted config path like "init.weights" or "layers.1"`;
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });
}

const randomField = strictObject({
  low: z.number().refine(Number.isFinite, 'low must be finite'),
  high: z.number().refine(Number.isFinite, 'high must be finite'),
  log: z.boolean().default(false),
  integer: z.boolean().default(false),
})
  .refine((r) => r.high > r.low, { message: 'high must be greater than low', path: ['high'] })
  .refine((r) => !r.log || r.low > 0, { message: 'log scale needs low > 0', path: ['low'] });

export const MAX_SWEEP_RUNS = 10_000;

/** What a doctor's fix test compares: the finding (run and rule) and the fix in words. Its grid
 * has one field with two values, the run's own (the baseline) first and the fix second; its runs
 * are named and tagged by side, so the two sides can be told apart anywhere runs are listed. */
const fixTestSchema = strictObject({
  sourceRunId: z.number().int().min(1),
  rule: z.string().min(1).max(100),
  /** The fix in words ("U[-0.5, 0.5) weights and biases"). */
  label: z.string().min(1).max(200),
  /** The run's own value in words ("weights U[0,1), biases U[0,1)"): the baseline runs are named
   * after what they use, never after the fix. */
  baseline: z.string().min(1).max(200),
});

export const sweepSpecSchema = strictObject({
  name: z.string().max(200).default('sweep'),
  /** What the store records as the experiment's kind; "fix-test" for the doctor's "Test this fix". */
  kind: z.enum(['sweep', 'fix-test']).optional(),
  base: z.record(z.string(), z.unknown()),
  grid: byFieldPath(
    z.array(z.unknown()).min(1, 'each grid field needs at least one value'),
  ).default({}),
  random: strictObject({
    samples: z.number().int().min(1, 'random.samples must be at least 1').max(MAX_SWEEP_RUNS),
    seed: z.number().int().min(0).default(0),
    fields: byFieldPath(randomField),
  }).optional(),
  seeds: z.array(z.number().int().min(0).max(0xffffffff)).min(1).default([1]),
  fixTest: fixTestSchema.optional(),
}).superRefine((spec, ctx) => {
  if (!spec.fixTest) return;
  const values = Object.values(spec.grid);
  if (spec.kind !== 'fix-test' || values.length !== 1 || values[0].length !== 2 || spec.random)
    ctx.addIssue({
      code: 'custom',
      path: ['fixTest'],
      message:
        'a fix test has kind "fix-test" and a grid of one field with two values (baseline, fix), no random fields',
    });
});
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;
export type SweepSpec = z.output<typeof sweepSpecSchema>;

/** Cartesian product of the grid, in key order then value order. */
function gridPoints(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [field, values] of Object.entries(grid)) {
    points = points.flatMap((p) => values.map((v) => ({ ...p, [field]: v })));
  }
  return points;
}

function randomPoints(random: NonNullable<SweepSpec['random']>): Record<string, unknown>[] {
  const rng = new Rng(random.seed);
  return Array.from({ length: random.samples }, () => {
    const point: Record<string, unknown> = {};
    for (const [field, r] of Object.entries(random.fields)) {
      const u = rng.next();
      let v = r.log
        ? Math.exp(Math.log(r.low) + u * (Math.log(r.high) - Math.log(r.low)))
        : r.low + u * (r.high - r.low);
      if (r.integer) v = Math.floor(v);
      point[field] = v;
    }
    return point;
  });
}

/** Which side of a fix test a grid point is on: its one field holds the fix's value or not. */
function fixTestSide(spec: SweepSpec, point: Record<string, unknown>): 'baseline' | 'fix' {
  const [field, values] = Object.entries(spec.grid)[0];
  return sameValue(point[field], values[1]) ? 'fix' : 'baseline';
}

/** A run's part of its name: its side and value in a fix test ("baseline: weights U[0,1)"),
 * else each swept field and value in words ("learningRate=0.5 init=weights U[0,1), biases N(0,1)"). */
function pointLabel(spec: SweepSpec, point: Record<string, unknown>): string {
  const test = spec.fixTest;
  if (test)
    return fixTestSide(spec, point) === 'fix' ? `fix: ${test.label}` : `baseline: ${test.baseline}`;
  return Object.entries(point)
    .map(([k, v]) => `${k}=${describeValue(v)}`)
    .join(' ');
}

function runTags(spec: SweepSpec, point: Record<string, unknown>): string[] {
  return spec.fixTest ? ['fix-test', fixTestSide(spec, point)] : [];
}

/** Counts the runs a spec expands to without building them. */
export function countSweep(spec: SweepSpec): number {
  const grid = Object.values(spec.grid).reduce((n, values) => n * values.length, 1);
  const random = spec.random?.samples ?? 1;
  return grid * random * spec.seeds.length;
}

/** Expands a sweep into validated run configs, or throws naming the first bad run and field. */
export function expandSweep(input: unknown): {
  spec: SweepSpec;
  configs: RunConfig[];
  /** Tags for each run, in the order of `configs`. */
  tags: string[][];
} {
  const spec = parseOrThrow(sweepSpecSchema, input, 'sweep');
  const total = countSweep(spec);
  if (total > MAX_SWEEP_RUNS) {
    throw new ValidationError(
      `Invalid sweep: it expands to ${total} runs, at most ${MAX_SWEEP_RUNS} allowed`,
      [{ path: 'sweep', message: `expands to ${total} runs` }],
    );
  }
  const randoms = spec.random ? randomPoints(spec.random) : [{}];
  const configs: RunConfig[] = [];
  const tags: string[][] = [];
  for (const g of gridPoints(spec.grid)) {
    for (const r of randoms) {
      for (const seed of spec.seeds) {
        let raw: Record<string, unknown> = { ...spec.base };
        raw = setPath(withFields(raw, { ...g, ...r }, 'Invalid sweep: '), 'seed', seed);
        // A fix test's runs say their side first: the experiment's name carries the fix.
        const prefix = spec.fixTest ? 'Fix test' : spec.name;
        raw.name = [prefix, pointLabel(spec, { ...g, ...r }), `seed ${seed}`]
          .filter(Boolean)
          .join(' · ');
        configs.push(parseOrThrow(runConfigSchema, raw, `sweep run ${configs.length + 1}`));
        tags.push(runTags(spec, g));
      }
    }
  }
  return { spec, configs, tags };
}
