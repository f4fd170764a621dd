import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('CSV datasets (label, then inputs)', () => {
  it('keeps pixel values 0–255 as bytes and finds a header by its first field', () => {
    const { all, classes } = parseCsv('label,p0,p1\n3,0,255\n1,128,7\n', 'digits.csv');
    expect(all.count).toBe(2);
    expect(all.inputSize).toBe(2);
    expect(all.inputs).toBeInstanceOf(Uint8Array);
    expect(Array.from(all.inputs)).toEqual([0, 255, 128, 7]);
    expect(Array.from(all.labels)).toEqual([3, 1]);
    expect(classes).toBe(4);
  });

  it('keeps fractional or 0/1 inputs as floats, unscaled', () => {
    expect(Array.from(parseCsv('0,0.5,1\n1,0.25,0', 'f.csv').all.inputs)).toEqual([
      0.5, 1, 0.25, 0,
    ]);
    const binary = parseCsv('0,1,0\r\n1,0,1\r\n', 'b.csv', { header: false }).all.inputs;
    expect(binary).toBeInstanceOf(Float64Array);
    expect(Array.from(binary)).toEqual([1, 0, 0, 1]);
  });

  it('honours header: true and the configured class count', () => {
    const { all, classes } = parseCsv('5,1,2\n0,3,4\n', 'h.csv', { header: true, classes: 10 });
    expect(all.count).toBe(1);
    expect(classes).toBe(10);
  });

  it('names the file, line and column of a value that is not a number', () => {
    expect(() => parseCsv('a,b\n1,2\n0,x\n', 'bad.csv')).toThrow(
      'bad.csv: line 3, column 2: "x" is not a finite number',
    );
  });

  it('rejects rows of another width and labels out of range', () => {
    expect(() => parseCsv('1,2,3\n0,1\n', 'w.csv')).toThrow(
      'w.csv: line 2 has 2 fields, expected 3',
    );
    expect(() => parseCsv('1,2\n2.5,1\n', 'l.csv')).toThrow(
      'l.csv: line 2: label 2.5 is out of range',
    );
    expect(() => parseCsv('1,2\n7,1\n', 'l.csv', { classes: 5 })).toThrow(
      'expected a whole number from 0 below 5',
    );
    expect(() => parseCsv('', 'empty.csv')).toThrow('empty.csv: is empty');
  });
});
