import { describe, expect, it } from 'vitest';
import { linearTick, logTick, percentTick } from './ticks';

const ticks = (...values: number[]) => values.map((value) => ({ value }));

describe('percentTick', () => {
  it('uses whole percents for a wide range and decimals for a narrow one', () => {
    expect(percentTick(0.5, ticks(0.4, 0.5, 0.6))).toBe('50%');
    expect(percentTick(0.075, ticks(0.07, 0.075, 0.08))).toBe('7.5%');
  });
});

describe('logTick', () => {
  it('labels only powers of ten when the axis spans one', () => {
    const axis = ticks(0.2, 0.5, 1, 2);
    expect(logTick(1, axis)).toBe('1');
    expect(logTick(0.2, axis)).toBe('');
    expect(logTick(1e-7, ticks(1e-7, 1e-6))).toBe('1e-7');
  });

  it('labels every tick when the axis lies within one decade', () => {
    expect(logTick(0.26, ticks(0.22, 0.26, 0.3))).toBe('0.26');
  });
});

describe('linearTick', () => {
  it('drops binary rounding noise but keeps real digits', () => {
    expect(linearTick(1.1 - 0.25)).toBe('0.85');
    expect(linearTick(0.1 + 0.2)).toBe('0.3');
    expect(linearTick(0.123456)).toBe('0.123456');
    expect(linearTick(-2500)).toBe('-2500');
  });
});
