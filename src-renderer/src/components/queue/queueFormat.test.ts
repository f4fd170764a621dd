import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate } from './queueFormat';

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(75)).toBe('1 min 15 s');
    expect(formatDuration(3700)).toBe('1 h 1 min');
  });

  it('is empty when there is no estimate', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(Infinity)).toBe('');
  });
});

describe('formatRate', () => {
  it('abbreviates thousands', () => {
    expect(formatRate(12_345)).toBe('12.3k/s');
    expect(formatRate(250.4)).toBe('250/s');
    expect(formatRate(0)).toBe('');
  });
});
