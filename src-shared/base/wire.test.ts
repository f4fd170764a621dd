import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, WireError } from './wire';

describe('the wire encoding', () => {
  it('carries NaN and ±Infinity through JSON', () => {
    const value = { cost: Number.NaN, high: Infinity, low: -Infinity, n: 3, list: [NaN] };
    const text = encodeWire(value);
    expect(text).toBe(
      '{"cost":{"$num":"NaN"},"high":{"$num":"Infinity"},"low":{"$num":"-Infinity"},"n":3,"list":[{"$num":"NaN"}]}',
    );
    expect(decodeWire(text)).toEqual(value);
  });

  it.each(['0x10', '3', '1e3', ' NaN', 'nan', 'Infinity '])(
    'refuses {"$num": %j}, which the encoder never writes',
    (text) => {
      expect(() => decodeWire(`[{"$num": ${JSON.stringify(text)}}]`)).toThrow(WireError);
    },
  );

  it('refuses a $num that is no string or has company', () => {
    expect(() => decodeWire('{"$num": 16}')).toThrow(/is not a wire number/);
    expect(() => decodeWire('{"$num": "NaN", "x": 1}')).toThrow(/is not a wire number/);
  });
});
