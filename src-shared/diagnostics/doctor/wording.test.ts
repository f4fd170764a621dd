import { describe, expect, it } from 'vitest';
import { capitalized, num, percent, plural, signed } from './wording';

describe('wording', () => {
  it('never rounds a small share to 0% or a near-total share to 100%', () => {
    expect(percent(0.523)).toBe('52%');
    expect(percent(0.004)).toBe('under 1%');
    expect(percent(0.996)).toBe('99.6%');
    expect(percent(0.99999)).toBe('99.9%');
    expect(percent(1)).toBe('100%');
    expect(percent(0)).toBe('0%');
  });

  it('keeps two significant digits and switches to scientific notation for tiny or huge numbers', () => {
    expect(num(51.85)).toBe('52');
    expect(num(2.724)).toBe('2.7');
    expect(num(0.131)).toBe('0.13');
    expect(num(2.6e-23)).toBe('2.6e-23');
    expect(num(4.4e21)).toBe('4.4e21');
    expect(num(NaN)).toBe('NaN (not a number)');
    expect(num(-Infinity)).toBe('minus infinite');
    expect(signed(51.85)).toBe('+52');
    expect(signed(-3.14)).toBe('-3.1');
  });

  it('pluralizes', () => {
    expect(plural(1, 'unit')).toBe('1 unit');
    expect(plural(15, 'unit')).toBe('15 units');
  });

  it('capitalizes only the first letter of a name that starts a title', () => {
    expect(capitalized('dense layer 2')).toBe('Dense layer 2');
    expect(capitalized('layer 1')).toBe('Layer 1');
    expect(capitalized('')).toBe('');
  });
});
