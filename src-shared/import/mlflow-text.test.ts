import { describe, expect, it } from 'vitest';
import { parseMetaYaml, parseMetricLine } from './mlflow-text';

const parse = (lines: string[]) => Object.fromEntries(parseMetaYaml(lines.join('\n')));

describe('parseMetaYaml', () => {
  it('reads the plain, quoted, null and [] values PyYAML writes', () => {
    expect(
      parse([
        'name: my experiment',
        "experiment_id: '12'",
        "empty: ''",
        'end_time: null',
        'deleted_time:',
        'tags: []',
        `quoted: "tab\\there \\"q\\" \\u00e9"`,
        '',
      ]),
    ).toEqual({
      name: { text: 'my experiment', quoted: false },
      experiment_id: { text: '12', quoted: true },
      empty: { text: '', quoted: true },
      end_time: null,
      deleted_time: null,
      tags: [],
      quoted: { text: 'tab\there "q" é', quoted: true },
    });
  });

  it('joins a long value PyYAML folded onto indented lines', () => {
    expect(
      parse(["name: 'it''s a long name that", "  goes on'", 'run_name: "abc\\', '  def ghi"']),
    ).toEqual({
      name: { text: "it's a long name that goes on", quoted: true },
      run_name: { text: 'abcdef ghi', quoted: true },
    });
  });

  it.each([
    [['name: a', 'name: b'], 2, 'the key "name" appears twice'],
    [['name: a', '- item'], 2, 'expected "key: value" starting at the first column'],
    [['params:', '  lr: 1'], 1, '"params" holds a nested block'],
    [['name: &anchor x'], 1, '"name" starts with "&"'],
    [['name: a: b'], 1, 'holds ": " or " #"'],
    [["name: 'open"], 1, "does not end with '"],
    [['name: "open\\"'], 1, 'does not end with "'],
    [['name: "bad \\q"'], 1, 'an unknown escape \\q'],
    [['  name: x'], 1, 'expected "key: value" starting at the first column'],
  ])('refuses %j at line %i', (lines, line, message) => {
    let caught: unknown;
    try {
      parseMetaYaml(lines.join('\n'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ line });
    expect((caught as Error).message).toContain(message);
  });
});

describe('parseMetricLine', () => {
  it('reads what Python str(float) writes, exactly', () => {
    expect(parseMetricLine('1700000000000 0.1 3')).toEqual({
      timestampMs: 1700000000000,
      value: 0.1,
      step: 3,
    });
    expect(parseMetricLine('1 -1.5e-07 0').value).toBe(-1.5e-7);
    expect(parseMetricLine('1 nan 0').value).toBeNaN();
    expect(parseMetricLine('1 -inf 0').value).toBe(Number.NEGATIVE_INFINITY);
    expect(parseMetricLine('1 Infinity 0').value).toBe(Number.POSITIVE_INFINITY);
    expect(parseMetricLine('1 5 0').value).toBe(5);
  });

  it.each([
    ['1', 'has 1 field'],
    ['1 2 3 4', 'has 4 fields'],
    ['1  2 3', 'has 4 fields'],
    ['1.5 2 3', 'has a timestamp "1.5" that is not an integer'],
    ['1 0x10 3', 'has a value "0x10" that is not a number'],
    ['1 2 99999999999999999999', 'has a step 99999999999999999999 beyond ±2^53'],
  ])('refuses %j', (line, message) => {
    expect(() => parseMetricLine(line)).toThrow(message);
  });
});
