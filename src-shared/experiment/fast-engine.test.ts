/** The fast path claims only what its kernels train: every optimizer, dropout and the expanded
 * set of issue 21, within its memory limit. */
import { describe, expect, it } from 'vitest';
import { testConfig } from './config.testing';
import { fastConfigProblem } from './fast-engine';

const base = { layers: [4, 3, 2], learningRate: 1, batchSize: 1, epochs: 1 };

describe('fastConfigProblem', () => {
  it('takes every optimizer, however SGD and momentum were written, dropout and the expanded training set', () => {
    for (const kind of ['nesterov', 'rmsprop', 'adam'] as const)
      expect(fastConfigProblem(testConfig({ ...base, optimizer: { kind } }))).toBeNull();
    expect(fastConfigProblem(testConfig(base))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...base, expand: { kind: 'shift' } }))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...base, optimizer: { kind: 'momentum' } }))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...base, dropout: [0, 0] }))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...base, dropout: [0, 0.5] }))).toBeNull();
  });

  it("counts Adam's first moments in the memory limit (4 arrays of the parameters' size)", () => {
    // 144 million weights: 3 arrays of them fit in 2 GiB, 4 do not.
    const big = { ...base, layers: [12_000, 12_000] };
    expect(fastConfigProblem(testConfig({ ...big, optimizer: { kind: 'rmsprop' } }))).toBeNull();
    expect(fastConfigProblem(testConfig({ ...big, optimizer: { kind: 'adam' } }))).toMatch(
      /too many weights/,
    );
  });
});
