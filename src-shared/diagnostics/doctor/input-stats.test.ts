import { describe, expect, it } from 'vitest';
import { knownInputStats } from './input-stats';

describe('knownInputStats', () => {
  it("knows MNIST's pixels: non-negative, mostly zero", () => {
    const stats = knownInputStats({ dataset: 'mnist' });
    expect(stats?.nonNegative).toBe(true);
    expect(stats!.nonZeroFraction).toBeGreaterThan(0.1);
    expect(stats!.nonZeroFraction).toBeLessThan(0.3);
  });

  it("does not claim to know a conv net's first dense inputs: they are feature maps", () => {
    const features = {
      input: [28, 28, 1] as [number, number, number],
      layers: [{ type: 'maxpool' as const, size: 2 }],
    };
    expect(knownInputStats({ dataset: 'mnist', features })).toBeNull();
  });
});
