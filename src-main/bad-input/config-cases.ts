/** Run configs the queue must refuse (queue.enqueue), each naming the field. */
import { args, type BadCase } from './bad-case';

const xor = {
  name: 'xor',
  dataset: 'xor',
  layers: [2, 3, 1],
  learningRate: 2,
  batchSize: 4,
  epochs: 5,
};

const enqueue = (
  name: string,
  change: Record<string, unknown>,
  error: RegExp,
  base: Record<string, unknown> = xor,
): BadCase => ({
  name: `run config: ${name}`,
  method: 'queue.enqueue',
  body: args({ ...base, ...change }),
  status: 400,
  error,
});

const mnist = { ...xor, dataset: 'mnist', layers: [784, 30, 10] };

export const configCases: BadCase[] = [
  enqueue(
    'NaN learning rate',
    { learningRate: NaN },
    /config\.learningRate: learningRate must be a number/,
  ),
  enqueue(
    'infinite learning rate',
    { learningRate: Infinity },
    /config\.learningRate: learningRate must be a number/,
  ),
  enqueue('negative learning rate', { learningRate: -0.5 }, /learningRate must be > 0/),
  enqueue('zero learning rate', { learningRate: 0 }, /learningRate must be > 0/),
  enqueue('learning rate as a string', { learningRate: '0.5' }, /learningRate must be a number/),
  enqueue('huge epoch count', { epochs: 1e12 }, /epochs: epochs must be at most 100000/),
  enqueue('fractional epochs', { epochs: 2.5 }, /epochs: epochs must be a whole number/),
  enqueue('zero batch size', { batchSize: 0 }, /batchSize: batchSize must be at least 1/),
  enqueue('seed beyond 32 bits', { seed: 2 ** 53 }, /seed: seed must be at most 4294967295/),
  enqueue('negative seed', { seed: -1 }, /seed: seed must be at least 0/),
  enqueue('empty layers', { layers: [] }, /layers: layers needs at least an input and an output/),
  enqueue('a single layer', { layers: [2] }, /layers needs at least an input and an output size/),
  enqueue(
    'a layer of zero units',
    { layers: [2, 0, 1] },
    /layers\[1\]: layer size must be at least 1/,
  ),
  enqueue(
    'layer size as a string',
    { layers: [2, 'three', 1] },
    /layers\[1\]: layer size must be a whole number/,
  ),
  enqueue(
    'input layer that does not fit the dataset',
    { layers: [3, 3, 1] },
    /layers\[0\]: must be 2, the input size of xor; got 3/,
  ),
  enqueue(
    'output layer that does not fit the dataset',
    { ...mnist, layers: [784, 30, 9] },
    /layers\[2\]: must be 10, the output size \(classes\) of mnist; got 9/,
    mnist,
  ),
  enqueue(
    'a network too big for the memory',
    { ...mnist, layers: [784, 100000, 100000, 10] },
    /layers: 784-100000-100000-10 needs about [\d.]+ GB for its parameters, more than the [\d.]+ GB available/,
    mnist,
  ),
  enqueue(
    'unknown activation',
    { activations: 'swish' },
    /config\.activations: activations must be one of sigmoid, tanh, relu, leaky-relu, linear, softmax, or a list/,
  ),
  enqueue(
    'softmax in a hidden layer',
    { activations: ['softmax', 'sigmoid'] },
    /activations\[0\]: softmax is allowed on the output layer only/,
  ),
  enqueue(
    'one activation too many',
    { activations: ['sigmoid', 'sigmoid', 'sigmoid'] },
    /activations: activations needs one entry per weight layer: 2, got 3/,
  ),
  enqueue(
    'log-likelihood without softmax',
    { cost: 'log-likelihood' },
    /cost: log-likelihood cost needs a softmax output layer/,
  ),
  enqueue(
    'uniform init with high below low',
    { init: { weights: { kind: 'uniform', low: 1, high: 0 }, biases: { kind: 'zeros' } } },
    /init\.weights\.high: high must be greater than low/,
  ),
  enqueue(
    'unknown init kind',
    { init: { weights: { kind: 'magic' }, biases: { kind: 'zeros' } } },
    /config\.init\.weights\.kind: Invalid discriminator value\. Expected 'uniform' \| 'normal'/,
  ),
  enqueue(
    'explicit init of the wrong shape',
    { init: { weights: { kind: 'explicit', values: [[[1, 2]]] }, biases: { kind: 'zeros' } } },
    /init\.weights\.values: expected 2 layers, got 1/,
  ),
  enqueue(
    'unknown dataset',
    { dataset: 'cifar' },
    /config\.dataset: dataset must be one of mnist, fashion-mnist, xor, and, or, nand, or an object/,
  ),
  enqueue('momentum of 1', { momentum: 1 }, /momentum: momentum must be in \[0, 1\)/),
  enqueue('zero threads', { threads: 0 }, /threads: threads must be at least 1/),
  enqueue(
    'a 10,000-character name',
    { name: 'x'.repeat(10_000) },
    /name: name must be at most 200 characters/,
  ),
  enqueue(
    'schedule of an unknown kind',
    { schedule: { kind: 'cosine' } },
    /config\.schedule\.kind: Invalid discriminator value\. Expected 'constant' \| 'step' \| 'plateau'/,
  ),
  enqueue(
    'early stopping with patience 0',
    { earlyStopping: { patience: 0 } },
    /earlyStopping\.patience: earlyStopping\.patience must be at least 1/,
  ),
  enqueue(
    'a training set of 0 examples',
    { trainSize: 0 },
    /trainSize: trainSize must be at least 1/,
  ),
  enqueue(
    'a misspelled momentum',
    { momemtum: 0.9 },
    /config\.momemtum: Unknown field "momemtum" \(did you mean "momentum"\?\)/,
  ),
  enqueue(
    'an L2 field named as in another tool',
    { l2_lambda: 5 },
    /config\.l2_lambda: Unknown field "l2_lambda" \(did you mean "l2"\?\)/,
  ),
  enqueue(
    'a misspelled field inside an init',
    { init: { weights: { kind: 'uniform', lowe: -1, high: 1 }, biases: { kind: 'zeros' } } },
    /config\.init\.weights\.lowe: Unknown field "lowe" \(did you mean "low"\?\)/,
  ),
  enqueue(
    'a misspelled field of a CSV dataset',
    { dataset: { kind: 'csv', path: '/tmp/x.csv', heder: true } },
    /config\.dataset\.heder: Unknown field "heder" \(did you mean "header"\?\)/,
  ),
  enqueue(
    'a misspelled field of early stopping',
    { earlyStopping: { patience: 3, metrc: 'validationCost' } },
    /config\.earlyStopping\.metrc: Unknown field "metrc" \(did you mean "metric"\?\)/,
  ),
  enqueue(
    'engine fast with float64 precision',
    { engine: 'fast', precision: 'float64' },
    /Invalid config: engine: engine "fast" cannot run this config: precision float64 \(the fast path computes in float32\); use engine "auto" or "reference"/,
  ),
  enqueue(
    'early stopping on a dataset with no validation set',
    { epochs: 30, earlyStopping: { patience: 3 } },
    /Invalid config: earlyStopping: early stopping watches the validation set, and this run has none: set validationSize above 0/,
  ),
  {
    name: 'run config: not an object',
    method: 'queue.enqueue',
    body: args([2, 3, 1]),
    status: 400,
    error: /queue\.enqueue\[0\]: config must be an object/,
  },
];
