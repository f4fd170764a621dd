/**
 * Checks that the training options (a run config) fit the dataset and the machine before
 * anything is allocated: layers[0] must equal the dataset's input size (for a conv net: its input
 * image must, and layers[0] the conv layers' output), layers[last] its output
 * size (classes or target width), explicit init values must have the layers' shapes, and the
 * engine's arrays must fit the memory budget.
 */
import { ValidationError } from '../base/validation';
import { optimizerOf, type FeatureSpec, type TrainingOptions } from './options';
import { featureParameterCount, featureValueBytes, planFeatures } from './layers/feature-stack';
import { describeShape, volume } from './layers/tensor';
import { checkExplicitInit } from './init';
import { expandProblem } from './expand';
import { keepsVelocities, momentCount } from './optimizers';

export interface DatasetShape {
  /** For messages: "mnist", "idx:/data/digits". */
  id: string;
  inputSize: number;
  outputSize: number;
  /** [rows, cols] of image datasets, null for others; absent when the caller does not know. */
  imageShape?: [number, number] | null;
}

/** Copies of the parameters the reference engine keeps: weights, summed gradients, the epoch's
 * starting weights, the probe's gradients and a checkpoint buffer; each optimizer state array
 * (velocities, moments) adds itself and its checkpoint copy. */
const COPIES = 5;
const STATE_COPIES = 2;

/** Number of weights and biases: Σ_l (n_l + 1) n_{l+1}. */
export function parameterCount(layers: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < layers.length; l++) n += (layers[l] + 1) * layers[l + 1];
  return n;
}

/** Bytes the engine needs for the parameters of `config`, and for a conv net also its conv
 * layers' per-example values (dataset not included). */
export function estimateMemoryBytes(
  config: Pick<TrainingOptions, 'layers' | 'precision' | 'momentum' | 'optimizer' | 'features'>,
): number {
  const width = config.precision === 'float32' ? 4 : 8;
  const optimizer = optimizerOf(config);
  const stateArrays = (keepsVelocities(optimizer) ? 1 : 0) + momentCount(optimizer);
  const copies = COPIES + STATE_COPIES * stateArrays;
  const plan = config.features ? planFeatures(config.features) : null;
  const conv = plan ? featureParameterCount(plan) : 0;
  const values = plan ? featureValueBytes(plan, config.precision) : 0;
  return (parameterCount(config.layers) + conv) * width * copies + values;
}

function fail(path: string, message: string): never {
  throw new ValidationError(`Invalid config: ${path}: ${message}`, [{ path, message }]);
}

/** Throws a ValidationError naming `layers[0]`, `layers[last]`, `init.…values…` or `layers` when
 * the config does not fit `data`, its explicit init, or `memoryBudgetBytes`. */
export function validateShape(
  config: TrainingOptions,
  data: DatasetShape,
  memoryBudgetBytes = Infinity,
): void {
  const { layers } = config;
  const last = layers.length - 1;
  if (config.features) checkFeatures(config.features, layers[0], data);
  else if (layers[0] !== data.inputSize) {
    fail('layers[0]', `must be ${data.inputSize}, the input size of ${data.id}; got ${layers[0]}`);
  }
  if (layers[last] !== data.outputSize) {
    fail(
      `layers[${last}]`,
      `must be ${data.outputSize}, the output size (classes) of ${data.id}; got ${layers[last]}`,
    );
  }
  checkExplicitInit(config.init, layers);
  checkDropout(config);
  const { imageShape } = data;
  const cannotExpand =
    config.expand && imageShape !== undefined && expandProblem({ ...data, imageShape });
  if (cannotExpand) fail('expand', cannotExpand);
  const bytes = estimateMemoryBytes(config);
  if (bytes > memoryBudgetBytes) {
    fail(
      'layers',
      `${layers.join('-')} needs about ${gigabytes(bytes)} for its parameters, more than the ${gigabytes(memoryBudgetBytes)} available`,
    );
  }
}

/**
 * A conv net's input image must hold the dataset's values (and have its images' rows and
 * columns, when known), and its conv output must be what the dense layers take in (layers[0]).
 */
function checkFeatures(features: FeatureSpec, denseInput: number, data: DatasetShape): void {
  const plan = planFeatures(features);
  const [height, width, channels] = features.input;
  const image = `${height}×${width}×${channels}`;
  if (volume(plan.input) !== data.inputSize)
    fail(
      'features.input',
      `the input layer's shape ${image} (height×width×channels) is ${volume(plan.input)} values, but each example of ${data.id} has ${data.inputSize}`,
    );
  const rows = data.imageShape;
  if (rows && (rows[0] !== height || rows[1] !== width))
    fail(
      'features.input',
      `the images of ${data.id} are ${rows[0]}×${rows[1]}, not ${height}×${width}`,
    );
  if (volume(plan.output) !== denseInput)
    fail(
      'layers[0]',
      `must be ${volume(plan.output)}, the values the conv layers put out (${describeShape(plan.output)}); got ${denseInput}`,
    );
}

/** Dropout rates, when given, are one per neuron layer below the output, p in [0, 1), and none
 * on the input (the schema says so too; this guards callers that build options by hand). */
function checkDropout(config: TrainingOptions): void {
  const rates = config.dropout;
  if (!rates) return;
  if (rates.length !== config.layers.length - 1)
    fail(
      'dropout',
      `needs ${config.layers.length - 1} rates (input and hidden layers), got ${rates.length}`,
    );
  if (rates[0] !== 0) fail('dropout[0]', 'the input layer cannot drop units (use 0)');
  const bad = rates.findIndex((p) => !(p >= 0 && p < 1));
  if (bad >= 0) fail(`dropout[${bad}]`, `must be in [0, 1), got ${rates[bad]}`);
}

function gigabytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 1)} GB`;
}
