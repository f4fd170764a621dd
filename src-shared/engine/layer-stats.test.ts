import { describe, expect, it } from 'vitest';
import type { ActivationName } from './options';
import { ExampleReader } from './examples';
import { Network } from './network';
import { inlineData } from '../experiment/config.testing';
import { HISTOGRAM_BINS, histogram, probeStats } from './layer-stats';

/** Four probe inputs of 3 values in [0, 1], 2 classes. */
const data = inlineData(
  [
    [0.1, 0.9, 0.3],
    [0.8, 0.2, 0.5],
    [0.4, 0.4, 0.9],
    [1.0, 0.0, 0.2],
  ],
  [
    [1, 0],
    [0, 1],
    [1, 0],
    [0, 1],
  ],
);

/** A 3-4-2 network with every weight `w` and every bias `b`. */
function net(
  hidden: ActivationName,
  w: number,
  b: number,
  output: ActivationName = 'sigmoid',
): Network {
  const n = new Network([3, 4, 2], [hidden, output], 'float64');
  n.weights.forEach((a) => a.fill(w));
  n.biases.forEach((a) => a.fill(b));
  return n;
}

function stats(n: Network, epochStart: Network['weights'] | null = null) {
  return probeStats(n, new ExampleReader(data.train, 2, 'float64'), 4, 'quadratic', epochStart);
}

describe('layer statistics on the probe sample', () => {
  it('counts every sigmoid unit with large positive z as saturated', () => {
    const [hidden] = stats(net('sigmoid', 5, 5)).layers;
    expect(hidden.saturatedFraction).toBe(1);
    expect(hidden.preActivation.mean).toBeGreaterThan(5);
  });

  it('finds no saturation and constant units when every z is 0', () => {
    const [hidden] = stats(net('sigmoid', 0, 0)).layers;
    expect(hidden.saturatedFraction).toBe(0);
    expect(hidden.constantFraction).toBe(1);
    expect(hidden.activation).toEqual({ mean: 0.5, std: 0 });
  });

  it('never calls ReLU or linear units saturated, and finds dead ReLUs', () => {
    const relu = stats(net('relu', -1, -1)).layers[0];
    expect(relu.saturatedFraction).toBe(0);
    expect(relu.deadFraction).toBe(1);
    expect(stats(net('relu', 1, 1)).layers[0].deadFraction).toBe(0);
    expect(stats(net('leaky-relu', -1, -1)).layers[0].deadFraction).toBe(1);
    const linear = stats(net('linear', 50, 50)).layers[0];
    expect(linear.saturatedFraction).toBe(0);
    expect(linear.deadFraction).toBe(0);
  });

  it('reports a zero gradient for layer 1 when layer 2 has zero weights (BP2)', () => {
    const n = net('sigmoid', 0.5, 0.1);
    n.weights[1].fill(0);
    const [first, second] = stats(n).layers;
    expect(first.gradientNorm).toBe(0);
    expect(second.gradientNorm).toBeGreaterThan(0);
    expect(second.biasGradientNorm).toBeGreaterThan(0);
  });

  it('measures the update ratio ‖w − w_start‖ / ‖w‖ per layer', () => {
    const n = net('sigmoid', 0, 0);
    n.weights[0].fill(0);
    n.weights[0][0] = 3;
    n.weights[0][1] = 4;
    const start = n.weights.map((w) => w.slice());
    start[0][0] = 0;
    const [first, second] = stats(n, start).layers;
    expect(first.updateRatio).toBeCloseTo(3 / 5, 12);
    expect(second.updateRatio).toBe(0);
    expect(stats(n).layers[0].updateRatio).toBe(0);
  });

  it('gives mean outputs and predicted-class fractions that sum to 1', () => {
    const s = stats(net('sigmoid', 0.2, 0, 'softmax'));
    expect(s.meanOutput.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(s.predictedClassFraction.reduce((a, b) => a + b)).toBe(1);
  });
});

describe('weight histogram', () => {
  it('puts every finite value into one of the bins over [min, max]', () => {
    const h = histogram(Float64Array.from([-1, 0, 0.5, 1, Number.NaN]));
    expect(h.counts).toHaveLength(HISTOGRAM_BINS);
    expect([h.min, h.max]).toEqual([-1, 1]);
    expect(h.counts.reduce((a, b) => a + b)).toBe(4);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[HISTOGRAM_BINS - 1]).toBe(1);
  });

  it('puts equal values into the first bin', () => {
    expect(histogram(Float64Array.from([2, 2, 2])).counts[0]).toBe(3);
  });
});
