/**
 * The cases of issue 16 on real XOR runs (reference engine, the XOR preset's 2-3-1 network and
 * seed): a learning rate far too large must be named as the cause, exploding weights must be a
 * finding, and no two findings may move one config field in opposite directions.
 */
import { describe, expect, it } from 'vitest';
import { logicDataset } from '../../datasets/logic';
import type { Finding } from '../../base/findings';
import { diagnose } from './index';
import { presetConfig, trainedRun } from './records.testing';

const xor = (over: Parameters<typeof presetConfig>[1]) =>
  trainedRun(presetConfig('xor', { epochs: 30, ...over }), logicDataset('xor'));

const lowersRate = (f: Finding) =>
  f.changes?.some((c) => c.field === 'learningRate' && c.direction === 'down') === true;
const raisesRate = (f: Finding) =>
  f.changes?.some((c) => c.field === 'learningRate' && c.direction === 'up') === true;

describe('the doctor on XOR with a learning rate far too large (issue 16)', () => {
  it('ReLU, quadratic, η = 1e6: names η as the cause and never also calls it too small', () => {
    const run = xor({ activations: 'relu', cost: 'quadratic', learningRate: 1e6 });
    const findings = diagnose(run);
    expect(findings.map((f) => f.rule)).not.toContain('small-learning-rate');
    expect(findings.some(raisesRate)).toBe(false);
    const cause = findings.find((f) => f.rule === 'large-learning-rate');
    expect(cause).toMatchObject({ severity: 'error', epoch: 1 });
    expect(cause?.title).toMatch(/learning rate .*too large/i);
    expect(cause?.message).toContain('η = 1.0e6');
    expect(cause?.fix?.field).toBe('learningRate');
    expect(cause?.fix?.value as number).toBeLessThan(1e6 / 10 + 1);
    expect(cause && lowersRate(cause)).toBe(true);
  });

  it('ReLU, quadratic, η = 1e4: the output layer’s weights reach −1.5e8 and that is a finding', () => {
    const run = xor({ activations: 'relu', cost: 'quadratic', learningRate: 1e4, batchSize: 1 });
    const last = run.epochs[run.epochs.length - 1];
    expect(last.layers[1].weights.min).toBeLessThan(-1e8);
    const findings = diagnose(run);
    const exploded = findings.find((f) => f.rule === 'exploding-weights');
    expect(exploded).toMatchObject({ severity: 'error', layer: 2, chart: 'weights' });
    expect(exploded?.message).toContain('-1.6e8');
    expect(exploded && lowersRate(exploded)).toBe(true);
  });

  it('leaky ReLU into sigmoid, cross-entropy, η = 30: a cost that rose 460× is not silent', () => {
    const run = xor({
      activations: ['leaky-relu', 'sigmoid'],
      cost: 'cross-entropy',
      learningRate: 30,
      batchSize: 1,
      seed: 2,
    });
    expect(run.epochs[1].trainCost).toBeGreaterThan(100 * run.epochs[0].trainCost);
    const findings = diagnose(run);
    expect(findings.find((f) => f.rule === 'large-learning-rate')?.severity).toBe('error');
    expect(findings.map((f) => f.rule)).toContain('exploding-weights');
  });

  it('the XOR preset as shipped (sigmoid, cross-entropy, η = 2) gets neither new finding', () => {
    const findings = diagnose(trainedRun(presetConfig('xor'), logicDataset('xor')));
    expect(findings.map((f) => f.rule)).not.toContain('large-learning-rate');
    expect(findings.map((f) => f.rule)).not.toContain('exploding-weights');
  });
});
