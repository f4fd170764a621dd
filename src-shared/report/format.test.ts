import { describe, expect, it } from 'vitest';
import {
  formatConfigValue,
  formatDate,
  formatDuration,
  formatNumber,
  formatPercent,
} from './format';

describe('report number formatting', () => {
  it('writes accuracies as percentages and spells out values that are not finite', () => {
    expect(formatPercent(0.91324)).toBe('91.32%');
    expect(formatPercent(NaN)).toBe('NaN');
    expect(formatPercent(null)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });

  it('keeps four significant digits and switches to a short exponent form when tiny or huge', () => {
    expect(formatNumber(0.0123456)).toBe('0.01235');
    expect(formatNumber(123.456)).toBe('123.5');
    expect(formatNumber(0.00001)).toBe('1e-5');
    expect(formatNumber(6.26e-11)).toBe('6.26e-11');
    expect(formatNumber(2.5e7)).toBe('2.5e+7');
    expect(formatNumber(0)).toBe('0');
  });

  it('shortens long config values and shows missing ones as a dash', () => {
    expect(formatConfigValue([784, 30, 10])).toBe('[784,30,10]');
    expect(formatConfigValue(undefined)).toBe('—');
    expect(formatConfigValue('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('writes times in UTC and durations in readable units', () => {
    expect(formatDate('2025-03-04T12:30:59.000Z')).toBe('2025-03-04 12:30 UTC');
    expect(formatDate(null)).toBe('—');
    expect(formatDuration(12.34)).toBe('12.3 s');
    expect(formatDuration(245)).toBe('4 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });
});
