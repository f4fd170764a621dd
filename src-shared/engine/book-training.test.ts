/**
 * Issue 21's training additions end to end on small data: every optimizer and dropout keeps runs
 * deterministic, and a run resumed from a checkpoint equals the uninterrupted one bit for bit.
 */
import { describe, expect, it } from 'vitest';
import type { RunConfig, TypedRunConfigInput } from '../experiment/config';
import { encodeWire } from '../base/wire';
import { blobData, testConfig } from '../experiment/config.testing';
import { readCheckpoint } from './checkpoint';
import { createSession, restoreSession } from './reference-session';
import type { TrainingSession } from './session';
import type { EpochRecord } from '../base/records';

const options = { now: () => 0 };

function runAll(session: TrainingSession): EpochRecord[] {
  const records = [session.measure()];
  while (!session.finished) records.push(session.trainEpoch());
  return records;
}

/** A 5-8-6-3 network; `over` picks the optimizer, dropout or layers. */
function config(over: Partial<TypedRunConfigInput>): RunConfig {
  return testConfig({
    layers: [5, 8, 6, 3],
    activations: ['tanh', 'sigmoid', 'softmax'],
    cost: 'log-likelihood',
    learningRate: 0.05,
    batchSize: 5,
    epochs: 6,
    seed: 7,
    l2: 0.2,
    init: { weights: { kind: 'xavier-normal' }, biases: { kind: 'zeros' } },
    ...over,
  } as Parameters<typeof testConfig>[0]);
}

const cases: [string, RunConfig][] = [
  ['nesterov', config({ optimizer: { kind: 'nesterov' } })],
  ['rmsprop', config({ optimizer: { kind: 'rmsprop' }, learningRate: 0.01 })],
  ['adam', config({ optimizer: { kind: 'adam' }, learningRate: 0.01 })],
  ['dropout', config({ dropout: [0, 0.5, 0.2], momentum: 0.5 })],
  ['adam with dropout', config({ optimizer: { kind: 'adam' }, dropout: [0, 0.3, 0] })],
  ['float64 adam', config({ optimizer: { kind: 'adam' }, precision: 'float64' })],
];

describe.each(cases)('%s', (_name, cfg) => {
  it('learns: the validation cost falls', () => {
    const records = runAll(createSession(cfg, blobData(), options));
    expect(records.at(-1)!.validationCost!).toBeLessThan(records[0].validationCost!);
  });

  it('resumed after 2 of 6 epochs equals the uninterrupted run bit for bit', () => {
    const whole = createSession(cfg, blobData(), options);
    const expected = runAll(whole);
    const first = createSession(cfg, blobData(), options);
    const records = [first.measure(), first.trainEpoch(), first.trainEpoch()];
    const resumed = restoreSession(cfg, blobData(), first.checkpoint(), options);
    while (!resumed.finished) records.push(resumed.trainEpoch());
    expect(encodeWire(records)).toBe(encodeWire(expected));
    expect(resumed.checkpoint()).toEqual(whole.checkpoint());
  });
});

describe('optimizer state in checkpoints', () => {
  it('Adam keeps m, v and its step count; a checkpoint of another optimizer is refused', () => {
    const adam = config({ optimizer: { kind: 'adam' } });
    const session = createSession(adam, blobData(), options);
    session.trainEpoch();
    const saved = readCheckpoint(session.checkpoint());
    expect(saved.meta).toMatchObject({ optimizer: 'adam', moments: 2, steps: Math.ceil(36 / 5) });
    expect(saved.moments?.[1].w[0].some((v) => v > 0)).toBe(true);
    const rms = config({ optimizer: { kind: 'rmsprop' } });
    expect(() => restoreSession(rms, blobData(), session.checkpoint())).toThrow(
      /optimizer adam \(config: rmsprop\)/,
    );
  });
});

describe('dropout', () => {
  it('changes training but not a run without it, and differs by seed', () => {
    const plain = createSession(config({}), blobData(), options);
    const dropped = createSession(config({ dropout: [0, 0.5, 0] }), blobData(), options);
    const again = createSession(config({ dropout: [0, 0.5, 0], seed: 8 }), blobData(), options);
    [plain, dropped, again].forEach((s) => s.trainEpoch());
    expect(encodeWire(dropped.weights())).not.toBe(encodeWire(plain.weights()));
    expect(encodeWire(again.weights())).not.toBe(encodeWire(dropped.weights()));
  });

  it('a rate of 0 everywhere trains exactly as no dropout', () => {
    const plain = createSession(config({}), blobData(), options);
    const zero = createSession(config({ dropout: [0, 0, 0] }), blobData(), options);
    expect(encodeWire(runAll(zero))).toBe(encodeWire(runAll(plain)));
  });
});
