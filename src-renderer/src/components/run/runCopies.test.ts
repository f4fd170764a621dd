import { describe, expect, it } from 'vitest';
import { cloneName, configCopy, NAME_LIMIT, renameProblem, rerunName } from './runCopies';
import type { RunConfig } from '../../../../src-shared/experiment/config';

describe('names of runs made from another run', () => {
  it('suffix the name, or "Run N" when the run has none', () => {
    expect(cloneName({ id: 12, name: 'Sigmoid baseline' })).toBe('Sigmoid baseline (copy)');
    expect(rerunName({ id: 12, name: 'Sigmoid baseline' })).toBe(
      'Sigmoid baseline (re-run of #12)',
    );
    expect(rerunName({ id: 3, name: '  ' })).toBe('Run 3 (re-run of #3)');
  });

  it('shorten a long base name so the whole name fits and the suffix stays readable', () => {
    const long = 'x'.repeat(NAME_LIMIT);
    const name = rerunName({ id: 4321, name: long });
    expect(name).toHaveLength(NAME_LIMIT);
    expect(name.endsWith('… (re-run of #4321)')).toBe(true);
  });
});

describe('renameProblem', () => {
  it('refuses an empty or blank name and one over the limit in the API’s words, and accepts the rest', () => {
    expect(renameProblem('')).toBe('Name must not be empty or only spaces');
    expect(renameProblem(' \t ')).toBe('Name must not be empty or only spaces');
    expect(renameProblem('y'.repeat(NAME_LIMIT + 1))).toBe('Name must be at most 200 characters');
    expect(renameProblem('y'.repeat(NAME_LIMIT))).toBeNull();
  });
});

describe('configCopy', () => {
  it('is a deep copy with the new name: editing it leaves the run’s config alone', () => {
    const config = { name: 'a', layers: [2, 3, 1], init: { weights: { kind: 'uniform' } } };
    const copy = configCopy(config as unknown as RunConfig, 'b');
    copy.layers.push(9);
    expect(copy.name).toBe('b');
    expect(config.layers).toEqual([2, 3, 1]);
    expect(config.name).toBe('a');
  });
});
