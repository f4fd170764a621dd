/** The fast path claims only what its kernels train: issue 21's additions go to the reference
 * engine under `auto`, and are refused by name under `fast`. */
import { describe, expect, it } from 'vitest';
import type { RunConfigInput } from './config';
import { testConfig } from './config.testing';
import { fastConfigProblem } from './fast-engine';

const base = { layers: [4, 3, 2], learningRate: 1, batchSize: 1, epochs: 1 };

describe('fastConfigProblem', () => {
  it('takes SGD and momentum SGD, however they were written, and the expanded training set', () => {
    expect(fastConfigProblem(testConfig(base))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...base, expand: { kind: 'shift' } }))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...base, optimizer: { kind: 'momentum' } }))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...base, dropout: [0, 0] }))).toBeNull();
  });

  it.each<[Partial<RunConfigInput>, RegExp]>([
    [{ optimizer: { kind: 'adam' } }, /optimizer adam/],
    [{ optimizer: { kind: 'nesterov' } }, /optimizer nesterov/],
    [{ optimizer: { kind: 'rmsprop' } }, /optimizer rmsprop/],
    [{ dropout: [0, 0.5] }, /dropout/],
  ])('refuses %j', (over, message) => {
    expect(fastConfigProblem(testConfig({ ...base, ...over }))).toMatch(message);
  });
});
