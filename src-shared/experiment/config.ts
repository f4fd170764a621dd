/**
 * The one run-config format used by the UI, the CLI and files. The schema here is the single
 * source of truth: the UI validates its form with it, the CLI validates files with it, and the
 * contract validates every payload that crosses a process boundary with it.
 */
import { z } from 'zod';
import { splitUnknownKeys, strictObject } from '../base/strict-object';
// The engine names what it implements; the schema accepts exactly those.
import {
  activationNames,
  activationsOf,
  costNames,
  optimizerKinds,
  type ActivationName,
  type CostName,
} from '../engine/options';
import {
  canonicalLayers,
  conv2dSpecSchema,
  dropoutRate,
  layerSpecSchema,
  maxpoolSpecSchema,
  MAX_LAYER_SIZE,
  type LayerSpecInput,
} from './layer-specs';
import { planFeatures } from '../engine/layers/feature-stack';
import { describeShape, volume } from '../engine/layers/tensor';
import { ValidationError } from '../base/validation';

export { activationNames, activationsOf, costNames, type ActivationName, type CostName };

export const builtinDatasetNames = ['mnist', 'fashion-mnist', 'xor', 'and', 'or', 'nand'] as const;

export type BuiltinDatasetName = (typeof builtinDatasetNames)[number];

const finite = (what: string) =>
  z.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be finite`);
const positive = (what: string) => finite(what).refine((v) => v > 0, `${what} must be > 0`);
const nonNegative = (what: string) => finite(what).refine((v) => v >= 0, `${what} must be >= 0`);
const count = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a whole number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

/** Weight or bias initialization. Explicit values follow Nielsen: values[l][j][k] is the weight
 * from neuron k of layer l to neuron j of layer l+1; explicit biases are values[l][j]. */
export const initSchema = z.discriminatedUnion('kind', [
  strictObject({ kind: z.literal('uniform'), low: finite('low'), high: finite('high') }).refine(
    (v) => v.high > v.low,
    { message: 'high must be greater than low', path: ['high'] },
  ),
  strictObject({
    kind: z.literal('normal'),
    mean: finite('mean').default(0),
    std: nonNegative('std'),
  }),
  strictObject({ kind: z.literal('scaled-normal') }),
  strictObject({ kind: z.literal('xavier-uniform') }),
  strictObject({ kind: z.literal('xavier-normal') }),
  strictObject({ kind: z.literal('he-uniform') }),
  strictObject({ kind: z.literal('he-normal') }),
  strictObject({ kind: z.literal('constant'), value: finite('value') }),
  strictObject({ kind: z.literal('zeros') }),
  strictObject({
    kind: z.literal('explicit'),
    values: z.array(z.union([z.array(z.array(finite('value'))), z.array(finite('value'))])),
  }),
]);
export type InitSpec = z.infer<typeof initSchema>;

const pathString = z.string().min(1, 'path must not be empty').max(4096);

// A union reports only "Invalid input" when no option matches: say what is expected instead.
const datasetExpected = `dataset must be one of ${builtinDatasetNames.join(', ')}, or an object { kind: "idx", dir }, { kind: "csv", path } or { kind: "inline", inputs, targets }`;

// The objects form one discriminated union so that a known kind with an unknown field reports
// that field, not only "no option matched".
export const datasetSpecSchema = z.union(
  [
    z.enum(builtinDatasetNames, {
      error: `dataset must be one of ${builtinDatasetNames.join(', ')} or an object with kind idx, csv or inline`,
    }),
    z.discriminatedUnion('kind', [
      strictObject({
        kind: z.literal('idx'),
        dir: pathString,
        name: z.string().max(200).optional(),
      }),
      strictObject({
        kind: z.literal('csv'),
        path: pathString,
        header: z.boolean().optional(),
        classes: count('classes', 2, 1000).optional(),
      }),
      strictObject({
        kind: z.literal('inline'),
        inputs: z.array(z.array(finite('input'))).min(1, 'inputs must not be empty'),
        targets: z.array(z.array(finite('target'))).min(1, 'targets must not be empty'),
      }),
    ]),
  ],
  { error: datasetExpected },
);
export type DatasetSpec = z.infer<typeof datasetSpecSchema>;

export const scheduleSchema = z.discriminatedUnion('kind', [
  strictObject({ kind: z.literal('constant') }),
  strictObject({
    kind: z.literal('step'),
    every: count('schedule.every', 1, 100_000),
    factor: positive('schedule.factor'),
  }),
  strictObject({
    kind: z.literal('plateau'),
    patience: count('schedule.patience', 1, 10_000),
    factor: positive('schedule.factor'),
    minLearningRate: nonNegative('schedule.minLearningRate').default(0),
  }),
]);

export const earlyStoppingSchema = strictObject({
  metric: z.enum(['validationAccuracy', 'validationCost']).default('validationAccuracy'),
  patience: count('earlyStopping.patience', 1, 10_000),
});

const layerSize = count('layer size', 1, MAX_LAYER_SIZE);

const momentumValue = (what: string) =>
  finite(what).refine((v) => v >= 0 && v < 1, `${what} must be in [0, 1)`);
const decayRate = (what: string) =>
  finite(what).refine((v) => v >= 0 && v < 1, `${what} must be in [0, 1)`);

/** The optimizer with each method's documented default (engine/options.ts OptimizerSpec). */
export const optimizerSchema = z.discriminatedUnion(
  'kind',
  [
    strictObject({ kind: z.literal('sgd') }),
    strictObject({
      kind: z.literal('momentum'),
      momentum: momentumValue('optimizer.momentum').default(0.9),
    }),
    strictObject({
      kind: z.literal('nesterov'),
      momentum: momentumValue('optimizer.momentum').default(0.9),
    }),
    strictObject({
      kind: z.literal('rmsprop'),
      rho: decayRate('optimizer.rho').default(0.9),
      epsilon: positive('optimizer.epsilon').default(1e-8),
    }),
    strictObject({
      kind: z.literal('adam'),
      beta1: decayRate('optimizer.beta1').default(0.9),
      beta2: decayRate('optimizer.beta2').default(0.999),
      epsilon: positive('optimizer.epsilon').default(1e-8),
    }),
  ],
  { error: `optimizer.kind must be one of ${optimizerKinds.join(', ')}` },
);

export const expandSchema = strictObject({
  kind: z.literal('shift', { error: 'expand.kind must be "shift"' }),
  pixels: count('expand.pixels', 1, 3).default(1),
});

/** The conv part of a network as stored (typed conv2d/maxpool layers become this; engine/options.ts
 * FeatureSpec): the input image [height, width, channels] and its conv and pool layers. */
export const featuresSchema = strictObject({
  input: z.tuple(
    [count('height', 1, 10_000), count('width', 1, 10_000), count('channels', 1, 1000)],
    {
      error: 'features.input must be [height, width, channels]',
    },
  ),
  layers: z
    .array(
      z.discriminatedUnion('type', [conv2dSpecSchema, maxpoolSpecSchema], {
        error: 'type must be conv2d or maxpool',
      }),
    )
    .min(1, 'features.layers needs at least one conv2d or maxpool layer')
    .max(32),
});

const runConfigFieldsSchema = strictObject({
  name: z.string().max(200, 'name must be at most 200 characters').default(''),
  dataset: datasetSpecSchema.default('mnist'),
  /** Sizes of the splits; defaults follow Nielsen (50,000 / 10,000 / 10,000 for MNIST). */
  trainSize: count('trainSize', 1, 10_000_000).optional(),
  validationSize: count('validationSize', 0, 10_000_000).optional(),
  testSize: count('testSize', 0, 10_000_000).optional(),
  layers: z.array(layerSize).min(2, 'layers needs at least an input and an output size').max(64),
  activations: z
    .union([z.enum(activationNames), z.array(z.enum(activationNames))], {
      error: `activations must be one of ${activationNames.join(', ')}, or a list of them (one per weight layer)`,
    })
    .default('sigmoid'),
  cost: z.enum(costNames).default('quadratic'),
  /** Nielsen ch.1's N(0, 1) for whichever part is not given. */
  init: strictObject({
    weights: initSchema.default({ kind: 'normal', mean: 0, std: 1 }),
    biases: initSchema.default({ kind: 'normal', mean: 0, std: 1 }),
  }).default({
    weights: { kind: 'normal', mean: 0, std: 1 },
    biases: { kind: 'normal', mean: 0, std: 1 },
  }),
  learningRate: positive('learningRate'),
  batchSize: count('batchSize', 1, 1_000_000),
  epochs: count('epochs', 1, 100_000),
  seed: count('seed', 0, 0xffffffff).default(1),
  l2: nonNegative('l2').default(0),
  l1: nonNegative('l1').default(0),
  momentum: finite('momentum')
    .refine((v) => v >= 0 && v < 1, 'momentum must be in [0, 1)')
    .default(0),
  trainBiases: z.boolean().default(true),
  precision: z.enum(['float32', 'float64']).default('float32'),
  schedule: scheduleSchema.default({ kind: 'constant' }),
  earlyStopping: earlyStoppingSchema.nullable().default(null),
  shuffle: z.boolean().default(true),
  /** Examples of the validation set used for per-epoch layer statistics. */
  probeSize: count('probeSize', 1, 100_000).default(1000),
  engine: z.enum(['auto', 'reference', 'fast']).default('auto'),
  threads: count('threads', 1, 64).optional(),
  /** Inverted-dropout p on each neuron layer's output, input first (its entry 0); absent: none. */
  dropout: z.array(dropoutRate).optional(),
  /** Absent: `momentum` decides, as before (see canonicalOptimizer). */
  optimizer: optimizerSchema.optional(),
  /** The expanded training set of ch.3/ch.6 (image datasets only). */
  expand: expandSchema.optional(),
  /** Conv and max-pool layers before the dense ones (ch.6); absent: none. */
  features: featuresSchema.optional(),
});

type ParsedObject = z.output<typeof runConfigFieldsSchema>;
type RefineContext = z.core.$RefinementCtx<ParsedObject>;

function checkLayersAndCost(c: ParsedObject, ctx: RefineContext): void {
  if (Array.isArray(c.activations) && c.activations.length !== c.layers.length - 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['activations'],
      message: `activations needs one entry per weight layer: ${c.layers.length - 1}, got ${c.activations.length}`,
    });
  }
  const acts = Array.isArray(c.activations)
    ? c.activations
    : c.layers.slice(1).map(() => c.activations);
  acts.slice(0, -1).forEach((a, i) => {
    if (a === 'softmax')
      ctx.addIssue({
        code: 'custom',
        path: ['activations', i],
        message: 'softmax is allowed on the output layer only',
      });
  });
  if (c.cost === 'log-likelihood' && acts[acts.length - 1] !== 'softmax') {
    ctx.addIssue({
      code: 'custom',
      path: ['cost'],
      message: 'log-likelihood cost needs a softmax output layer',
    });
  }
  const output = acts[acts.length - 1];
  if (c.cost === 'cross-entropy' && output !== 'sigmoid' && output !== 'softmax') {
    ctx.addIssue({
      code: 'custom',
      path: ['cost'],
      message: `cross-entropy cost needs outputs in (0, 1): a sigmoid or softmax output layer, not ${output}`,
    });
  }
}

/** Dropout has one rate per layer below the output (none on the input); `momentum` and
 * `optimizer` may both be given only when they say the same. */
function checkDropoutAndOptimizer(c: ParsedObject, ctx: RefineContext): void {
  const issue = (path: PropertyKey[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (c.dropout && c.dropout.length !== c.layers.length - 1)
    issue(
      ['dropout'],
      `dropout needs one rate per layer below the output: ${c.layers.length - 1}, got ${c.dropout.length}`,
    );
  else if (c.dropout && c.dropout[0] !== 0)
    issue(['dropout', 0], 'the input layer cannot drop units: its rate must be 0');
  const o = c.optimizer;
  if (o && c.momentum > 0 && !(o.kind === 'momentum' && o.momentum === c.momentum))
    issue(
      ['optimizer'],
      `momentum ${c.momentum} and optimizer ${o.kind} conflict: give only one (momentum ${c.momentum} means optimizer { "kind": "momentum", "momentum": ${c.momentum} })`,
    );
}

/**
 * SGD and momentum SGD are stored as they always were (`momentum` μ, no `optimizer`), so a run
 * means the same whichever way it was written and the fast path, which reads μ, serves both.
 */
function canonicalOptimizer(c: ParsedObject): ParsedObject {
  const o = c.optimizer;
  if (!o || (o.kind !== 'sgd' && o.kind !== 'momentum')) return c;
  const { optimizer: _given, ...rest } = c;
  return { ...rest, momentum: o.kind === 'momentum' ? o.momentum : c.momentum };
}

/**
 * Typed layers (layer-specs.ts) become the sizes form before the schema proper reads the config:
 * `layers`, `activations` and, when some layer drops units, `dropout`. Each problem names its
 * layer ("layers[2]"); a config in the sizes form passes through untouched.
 */
function typedLayersToSizes(input: Record<string, unknown>, ctx: z.core.$RefinementCtx): unknown {
  if (typeof input !== 'object' || input === null || !('layers' in input)) return input;
  const config = input as Record<string, unknown>;
  const { layers } = config;
  if (!Array.isArray(layers) || !layers.some((l) => typeof l === 'object' && l !== null))
    return input;
  const issue = (path: PropertyKey[], message: string) =>
    ctx.issues.push({ code: 'custom', path, message, input });
  if (layers.some((l) => typeof l === 'number')) {
    issue(['layers'], 'layers mixes sizes and typed layers: use one form');
    return input;
  }
  for (const key of ['activations', 'dropout', 'features'] as const)
    if (key in config)
      issue([key], `typed layers set this in each layer; remove "${key}" or use the sizes form`);
  const parsed = z.array(layerSpecSchema).safeParse(layers);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const path = ['layers', ...i.path];
      if (i.code === 'unrecognized_keys')
        splitUnknownKeys(path, i.keys, i.message).forEach((k) => issue(k.path, k.message));
      else issue(path, i.message);
    }
    return input;
  }
  const canonical = canonicalLayers(parsed.data);
  if (!Array.isArray(canonical)) return { ...config, ...canonical };
  canonical.forEach((i) => issue(i.index === null ? ['layers'] : ['layers', i.index], i.message));
  return input;
}

/** A conv net's layers fit their input one after another, softmax stays on the output layer,
 * and the dense layers take in what the conv layers put out (layers[0]). */
function checkFeatures(c: ParsedObject, ctx: RefineContext): void {
  if (!c.features) return;
  const issue = (path: PropertyKey[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  c.features.layers.forEach((l, i) => {
    if (l.type === 'conv2d' && l.activation === 'softmax')
      issue(['features', 'layers', i, 'activation'], 'softmax is allowed on the output layer only');
  });
  let output;
  try {
    output = planFeatures(c.features).output;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const index = Number(/\[(\d+)\]/.exec(error.issues[0].path)?.[1]);
    issue(['features', 'layers', index], error.issues[0].message);
    return;
  }
  if (c.layers[0] !== volume(output))
    issue(
      ['layers', 0],
      `must be ${volume(output)}, the values the conv layers put out (${describeShape(output)}); got ${c.layers[0]}`,
    );
}

const runConfigObject = runConfigFieldsSchema
  .superRefine(checkLayersAndCost)
  .superRefine(checkFeatures)
  .superRefine(checkDropoutAndOptimizer)
  .overwrite(canonicalOptimizer);

export const runConfigSchema = z
  .custom<Record<string, unknown>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    {
      error: 'a run config must be an object',
    },
  )
  .transform(typedLayersToSizes)
  .pipe(runConfigObject);

/** The names of the run config's top-level fields. */
export const runConfigFields = Object.keys(runConfigObject.shape);

/** A config as a user writes it in the sizes form (defaults optional): what the form edits. */
export type RunConfigInput = z.input<typeof runConfigObject>;
/** A config that may also give its layers as typed specs. */
export type TypedRunConfigInput = Omit<RunConfigInput, 'layers'> & {
  layers: number[] | LayerSpecInput[];
};
/** A config with every default filled in: what the engine and the store see. */
export type RunConfig = z.output<typeof runConfigSchema>;
