/**
 * The feature maps of one test image of a conv run: the image through the run's stored conv
 * layers by the reference engine's own forward pass (FeatureStack.forward, as in training and
 * scoring), then through its dense layers for the predicted class. The renderer only draws them.
 */
import type { RunDetail, RunFeatureMaps, WeightsJson } from '../../../src-shared/contract/types';
import { activationsOf } from '../../../src-shared/experiment/config';
import { FeatureReader } from '../../../src-shared/engine/layers/feature-stack';
import { volume, type Shape3 } from '../../../src-shared/engine/layers/tensor';
import { predictedClass } from '../../../src-shared/engine/examples';
import { feedforward, Workspace } from '../../../src-shared/engine/network';
import { ValidationError } from '../../../src-shared/base/validation';
import { featureStackFromWeights, networkFromWeights } from '../../../src-shared/report/confusion';
import { loadRunData, type LoadForReport } from './test-confusion';

/** At most this many values in all the maps of one image together (a conv net of the book has
 * about 15,000; this keeps one answer a few megabytes at most). */
export const MAX_MAP_VALUES = 500_000;

/** The maps of test example `index`; null when the run is not a conv net with stored conv
 * weights, or its dataset's files are gone. An index outside the test split is refused. */
export async function featureMaps(
  run: RunDetail,
  weights: WeightsJson,
  index: number,
  load: LoadForReport,
): Promise<RunFeatureMaps | null> {
  const c = run.config;
  const stack = featureStackFromWeights(weights, c.features);
  if (!stack) return null;
  const values = stack.plan.layers.reduce((n, g) => n + volume(g.output), 0);
  if (values > MAX_MAP_VALUES)
    throw refuse('runId', `the run's maps hold ${values} values, more than ${MAX_MAP_VALUES}`);
  const data = await loadRunData(run, load);
  if (!data) return null;
  const { test, outputSize } = data;
  if (index >= test.count)
    throw refuse('testIndex', `expected a test example from 0 to ${test.count - 1}, got ${index}`);
  const net = networkFromWeights(weights, activationsOf(c));
  if (volume(stack.plan.input) !== test.inputSize || net.sizes[net.depth] !== outputSize)
    return null;
  const ws = new Workspace(net);
  new FeatureReader(test, outputSize, stack).load(index, ws);
  const output = feedforward(net, ws);
  const label = test.targets ? -1 : test.labels[index];
  const outputs = stack.layerOutputs();
  return {
    index,
    count: test.count,
    label: label >= 0 ? label : null,
    predicted: outputSize >= 2 ? predictedClass(output, outputSize) : null,
    input: { ...stack.plan.input, values: channelsFirst(test.inputs, index, stack.plan.input) },
    layers: stack.plan.layers.map((g, i) => ({
      type: g.type,
      ...g.output,
      values: Array.from(outputs[i]),
    })),
  };
}

/** Example `i` (pixels row by row, channels side by side) as [C, H, W] scaled to 0–1 (bytes
 * are divided by 255, as training reads them). */
function channelsFirst(inputs: ArrayLike<number>, i: number, shape: Shape3): number[] {
  const { channels: C, height: H, width: W } = shape;
  const scale = inputs instanceof Uint8Array ? 1 / 255 : 1;
  const base = i * C * H * W;
  const out = new Array<number>(C * H * W);
  for (let c = 0; c < C; c++)
    for (let p = 0; p < H * W; p++) out[c * H * W + p] = inputs[base + p * C + c] * scale;
  return out;
}

function refuse(path: string, message: string): ValidationError {
  return new ValidationError(`Invalid ${path}: ${message}.`, [{ path, message }]);
}
