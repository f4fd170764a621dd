/**
 * Conv nets in the reference engine end to end: backprop through conv → maxpool → dense agrees
 * with finite differences, a tiny conv net learns a 2-class image task, checkpoints hold the conv
 * parameters and a resumed run equals the uninterrupted one bit for bit.
 */
import { describe, expect, it } from 'vitest';
import type { RunConfig, TypedRunConfigInput } from '../experiment/config';
import { encodeWire } from '../base/wire';
import { inlineData, testConfig } from '../experiment/config.testing';
import type { LoadedDataset } from '../base/dataset';
import { readCheckpoint, CheckpointError } from './checkpoint';
import { exampleCost } from './costs';
import { FeatureReader, FeatureStack, inputGradient, planFeatures } from './layers/feature-stack';
import { backprop, feedforward, Gradients, Network, Workspace } from './network';
import { activationNames } from './options';
import { createSession, restoreSession } from './reference-session';
import { Rng } from './rng';
import type { TrainingSession } from './session';
import type { EpochRecord } from '../base/records';

const options = { now: () => 0 };

/** A conv net in typed layers on `side`×`side` grey images with 2 classes. */
function convConfig(over: Partial<TypedRunConfigInput> = {}, side = 8): RunConfig {
  return testConfig({
    layers: [
      { type: 'input', shape: [side, side, 1] },
      { type: 'conv2d', filters: 3, kernel: 3, activation: 'relu' },
      { type: 'maxpool', size: 2 },
      { type: 'dense', units: 2, activation: 'softmax' },
    ],
    cost: 'log-likelihood',
    learningRate: 0.1,
    batchSize: 4,
    epochs: 8,
    seed: 3,
    init: { weights: { kind: 'he-normal' }, biases: { kind: 'zeros' } },
    ...over,
  } as unknown as Parameters<typeof testConfig>[0]);
}

/**
 * 8×8 images of one bright bar, horizontal (class 0) or vertical (class 1), at a random row or
 * column, on faint noise: no single pixel tells the classes apart, an edge detector does.
 */
function barsData(count = 120): LoadedDataset {
  const rng = new Rng(21);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < count; i++) {
    const vertical = i % 2;
    const at = 1 + Math.floor(rng.next() * 6);
    const image = Array.from({ length: 64 }, () => 0.2 * rng.next());
    for (let k = 0; k < 8; k++) image[vertical ? k * 8 + at : at * 8 + k] = 1;
    inputs.push(image);
    targets.push(vertical ? [0, 1] : [1, 0]);
  }
  return inlineData(inputs, targets, { validationSize: 20, testSize: 20 });
}

function runAll(session: TrainingSession): EpochRecord[] {
  const records = [session.measure()];
  while (!session.finished) records.push(session.trainEpoch());
  return records;
}

describe('a tiny conv net', () => {
  it('learns horizontal from vertical bars: test accuracy from chance to at least 95%', () => {
    const records = runAll(createSession(convConfig(), barsData(), options));
    expect(records[0].testAccuracy!).toBeLessThan(0.8);
    expect(records.at(-1)!.testAccuracy!).toBeGreaterThanOrEqual(0.95);
    expect(records.at(-1)!.trainCost).toBeLessThan(records[0].trainCost / 2);
  });

  it.each([
    ['sgd', {}],
    ['momentum', { momentum: 0.5 }],
    ['adam', { optimizer: { kind: 'adam' }, learningRate: 0.01 }],
    ['nesterov with L2', { optimizer: { kind: 'nesterov' }, l2: 0.1 }],
    [
      'rmsprop, no bias training',
      { optimizer: { kind: 'rmsprop' }, learningRate: 0.01, trainBiases: false },
    ],
    [
      'dropout on a hidden dense layer',
      {
        layers: [
          { type: 'input', shape: [8, 8, 1] },
          { type: 'conv2d', filters: 3, kernel: 3, activation: 'tanh' },
          { type: 'maxpool', size: 2 },
          { type: 'dense', units: 6, activation: 'sigmoid' },
          { type: 'dropout', rate: 0.3 },
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
        learningRate: 0.5,
      },
    ],
  ] as [string, Partial<TypedRunConfigInput>][])(
    '%s: resumed after 3 of 8 epochs equals the uninterrupted run bit for bit',
    (_name, over) => {
      const cfg = convConfig({ ...over, epochs: 8 });
      const expected = runAll(createSession(cfg, barsData(), options));
      const first = createSession(cfg, barsData(), options);
      const records = [first.measure(), first.trainEpoch(), first.trainEpoch(), first.trainEpoch()];
      const resumed = restoreSession(cfg, barsData(), first.checkpoint(), options);
      while (!resumed.finished) records.push(resumed.trainEpoch());
      expect(encodeWire(records)).toBe(encodeWire(expected));
      expect(expected.at(-1)!.trainCost).toBeLessThan(expected[0].trainCost);
    },
  );

  it('checkpoints hold the conv layer’s 3·1·3·3 weights and 3 biases, and velocities for them', () => {
    const session = createSession(convConfig({ momentum: 0.5 }), barsData(), options);
    session.trainEpoch();
    const saved = readCheckpoint(session.checkpoint());
    expect(saved.meta.features).toEqual({
      weights: [27],
      biases: [3],
      layout: '8×8×1 · conv 3 of 3×3 stride 1 pad 0 relu · pool 2 stride 2',
    });
    expect(saved.meta.sizes).toEqual([27, 2]); // 3×3×3 after conv 6×6 and pool 3×3
    expect(saved.features).toHaveLength(2); // parameters, velocities
    expect(saved.features![0].w[0].some((w) => w !== 0)).toBe(true);
  });

  it('refuses a checkpoint of another conv layer, saying what differs', () => {
    const session = createSession(convConfig(), barsData(), options);
    const other = convConfig({
      layers: [
        { type: 'input', shape: [8, 8, 1] },
        { type: 'conv2d', filters: 3, kernel: 3, padding: 1, activation: 'relu' },
        { type: 'maxpool', size: 2 },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
    });
    expect(() => restoreSession(other, barsData(), session.checkpoint())).toThrow(CheckpointError);
    expect(() => restoreSession(other, barsData(), session.checkpoint())).toThrow(
      /layers 27-2 \(config: 48-2\)/,
    );
  });

  it.each([
    ['another conv activation', { type: 'conv2d', filters: 3, kernel: 3, activation: 'sigmoid' }],
    // the same array lengths and layers[0] = 27: padded, 8 positions, then a pool of 4 by 2 gives 3
    [
      'another padding and pool',
      { type: 'conv2d', filters: 3, kernel: 3, padding: 1, activation: 'relu' },
    ],
  ] as const)(
    'refuses a checkpoint of a conv layout with %s though every array length is the same',
    (_name, conv) => {
      const session = createSession(convConfig(), barsData(), options);
      const pool =
        conv.activation === 'relu'
          ? { type: 'maxpool', size: 4, stride: 2 }
          : { type: 'maxpool', size: 2 };
      const other = convConfig({
        layers: [
          { type: 'input', shape: [8, 8, 1] },
          conv,
          pool,
          { type: 'dense', units: 2, activation: 'softmax' },
        ],
      } as unknown as Partial<TypedRunConfigInput>);
      expect(other.layers).toEqual([27, 2]);
      expect(() => restoreSession(other, barsData(), session.checkpoint())).toThrow(
        /checkpoint does not match the config: it has conv layers .*\(config: .*\)/,
      );
    },
  );

  it('refuses an input image that does not hold the dataset’s values, naming features.input', () => {
    const cfg = convConfig({}, 6);
    expect(() => createSession(cfg, barsData(), options)).toThrow(
      "features.input: the input layer's shape 6×6×1 (height×width×channels) is 36 values, but each example of inline has 64",
    );
  });

  it('refuses a checkpoint whose conv arrays are cut short, or a format 2 one claiming conv layers', () => {
    const bytes = createSession(convConfig(), barsData(), options).checkpoint();
    expect(() => readCheckpoint(bytes.subarray(0, bytes.length - 4))).toThrow(
      /checkpoint has \d+ bytes, expected \d+/,
    );
    const older = bytes.slice();
    new DataView(older.buffer).setUint32(4, 2, true);
    expect(() => readCheckpoint(older)).toThrow('checkpoint format 2 cannot hold conv layers');
  });

  it('keeps checkpoints of networks without conv layers in format 2', () => {
    const plain = testConfig({ layers: [64, 2], activations: 'softmax', cost: 'log-likelihood' });
    const bytes = createSession(plain, barsData(), options).checkpoint();
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(2);
    expect(readCheckpoint(bytes).features).toBeUndefined();
  });
});

/** Finite differences of C through input → conv → pool → dense → softmax for one example. */
function worstNetworkError(activation: (typeof activationNames)[number]): number {
  const rng = new Rng(17);
  const plan = planFeatures({
    input: [6, 6, 2],
    layers: [
      { type: 'conv2d', filters: 2, kernel: 3, stride: 1, padding: 1, activation },
      { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 2, kernel: 2, stride: 1, padding: 0, activation },
    ],
  });
  const stack = new FeatureStack(plan, 'float64');
  const net = new Network([8, 3], ['softmax'], 'float64');
  for (const a of [...stack.params.w, ...stack.params.b, ...net.weights, ...net.biases])
    for (let i = 0; i < a.length; i++) a[i] = 0.6 * rng.normal();
  const row = Array.from({ length: 72 }, () => rng.next());
  const data = inlineData([row], [[0.2, 0.5, 0.3]]);
  const reader = new FeatureReader(data.train, 3, stack);
  const ws = new Workspace(net);
  const y = reader.target(0);
  const cost = () => {
    reader.load(0, ws);
    return exampleCost('log-likelihood', feedforward(net, ws), y, 3);
  };
  cost();
  backprop(net, ws, 'log-likelihood', y, new Gradients(net));
  const g = new Float64Array(8);
  inputGradient(net, ws, g);
  stack.zeroGradients();
  stack.backward(g);
  const h = 1e-6;
  let worst = 0;
  const pairs = [stack.params.w, stack.params.b].flatMap((ps, p) =>
    ps.map((param, k) => [param, (p === 0 ? stack.grads.w : stack.grads.b)[k]] as const),
  );
  for (const [param, grad] of pairs) {
    for (let i = 0; i < param.length; i++) {
      const keep = param[i];
      param[i] = keep + h;
      const up = cost();
      param[i] = keep - h;
      const down = cost();
      param[i] = keep;
      worst = Math.max(worst, Math.abs((up - down) / (2 * h) - grad[i]));
    }
  }
  return worst;
}

describe('backprop through conv → maxpool → conv → softmax agrees with finite differences', () => {
  it.each(activationNames.filter((a) => a !== 'softmax'))(
    '%s conv layers: every conv weight and bias',
    (activation) => {
      expect(worstNetworkError(activation)).toBeLessThan(1e-7);
    },
  );
});
