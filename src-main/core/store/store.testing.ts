/** Records, configs and temp folders for the store's tests and its benchmark. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochRecord, LayerStats } from '../../../src-shared/base/records';
import {
  runConfigSchema,
  type RunConfig,
  type RunConfigInput,
} from '../../../src-shared/experiment/config';

/** A fresh temp folder and a function that removes it. */
export function tempDir(prefix = 'backprop-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** XOR on a 2-3-1 sigmoid network, weights and biases from U[-1, 1). */
export function xorInput(overrides: Partial<RunConfigInput> = {}): RunConfigInput {
  return {
    name: 'xor',
    dataset: 'xor',
    layers: [2, 3, 1],
    learningRate: 2,
    batchSize: 4,
    epochs: 30,
    init: {
      weights: { kind: 'uniform', low: -1, high: 1 },
      biases: { kind: 'uniform', low: -1, high: 1 },
    },
    ...overrides,
  };
}

export function xorConfig(overrides: Partial<RunConfigInput> = {}): RunConfig {
  return runConfigSchema.parse(xorInput({ epochs: 5, ...overrides }));
}

/** MNIST cut to a few thousand examples, batch 1: an epoch is long enough to show batch
 * progress (and to be interrupted in the middle), short enough for a test. One thread: with two,
 * the fast path trains each next epoch while the last is scored, and such an epoch reports its
 * progress only when done (TrainAhead.wanted (fast/train-ahead.ts)). */
export function smallMnistInput(overrides: Partial<RunConfigInput> = {}): RunConfigInput {
  return {
    name: 'small mnist',
    dataset: 'mnist',
    trainSize: 3000,
    validationSize: 300,
    testSize: 300,
    probeSize: 100,
    layers: [784, 20, 10],
    learningRate: 0.5,
    batchSize: 1,
    epochs: 4,
    threads: 1,
    init: {
      weights: { kind: 'uniform', low: -0.5, high: 0.5 },
      biases: { kind: 'uniform', low: -0.5, high: 0.5 },
    },
    ...overrides,
  };
}

function layer(l: number, value: number): LayerStats {
  const ms = { mean: value, std: value / 2 };
  return {
    layer: l,
    preActivation: ms,
    activation: ms,
    saturatedFraction: 0.25,
    constantFraction: 0,
    deadFraction: 0,
    weights: {
      ...ms,
      min: -value,
      max: value,
      histogram: { min: -value, max: value, counts: [1, 2, 3] },
    },
    biases: ms,
    gradientNorm: value * 3,
    biasGradientNorm: value * 4,
    updateRatio: 0.01,
  };
}

/** A plausible record whose numbers depend on the epoch, so mix-ups show. */
export function epochRecord(epoch: number, overrides: Partial<EpochRecord> = {}): EpochRecord {
  return {
    epoch,
    trainCost: 0.5 / (epoch + 1),
    trainAccuracy: null,
    validationCost: 0.6 / (epoch + 1),
    validationAccuracy: 0.5 + epoch / 100,
    testCost: 0.7 / (epoch + 1),
    testAccuracy: 0.4 + epoch / 100,
    learningRate: 0.5,
    seconds: epoch === 0 ? 0 : 1.25,
    layers: [layer(1, 0.1 * (epoch + 1)), layer(2, 0.2 * (epoch + 1))],
    meanOutput: [0.1, 0.9],
    predictedClassFraction: [0.5, 0.5],
    ...overrides,
  };
}
