import { describe, expect, it } from 'vitest';
import { editDistance, nearestName, unknownFieldMessage } from './suggest';

const configFields = ['learningRate', 'momentum', 'l2', 'l1', 'batchSize', 'epochs', 'seed'];

describe('the edit distance', () => {
  it('counts insertions, deletions and substitutions as one edit each', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('counts a swap of two neighbouring letters as one edit', () => {
    expect(editDistance('momemtum', 'momentum')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('the suggested field', () => {
  it('is the known field one typo away', () => {
    expect(nearestName('momemtum', configFields)).toBe('momentum');
    expect(nearestName('epohcs', configFields)).toBe('epochs');
  });

  it('ignores case', () => {
    expect(nearestName('learningrate', configFields)).toBe('learningRate');
  });

  it('recognises a known name with a suffix from another tool', () => {
    expect(nearestName('l2_lambda', configFields)).toBe('l2');
  });

  it('is nothing when no known field is close', () => {
    expect(nearestName('dropout', configFields)).toBeUndefined();
    expect(nearestName('x', configFields)).toBeUndefined();
  });
});

describe('the unknown-field message', () => {
  it('names the field, where it is and the suggestion', () => {
    expect(unknownFieldMessage('lowe', ['kind', 'low', 'high'], 'init.weights')).toBe(
      'Unknown field "lowe" in init.weights (did you mean "low"?)',
    );
  });

  it('lists the known fields when none is near', () => {
    expect(unknownFieldMessage('drop', ['status', 'limit'])).toBe(
      'Unknown field "drop"; known fields: "status", "limit"',
    );
  });
});
