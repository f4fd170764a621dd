import { describe, expect, it } from 'vitest';
import { jsonDepth, tooDeepMessage } from './json-depth';

describe('JSON nesting depth', () => {
  it('counts arrays and objects', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('[1, {"a": [2]}]')).toBe(3);
    expect(jsonDepth('[[], [[]], []]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth('["[[[[", "\\"[[[", {"k}": "{{"}]')).toBe(2);
  });

  it('names the text and both depths when the limit is passed', () => {
    const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
    expect(tooDeepMessage(deep, 'The config file a.json')).toBe(
      'The config file a.json nests 2000 levels deep; at most 100 levels are allowed',
    );
    expect(tooDeepMessage('[[1]]', 'x', 2)).toBeNull();
    expect(tooDeepMessage('[[[1]]]', 'x', 2)).toMatch(/nests 3 levels deep/);
  });
});
