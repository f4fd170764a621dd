/**
 * A conv run's feature maps (reports.featureMaps) and its confusion matrix come from its stored
 * final weights, conv layers included: checked against a hand computation of the conv layer, the
 * max of each pool window, and the test accuracy the trained session itself recorded.
 */
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../src-shared/contract/types';
import type { RunConfig, TypedRunConfigInput } from '../../../src-shared/experiment/config';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import { inlineData, testConfig } from '../../../src-shared/experiment/config.testing';
import { xorConfig } from '../store/store.testing';
import { createSession } from '../../../src-shared/engine/reference-session';
import { Rng } from '../../../src-shared/engine/rng';
import { ValidationError } from '../../../src-shared/base/validation';
import { featureMaps } from './feature-maps';
import { testPredictions } from './test-confusion';

function convConfig(): RunConfig {
  return testConfig({
    layers: [
      { type: 'input', shape: [8, 8, 1] },
      { type: 'conv2d', filters: 3, kernel: 3, activation: 'relu' },
      { type: 'maxpool', size: 2 },
      { type: 'dense', units: 2, activation: 'softmax' },
    ],
    cost: 'log-likelihood',
    learningRate: 0.1,
    batchSize: 4,
    epochs: 4,
    seed: 3,
    init: { weights: { kind: 'he-normal' }, biases: { kind: 'zeros' } },
  } as unknown as TypedRunConfigInput as Parameters<typeof testConfig>[0]);
}

/** 8×8 images of a bright horizontal (class 0) or vertical (class 1) bar on faint noise. */
function barsData(): LoadedDataset {
  const rng = new Rng(21);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 120; i++) {
    const vertical = i % 2;
    const at = 1 + Math.floor(rng.next() * 6);
    const image = Array.from({ length: 64 }, () => 0.2 * rng.next());
    for (let k = 0; k < 8; k++) image[vertical ? k * 8 + at : at * 8 + k] = 1;
    inputs.push(image);
    targets.push(vertical ? [0, 1] : [1, 0]);
  }
  return inlineData(inputs, targets, { validationSize: 20, testSize: 20 });
}

function trained() {
  const config = convConfig();
  const session = createSession(config, barsData(), { now: () => 0 });
  let record = session.measure();
  while (!session.finished) record = session.trainEpoch();
  const run = { id: 1, config, foreignDatasetPath: null } as unknown as RunDetail;
  return { run, weights: session.weights(), record };
}

/** As an image dataset's loader gives them: labels without explicit target vectors (inline data
 * keeps its one-hot targets, which testPredictions reads as "not a classifier"). */
function load(): LoadedDataset {
  const data = barsData();
  return { ...data, test: { ...data.test, targets: null } };
}

describe('a conv run’s stored weights', () => {
  it('hold its conv layer: 3·1·3·3 weights and 3 biases, not all zero', () => {
    const { weights } = trained();
    expect(weights.features?.weights.map((w) => w.length)).toEqual([27]);
    expect(weights.features?.biases.map((b) => b.length)).toEqual([3]);
    expect(weights.features!.weights[0].some((w) => w !== 0)).toBe(true);
    expect(weights.weights[0][0]).toHaveLength(27); // the dense layer reads 3 maps of 3×3
  });

  it('classify the whole test split as the session scored it', async () => {
    const { run, weights, record } = trained();
    const result = await testPredictions(run, weights, load);
    expect(result).not.toBeNull();
    expect(result!.confusion.examples).toBe(20);
    expect(result!.confusion.correct / 20).toBeCloseTo(record.testAccuracy!, 12);
  });
});

describe('featureMaps', () => {
  it('gives the conv layer’s output by its formula and each pool cell as its window’s max', async () => {
    const { run, weights } = trained();
    const maps = (await featureMaps(run, weights, 5, load))!;
    expect(maps.layers.map((l) => [l.type, l.channels, l.height, l.width])).toEqual([
      ['conv2d', 3, 6, 6],
      ['maxpool', 3, 3, 3],
    ]);
    const x = maps.input.values;
    const [w, b] = [weights.features!.weights[0], weights.features!.biases[0]];
    const [conv, pool] = maps.layers;
    for (const [f, i, j] of [
      [0, 0, 0],
      [1, 2, 3],
      [2, 5, 5],
    ]) {
      let z = b[f];
      for (let u = 0; u < 3; u++)
        for (let v = 0; v < 3; v++) z += w[f * 9 + u * 3 + v] * x[(i + u) * 8 + (j + v)];
      expect(conv.values[f * 36 + i * 6 + j]).toBeCloseTo(Math.max(0, z), 12);
    }
    for (let f = 0; f < 3; f++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          const at = (u: number, v: number) => conv.values[f * 36 + (2 * i + u) * 6 + 2 * j + v];
          const max = Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1));
          expect(pool.values[f * 9 + i * 3 + j]).toBe(max);
        }
  });

  it('names the image’s label and the class the run predicts for it', async () => {
    const { run, weights } = trained();
    const predictions = (await testPredictions(run, weights, load))!;
    for (const index of [0, 7]) {
      const maps = (await featureMaps(run, weights, index, load))!;
      expect([maps.index, maps.count]).toEqual([index, 20]);
      expect(maps.label).toBe(predictions.test.labels[index]);
      expect(maps.predicted).toBe(predictions.predicted[index]);
    }
  });

  it('refuses a test index outside the split, naming testIndex', async () => {
    const { run, weights } = trained();
    const error = await featureMaps(run, weights, 20, load).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/testIndex.*0 to 19, got 20/);
  });

  it('is null for a dense-only run and for conv weights stored without their conv layers', async () => {
    const { run, weights } = trained();
    const { features: _dropped, ...denseOnly } = weights;
    expect(await featureMaps(run, denseOnly, 0, load)).toBeNull();
    const dense = { id: 2, config: xorConfig() } as unknown as RunDetail;
    expect(await featureMaps(dense, denseOnly, 0, load)).toBeNull();
  });
});
