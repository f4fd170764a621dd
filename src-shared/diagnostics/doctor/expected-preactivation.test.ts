import { describe, expect, it } from 'vitest';
import type { InitSpec } from '../../experiment/config';
import { MNIST_INPUT_STATS } from './input-stats';
import { expectedPreActivation, initMoments, slopeAt, tailBeyond } from './expected-preactivation';
import { config, foundingConfig, nielsenCh1Config, nielsenCh3Config } from './records.testing';

describe('expectedPreActivation', () => {
  it('puts the founding U[0,1) network at z ≈ 784·0.5·0.131 + 0.5 ≈ 51.9 with spread ≈ 2.7', () => {
    const est = expectedPreActivation(foundingConfig, MNIST_INPUT_STATS);
    expect(est.mean).toBeCloseTo(784 * 0.5 * 0.131 + 0.5, 6);
    // √(784·(1/12)·0.3351² + 1/12) = √(7.336 + 0.083) = 2.724
    expect(est.std).toBeCloseTo(2.724, 2);
    expect(est.nonZeroTerms).toBeCloseTo(150.06, 1);
    expect(est.saturatedFraction).toBeCloseTo(1, 6);
  });

  it('predicts about half of the units saturated for N(0,1) weights (Nielsen ch.1)', () => {
    const est = expectedPreActivation(nielsenCh1Config, MNIST_INPUT_STATS);
    // std = √(784·0.3351² + 1) = 9.436; P(|z| > 5.9865) = 2·(1 − Φ(0.6344)) = 0.5258
    expect(est.std).toBeCloseTo(9.436, 2);
    expect(est.saturatedFraction).toBeCloseTo(0.5258, 2);
  });

  it('predicts almost no saturation for N(0, 1/√n_in) weights (Nielsen ch.3)', () => {
    const est = expectedPreActivation(nielsenCh3Config, MNIST_INPUT_STATS);
    // std = √(0.3351² + 1) = 1.0546
    expect(est.std).toBeCloseTo(1.0546, 3);
    expect(est.saturatedFraction).toBeLessThan(1e-6);
  });

  it('uses the previous layer as input for deeper layers and names a bad layer number', () => {
    const est = expectedPreActivation(nielsenCh1Config, { mean: 0.5, rms: 0.6 }, 2);
    expect(est.fanIn).toBe(30);
    expect(est.std).toBeCloseTo(Math.sqrt(30 * 0.36 + 1), 6);
    expect(() => expectedPreActivation(nielsenCh1Config, MNIST_INPUT_STATS, 3)).toThrow(
      /layer must be between 1 and 2/,
    );
  });

  it('gives no saturation estimate for activations that do not saturate', () => {
    const relu = config({ activations: ['relu', 'sigmoid'] });
    expect(expectedPreActivation(relu, MNIST_INPUT_STATS).saturatedFraction).toBeNull();
  });
});

describe('initMoments', () => {
  it('knows the std of each scaled scheme', () => {
    expect(initMoments({ kind: 'he-normal' }, 50, 10, 1).std).toBeCloseTo(0.2, 9);
    expect(initMoments({ kind: 'xavier-uniform' }, 40, 10, 1).std).toBeCloseTo(0.2, 9);
    expect(initMoments({ kind: 'scaled-normal' }, 25, 10, 1).std).toBeCloseTo(0.2, 9);
    expect(initMoments({ kind: 'uniform', low: -0.5, high: 0.5 }, 1, 1, 1)).toEqual({
      mean: 0,
      std: 1 / Math.sqrt(12),
    });
  });

  it('reads explicit values of the right layer', () => {
    const spec: InitSpec = { kind: 'explicit', values: [[[1, 3]], [[5]]] };
    expect(initMoments(spec, 2, 1, 1)).toEqual({ mean: 2, std: 1 });
    expect(initMoments(spec, 1, 1, 2)).toEqual({ mean: 5, std: 0 });
  });
});

describe('slopes and tails', () => {
  it("computes σ'(52) ≈ e^-52 without rounding to zero", () => {
    expect(slopeAt('sigmoid', 52)).toBeCloseTo(Math.exp(-52), 30);
    expect(slopeAt('sigmoid', 0)).toBe(0.25);
    expect(slopeAt('tanh', 0)).toBe(1);
    expect(slopeAt('relu', 3)).toBeNull();
  });

  it("has σ'(z) at 1% of its peak exactly at the saturation threshold", () => {
    expect(slopeAt('sigmoid', 5.9865)).toBeCloseTo(0.0025, 6);
    expect(slopeAt('tanh', 2.9932)).toBeCloseTo(0.01, 5);
  });

  it('gives the two-sided normal tail', () => {
    expect(tailBeyond(1.959964, 0, 1)).toBeCloseTo(0.05, 5);
    expect(tailBeyond(1, 5, 0)).toBe(1);
    expect(tailBeyond(6, 0, 0)).toBe(0);
  });
});
