/**
 * The doctor's probe measured in the kernel against the reference's probeStats in JavaScript on
 * the same float32 weights.
 *
 * Exactly equal: everything computed from the weights alone (their mean, spread, range and
 * histogram, the biases, the update ratio), since both take it from the same network with the same
 * code. Within a tolerance: what depends on the forward and backward passes. The kernel sums each
 * unit's weighted input in float32 lanes, the reference in float64 rounded once, so z and a differ
 * in the last bits (about 1e-7 relative) and δ with them. The sums over the probe are then taken
 * in the same order with the same float64 (gradients: float32) arithmetic, so moments and the
 * mean output agree to 1e-5 relative, gradient norms to 1e-4; a count (saturated pairs, dead or
 * constant units, predicted classes) moves only when a value sits on its threshold, so it may
 * differ by at most one pair, unit or example.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { EpochRecord, LayerStats, MeanStd } from '../../../src-shared/base/records';
import { ExampleReader } from '../../../src-shared/engine/examples';
import { probeStats, type ProbeStats } from '../../../src-shared/engine/layer-stats';
import { restoredStart } from '../../../src-shared/engine/start-state';
import type { RunConfig, RunConfigInput } from '../../../src-shared/experiment/config';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import { fastSessionFactory } from './factory';
import { sparseData } from './fast.testing';
import { kernelAvailable } from './kernel-module';

const built = kernelAvailable();
if (!built) console.warn('probe.test: skipped, out/kernels/fast.wasm is not built');

const data = sparseData(240, 12, 3, 7, 0.5, { validationSize: 80, testSize: 16 });

/** The reference's statistics of the network a checkpoint holds. */
function referenceStats(
  config: RunConfig,
  d: LoadedDataset,
  checkpoint: Uint8Array,
  before: Uint8Array | null,
): ProbeStats {
  const net = restoredStart(config, d, checkpoint).net;
  const epochStart = before ? restoredStart(config, d, before).net.weights : null;
  const split = d.validation.count > 0 ? d.validation : d.train;
  const reader = new ExampleReader(split, d.outputSize, 'float32');
  const count = Math.min(config.probeSize, split.count);
  return probeStats(net, reader, count, config.cost, epochStart);
}

function closeTo(a: number, b: number, relative: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(relative * Math.max(1e-3, Math.abs(b)));
}

const closeMoments = (a: MeanStd, b: MeanStd) => {
  closeTo(a.mean, b.mean, 1e-5);
  closeTo(a.std, b.std, 1e-5);
};

function sameLayer(fast: LayerStats, ref: LayerStats, units: number, count: number): void {
  // From the weights alone: equal.
  expect(fast.weights).toEqual(ref.weights);
  expect(fast.biases).toEqual(ref.biases);
  expect(fast.updateRatio).toBe(ref.updateRatio);
  // From the passes over the probe: close.
  closeMoments(fast.preActivation, ref.preActivation);
  closeMoments(fast.activation, ref.activation);
  closeTo(fast.gradientNorm, ref.gradientNorm, 1e-4);
  closeTo(fast.biasGradientNorm, ref.biasGradientNorm, 1e-4);
  const onePair = 1 / (units * count) + 1e-12;
  expect(Math.abs(fast.saturatedFraction - ref.saturatedFraction)).toBeLessThanOrEqual(onePair);
  expect(Math.abs(fast.deadFraction - ref.deadFraction)).toBeLessThanOrEqual(1 / units + 1e-12);
  expect(Math.abs(fast.constantFraction - ref.constantFraction)).toBeLessThanOrEqual(
    1 / units + 1e-12,
  );
}

function sameStats(fast: EpochRecord, ref: ProbeStats, config: RunConfig, count: number): void {
  expect(fast.layers).toHaveLength(ref.layers.length);
  fast.layers.forEach((layer, l) => sameLayer(layer, ref.layers[l], config.layers[l + 1], count));
  fast.meanOutput.forEach((v, j) => closeTo(v, ref.meanOutput[j], 1e-5));
  fast.predictedClassFraction.forEach((v, j) =>
    expect(Math.abs(v - ref.predictedClassFraction[j])).toBeLessThanOrEqual(1 / count + 1e-12),
  );
}

/** Epoch 0 and `epochs` trained epochs of a fast session, each record against the reference's
 * statistics of the weights it was made from. Returns the records. */
function compare(
  input: Partial<RunConfigInput>,
  d: LoadedDataset = data,
  options: { threads?: number; trainThreads?: number } = {},
  epochs = 2,
): { records: EpochRecord[]; trainedAhead: number } {
  const config = testConfig({ epochs, batchSize: 8, learningRate: 0.5, ...input });
  const fast = fastSessionFactory(options).create(config, d);
  const count = Math.min(config.probeSize, (d.validation.count > 0 ? d.validation : d.train).count);
  const records = [fast.measure()];
  let checkpoints = [fast.checkpoint()];
  sameStats(records[0], referenceStats(config, d, checkpoints[0], null), config, count);
  for (let e = 0; e < epochs; e++) {
    records.push(fast.trainEpoch());
    checkpoints = [checkpoints.at(-1)!, fast.checkpoint()];
    const ref = referenceStats(config, d, checkpoints[1], checkpoints[0]);
    sameStats(records.at(-1)!, ref, config, count);
  }
  fast.close();
  return { records, trainedAhead: fast.epochsTrainedAhead };
}

const layers = [12, 9, 6, 3];

describe.skipIf(!built)('the kernel’s probe equals the reference’s probeStats', () => {
  it('with sigmoid layers and the quadratic cost', () => {
    const { records } = compare({ layers, activations: 'sigmoid', cost: 'quadratic' });
    // Not vacuous: the sums are there, and training moved the weights.
    expect(records[2].layers[0].gradientNorm).toBeGreaterThan(0);
    expect(records[2].layers[0].updateRatio).toBeGreaterThan(0);
    expect(records[0].layers[0].activation.std).toBeGreaterThan(0);
  });

  it('with tanh hidden layers and a softmax output with log-likelihood', () => {
    compare({
      layers,
      activations: ['tanh', 'tanh', 'softmax'],
      cost: 'log-likelihood',
      learningRate: 0.1,
    });
  });

  it('with ReLU hidden layers (dead units counted) and a softmax output', () => {
    const { records } = compare({
      layers: [12, 16, 3],
      activations: ['relu', 'softmax'],
      cost: 'log-likelihood',
      learningRate: 0.05,
      init: {
        weights: { kind: 'normal', mean: -0.5, std: 0.3 },
        biases: { kind: 'constant', value: 0 },
      },
    });
    expect(records[0].layers[0].deadFraction).toBeGreaterThan(0);
  });

  it('on the training split when there is no validation split, with a smaller probe', () => {
    const noValidation = sparseData(120, 12, 3, 9, 0.5, { testSize: 20 });
    compare({ layers, activations: 'sigmoid', probeSize: 50 }, noValidation);
  });

  it('the same bits when thread 1 measures it while the next epoch trains', () => {
    const input = { layers, activations: 'sigmoid' as const, epochs: 4 };
    const ahead = compare(input, data, { threads: 2, trainThreads: 1 }, 4);
    const alone = compare(input, data, { threads: 1 }, 4);
    expect(ahead.trainedAhead).toBeGreaterThan(0);
    const withoutTime = (r: EpochRecord) => ({ ...r, seconds: 0 });
    expect(ahead.records.map(withoutTime)).toEqual(alone.records.map(withoutTime));
  });
});
