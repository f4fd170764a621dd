/**
 * Layers as typed specs, the form issue 21 asks for:
 *   [{ "type": "input", "shape": [784] }, { "type": "dense", "units": 100, "activation": "sigmoid" },
 *    { "type": "dropout", "rate": 0.5 }, { "type": "dense", "units": 10, "activation": "softmax" }]
 * It says the same as the sizes form (`layers: [784, 100, 10]` + `activations` + `dropout`), which
 * is what the engine reads and what a run stores: `canonicalLayers` turns one into the other, so
 * both forms train identically and a stored run never depends on which one was typed.
 * conv2d and maxpool layers (between the input and the first dense layer) become `features`:
 * the input image's shape and the conv/pool layers, whose flattened output is layers[0] (see
 * engine/options.ts FeatureSpec); their shapes are checked here, each error naming its layer.
 */
import { z } from 'zod';
import { strictObject } from '../base/strict-object';
import {
  activationNames,
  type ActivationName,
  type FeatureLayerSpec,
  type FeatureSpec,
} from '../engine/options';
import { planFeatures } from '../engine/layers/feature-stack';
import { volume } from '../engine/layers/tensor';
import { ValidationError } from '../base/validation';

const whole = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a whole number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

/** The most units (or inputs) one layer has: config.ts's layer size. */
export const MAX_LAYER_SIZE = 100_000;

/** p of inverted dropout: the fraction of units dropped while training. */
export const dropoutRate = z
  .number({ error: 'rate must be a number' })
  .refine((p) => Number.isFinite(p) && p >= 0 && p < 1, 'rate must be in [0, 1)');

export const conv2dSpecSchema = strictObject({
  type: z.literal('conv2d'),
  filters: whole('filters', 1, 10_000),
  kernel: whole('kernel', 1, 100),
  stride: whole('stride', 1, 100).default(1),
  padding: whole('padding', 0, 100).default(0),
  activation: z.enum(activationNames).default('sigmoid'),
});

/** stride absent: the window's size (windows side by side, as network3.py pools). */
export const maxpoolSpecSchema = strictObject({
  type: z.literal('maxpool'),
  size: whole('size', 1, 100),
  stride: whole('stride', 1, 100).optional(),
});

export const layerTypes = ['input', 'dense', 'dropout', 'conv2d', 'maxpool'] as const;

export const layerSpecSchema = z.discriminatedUnion(
  'type',
  [
    strictObject({
      type: z.literal('input'),
      shape: z
        .array(whole('shape entry', 1, 100_000))
        .min(1, 'shape needs at least one size')
        .max(3),
    }),
    strictObject({
      type: z.literal('dense'),
      units: whole('units', 1, MAX_LAYER_SIZE),
      activation: z.enum(activationNames).default('sigmoid'),
    }),
    strictObject({ type: z.literal('dropout'), rate: dropoutRate }),
    conv2dSpecSchema,
    maxpoolSpecSchema,
  ],
  { error: `type must be one of ${layerTypes.join(', ')}` },
);
export type LayerSpec = z.output<typeof layerSpecSchema>;
export type LayerSpecInput = z.input<typeof layerSpecSchema>;

/** What the typed layers mean in the sizes form. */
export interface CanonicalLayers {
  layers: number[];
  activations: ActivationName[];
  /** Present when some layer drops units: p per neuron layer, input first. */
  dropout?: number[];
  /** Present when conv2d or maxpool layers come before the dense ones. */
  features?: FeatureSpec;
}

export interface LayerIssue {
  /** Index into the typed layers, or null for the list as a whole. */
  index: number | null;
  message: string;
}

const isFeature = (spec: LayerSpec | undefined) =>
  spec?.type === 'conv2d' || spec?.type === 'maxpool';

/** One issue, or null, about layer i given the layer before it (for the order rules). */
function orderIssue(spec: LayerSpec, i: number, specs: LayerSpec[]): string | null {
  const before = specs[i - 1];
  if (spec.type === 'input') return i === 0 ? null : 'only the first layer can be the input';
  if (i === 0)
    return `the first layer must be { "type": "input", "shape": [...] }, not ${spec.type}`;
  if (isFeature(spec)) return featureOrderIssue(spec, before, specs[0]);
  if (spec.type !== 'dropout') return null;
  if (before.type !== 'dense')
    return `dropout must follow a hidden dense layer, not the ${before.type} layer before it`;
  if (i === specs.length - 1) return 'dropout cannot follow the output layer';
  return null;
}

/** conv2d and maxpool read an image: they follow the input or each other, on an image input. */
function featureOrderIssue(spec: LayerSpec, before: LayerSpec, input: LayerSpec): string | null {
  if (before.type !== 'input' && !isFeature(before))
    return `${spec.type} must follow the input or another conv2d or maxpool layer, not a ${before.type} layer`;
  if (input.type === 'input' && input.shape.length < 2)
    return `${spec.type} needs an image: give the input's shape as [height, width] or [height, width, channels], not [${input.shape.join(', ')}]`;
  if (spec.type === 'conv2d' && spec.activation === 'softmax')
    return 'softmax is allowed on the output layer only';
  return null;
}

/** The features of the typed layers (input and the conv/pool layers after it), or an issue
 * naming the typed layer whose shape does not fit. */
function featuresOf(specs: LayerSpec[]): FeatureSpec | LayerIssue | null {
  const convs = specs.slice(1).filter(isFeature) as FeatureLayerSpec[];
  const input = specs[0];
  if (convs.length === 0 || input.type !== 'input') return null;
  const [height, width, channels = 1] = input.shape;
  const features: FeatureSpec = { input: [height, width, channels], layers: convs };
  try {
    planFeatures(features, (k) => `layers[${k + 1}]`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const index = Number(/\[(\d+)\]/.exec(error.issues[0].path)?.[1]);
    return { index, message: error.issues[0].message };
  }
  return outputIssue(features, convs.length) ?? features;
}

/** The conv stack's output is the first dense layer's input, so it has a layer's size limit;
 * named at the last conv/pool layer (index `last`), where a smaller output would have to start. */
function outputIssue(features: FeatureSpec, last: number): LayerIssue | null {
  const { channels, height, width } = planFeatures(features).output;
  const values = channels * height * width;
  if (values <= MAX_LAYER_SIZE) return null;
  return {
    index: last,
    message: `the conv layers put out ${channels}×${height}×${width} = ${values} values, more than the ${MAX_LAYER_SIZE} inputs a dense layer takes (add a maxpool, or use fewer filters or a larger stride)`,
  };
}

/** The sizes form of `specs`, or the issues that stop it (each naming its layer). */
export function canonicalLayers(specs: LayerSpec[]): CanonicalLayers | LayerIssue[] {
  const issues: LayerIssue[] = [];
  specs.forEach((spec, i) => {
    const message = orderIssue(spec, i, specs);
    if (message) issues.push({ index: i, message });
  });
  const denseCount = specs.filter((s) => s.type === 'dense').length;
  if (denseCount === 0)
    issues.push({ index: null, message: 'layers needs at least one dense layer after the input' });
  else if (specs[specs.length - 1].type !== 'dense')
    issues.push({ index: specs.length - 1, message: 'the last layer must be dense (the output)' });
  if (issues.length > 0) return issues;
  const features = featuresOf(specs);
  if (features && 'message' in features) return [features];
  const layers: number[] = [];
  const activations: ActivationName[] = [];
  const dropout: number[] = [];
  for (const spec of specs) {
    if (spec.type === 'input' && features) layers.push(volume(planFeatures(features).output));
    else if (spec.type === 'input') layers.push(spec.shape.reduce((n, d) => n * d, 1));
    if (spec.type === 'dense') {
      layers.push(spec.units);
      activations.push(spec.activation);
    }
    if (spec.type === 'input' || spec.type === 'dense') dropout.push(0);
    if (spec.type === 'dropout') dropout[dropout.length - 1] = spec.rate;
  }
  dropout.pop(); // the output layer's entry: nothing follows it
  return {
    layers,
    activations,
    ...(dropout.some((p) => p > 0) && { dropout }),
    ...(features && { features }),
  };
}
