/**
 * Confusion matrices from a run's final weights: the engine's own feedforward (float64, the
 * reference network) over a labelled split, counts[actual][predicted]. Used on the whole test
 * split by reports and the run page alike (src-main/core/reports/test-confusion.ts). A conv net's
 * examples go through its conv layers first (FeatureReader), as in training.
 */
import type { Split } from '../base/dataset';
import type { WeightsJson } from '../base/records';
import { ExampleReader, predictedClass } from '../engine/examples';
import { feedforward, Network, Workspace } from '../engine/network';
import type { ActivationName } from '../experiment/config';
import type { FeatureSpec } from '../engine/options';
import { FeatureReader, FeatureStack, planFeatures } from '../engine/layers/feature-stack';
import { volume } from '../engine/layers/tensor';

/** A Network whose weights[l][j * n_l + k] = json.weights[l][j][k] (Nielsen's w^{l+1}_{jk}). */
export function networkFromWeights(json: WeightsJson, activations: ActivationName[]): Network {
  const sizes = [json.weights[0][0].length, ...json.weights.map((w) => w.length)];
  const net = new Network(sizes, activations, 'float64');
  json.weights.forEach((w, l) => w.forEach((row, j) => net.weights[l].set(row, j * sizes[l])));
  json.biases.forEach((b, l) => net.biases[l].set(b));
  return net;
}

/** counts[actual][predicted], classes × classes. */
export function confusionMatrix(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const actual = labels[i];
    if (actual >= 0 && actual < classes && predicted[i] < classes) counts[actual][predicted[i]]++;
  }
  return counts;
}

export interface Confusion {
  /** counts[actual][predicted]. */
  counts: number[][];
  /** Labelled examples counted. */
  examples: number;
  /** Of them, predicted right (the diagonal). */
  correct: number;
}

/** Whether `net` (after `stack`, a conv net's conv layers) can classify `split` into `classes`
 * classes: its inputs, one output per class. */
export function fitsSplit(
  net: Network,
  split: Split,
  classes: number,
  stack?: FeatureStack,
): boolean {
  const inputs = stack ? volume(stack.plan.input) : net.sizes[0];
  return classes >= 2 && net.sizes[net.depth] === classes && inputs === split.inputSize;
}

/** The conv layers of a conv net's final weights, ready to run (reference engine, float64). */
export function featureStackFromWeights(
  json: WeightsJson,
  spec: FeatureSpec | undefined,
): FeatureStack | undefined {
  if (!spec || !json.features) return undefined;
  const stack = new FeatureStack(planFeatures(spec), 'float64');
  stack.setFromJson(json.features);
  return stack;
}

/** The predicted class of examples [from, to) of `split` into predicted[from … to). */
export function classifyInto(
  net: Network,
  split: Split,
  predicted: Int32Array,
  from = 0,
  to = split.count,
  stack?: FeatureStack,
): void {
  const nOut = net.sizes[net.depth];
  const reader = stack
    ? new FeatureReader(split, nOut, stack)
    : new ExampleReader(split, nOut, 'float64');
  const ws = new Workspace(net);
  for (let i = from; i < to; i++) {
    reader.load(i, ws);
    predicted[i] = predictedClass(feedforward(net, ws), nOut);
  }
}

/** The confusion matrix of predictions against labels, or null when nothing is labelled. */
export function confusionOfPredictions(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): Confusion | null {
  const counts = confusionMatrix(labels, predicted, classes);
  const examples = counts.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  if (examples === 0) return null;
  const correct = counts.reduce((s, row, i) => s + row[i], 0);
  return { counts, examples, correct };
}

/** The confusion matrix of `net` on every labelled example of `split`, or null when the split has
 * no labels or the network does not fit it (inputs, or one output per class). */
export function confusionOf(net: Network, split: Split, classes: number): Confusion | null {
  if (split.count === 0 || !fitsSplit(net, split, classes)) return null;
  const predicted = new Int32Array(split.count);
  classifyInto(net, split, predicted);
  return confusionOfPredictions(split.labels, predicted, classes);
}
