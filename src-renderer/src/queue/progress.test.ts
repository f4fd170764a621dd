import { describe, expect, it } from 'vitest';
import { progressFraction } from './progress';

const p = (epoch: number, epochs: number, batch: number, batches: number) => ({
  epoch,
  epochs,
  batch,
  batches,
  cost: 0,
  examplesPerSecond: 0,
  etaSeconds: null,
});

describe('progressFraction', () => {
  it('counts finished epochs and the share of the current one', () => {
    // second of four epochs, half its batches done: (1 + 0.5) / 4
    expect(progressFraction(p(2, 4, 50, 100))).toBe(0.375);
  });

  it('stays within 0 and 1', () => {
    expect(progressFraction(p(0, 3, 0, 0))).toBe(0);
    expect(progressFraction(p(5, 3, 10, 10))).toBe(1);
  });
});
