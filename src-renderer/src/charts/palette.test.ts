import { describe, expect, it } from 'vitest';
import { divergingRgb, seriesColor, sequentialRgb, withAlpha } from './palette';

describe('seriesColor', () => {
  it('gives 20 different colours before repeating', () => {
    const colors = Array.from({ length: 20 }, (_, i) => seriesColor(i));
    expect(new Set(colors).size).toBe(20);
    expect(seriesColor(20)).toBe(seriesColor(0));
  });
});

describe('withAlpha', () => {
  it('turns #rrggbb into rgba with the alpha', () => {
    expect(withAlpha('#ff8000', 0.25)).toBe('rgba(255, 128, 0, 0.25)');
  });
});

describe('divergingRgb', () => {
  it('maps 0 to white and the ends to blue and red', () => {
    expect(divergingRgb(0)).toEqual([255, 255, 255]);
    expect(divergingRgb(-1)).toEqual([33, 102, 172]);
    expect(divergingRgb(1)).toEqual([178, 24, 43]);
  });

  it('clamps values beyond ±1 and shows NaN as grey', () => {
    expect(divergingRgb(5)).toEqual(divergingRgb(1));
    expect(divergingRgb(NaN)).toEqual([128, 128, 128]);
  });

  it('is halfway between white and red at 0.5', () => {
    expect(divergingRgb(0.5)).toEqual([217, 140, 149]);
  });
});

describe('sequentialRgb', () => {
  it('goes from near white at 0 to dark blue at 1', () => {
    expect(sequentialRgb(0)).toEqual([247, 251, 255]);
    expect(sequentialRgb(1)).toEqual([8, 48, 107]);
  });
});
