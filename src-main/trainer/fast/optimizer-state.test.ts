/**
 * Optimizer state that decays while its weight gets no gradient (a dead ReLU unit, an input that is
 * 0 in every example of the batch) heads for 0 geometrically and, once subnormal, never gets there:
 * 0.9 · 2⁻¹⁴⁹ rounds back to 2⁻¹⁴⁹. The reference keeps such values; the kernel stores them as 0,
 * or every later batch would multiply them at x86's subnormal rate (_vmath.ts flushSubnormal).
 * The runs must still agree with the reference.
 */
import { describe, expect, it } from 'vitest';
import { readCheckpoint, type Checkpoint } from '../../../src-shared/engine/checkpoint';
import { createSession } from '../../../src-shared/engine/reference-session';
import type { TrainingSession } from '../../../src-shared/engine/session';
import { testConfig } from '../../../src-shared/experiment/config.testing';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { parameterDifference, sessionParameters } from './agreement';
import { convSessionFactory, fastSessionFactory } from './factory';
import {
  barsData,
  convConfig,
  options,
  parameters,
  relativeDifference,
  TOLERANCE,
} from './conv.testing';
import { sparseData } from './fast.testing';
import { kernelAvailable } from './kernel-module';

const built = kernelAvailable();
if (!built) console.warn('optimizer-state.test: skipped, out/kernels/fast.wasm is not built');

const data = sparseData(400, 12, 3, 7, 0.5, { validationSize: 16, testSize: 16 });

/** Subnormal values in the checkpoint's velocities and moments (a conv net's too: its conv
 * layers' sets after their parameters). */
function subnormalState(session: TrainingSession): number {
  const saved: Checkpoint = readCheckpoint(session.checkpoint());
  const sets = [
    ...(saved.velocities ? [saved.velocities] : []),
    ...(saved.moments ?? []),
    ...(saved.features?.slice(1) ?? []),
  ];
  let count = 0;
  for (const set of sets)
    for (const array of [...set.w, ...set.b])
      for (const v of array) if (v !== 0 && Math.abs(v) < 2 ** -126) count++;
  return count;
}

function trainAll(session: TrainingSession): void {
  while (!session.finished) session.trainEpoch();
}

/** A ReLU net with many dead units (negative initial weights), trained 30 epochs of 100 batches. */
function config(optimizer: Partial<RunConfigInput>, learningRate: number) {
  return testConfig({
    layers: [12, 16, 3],
    activations: ['relu', 'softmax'],
    cost: 'log-likelihood',
    init: {
      weights: { kind: 'normal', mean: -0.3, std: 0.3 },
      biases: { kind: 'constant', value: 0 },
    },
    epochs: 30,
    batchSize: 4,
    learningRate,
    ...optimizer,
  });
}

describe.skipIf(!built)('optimizer state never stays subnormal in the kernel', () => {
  const cases: [string, Partial<RunConfigInput>, number][] = [
    ['momentum', { momentum: 0.9 }, 0.05],
    ['Nesterov', { optimizer: { kind: 'nesterov', momentum: 0.9 } }, 0.05],
    ['RMSProp', { optimizer: { kind: 'rmsprop', rho: 0.9, epsilon: 1e-8 } }, 0.005],
    ['Adam', { optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } }, 0.005],
  ];
  for (const [name, optimizer, eta] of cases) {
    it(`${name}: stored as 0 where the reference keeps subnormals, same run otherwise`, () => {
      const c = config(optimizer, eta);
      const ref = createSession(c, data);
      trainAll(ref);
      // Not vacuous: in exact float32 arithmetic this run leaves state stuck below 2^-126.
      expect(subnormalState(ref)).toBeGreaterThan(0);
      const fast = fastSessionFactory().create(c, data);
      trainAll(fast);
      expect(subnormalState(fast)).toBe(0);
      const diff = parameterDifference(sessionParameters(fast), sessionParameters(ref));
      expect(diff).toBeLessThanOrEqual(1e-5);
      fast.close();
    });
  }

  it('keeps a subnormal second moment when ε is so small that it would change the step', () => {
    // ε = 1e-30: √r of a subnormal r (up to 2^-63) is far above ε, so r is kept as it is.
    const c = config({ optimizer: { kind: 'rmsprop', rho: 0.9, epsilon: 1e-30 } }, 0.005);
    const ref = createSession(c, data);
    const fast = fastSessionFactory().create(c, data);
    trainAll(ref);
    trainAll(fast);
    const saved = readCheckpoint(fast.checkpoint());
    const r = saved.moments![0];
    const tiny = [...r.w, ...r.b]
      .flatMap((a) => Array.from(a))
      .filter((v) => v > 0 && v < 2 ** -126);
    expect(tiny.length).toBeGreaterThan(0);
    expect(
      parameterDifference(sessionParameters(fast), sessionParameters(ref)),
    ).toBeLessThanOrEqual(1e-5);
    fast.close();
  });

  it('momentum on a conv net (its own step in the conv kernel): stored as 0, same run otherwise', () => {
    // η 1 kills ReLU filters early (dying ReLU): no gradient reaches them or the conv layer
    // below any more, so their velocities decay by 0.9 a batch into the subnormals.
    const layers = [
      { type: 'input', shape: [12, 12, 1] },
      { type: 'conv2d', filters: 4, kernel: 3, padding: 1, activation: 'sigmoid' },
      { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 3, kernel: 3, activation: 'relu' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ];
    const c = convConfig(
      {
        momentum: 0.9,
        l2: 0,
        batchSize: 1,
        epochs: 40,
        learningRate: 1,
      },
      layers,
    );
    const images = barsData(48, 12, 1);
    const ref = createSession(c, images);
    trainAll(ref);
    expect(subnormalState(ref)).toBeGreaterThan(0);
    const fast = convSessionFactory(options).create(c, images);
    trainAll(fast);
    expect(subnormalState(fast)).toBe(0);
    expect(relativeDifference(parameters(fast), parameters(ref))).toBeLessThanOrEqual(TOLERANCE);
    fast.close();
  });
});
