import { describe, expect, it } from 'vitest';
import type { InitSpec } from './options';
import { initialize } from './init';
import { Network } from './network';
import { Rng } from './rng';

const sizes = [400, 100, 10];

function init(weights: InitSpec, biases: InitSpec = { kind: 'zeros' }, seed = 1): Network {
  const net = new Network(sizes, ['sigmoid', 'sigmoid'], 'float64');
  initialize(net, { weights, biases }, new Rng(seed));
  return net;
}

function moments(values: Float64Array | Float32Array) {
  const a = Array.from(values);
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
  return { mean, std, min: Math.min(...a), max: Math.max(...a) };
}

describe('initialization', () => {
  it('draws uniform [low, high) values with the mean of the interval', () => {
    const m = moments(init({ kind: 'uniform', low: 0, high: 1 }).weights[0]);
    expect(m.min).toBeGreaterThanOrEqual(0);
    expect(m.max).toBeLessThan(1);
    expect(m.mean).toBeCloseTo(0.5, 1);
    expect(m.std).toBeCloseTo(1 / Math.sqrt(12), 2);
  });

  it('draws N(mean, std) and scales N(0, 1/√n_in) by the fan-in', () => {
    const normal = moments(init({ kind: 'normal', mean: 2, std: 3 }).weights[0]);
    expect(normal.mean).toBeCloseTo(2, 1);
    expect(normal.std).toBeCloseTo(3, 1);
    const scaled = init({ kind: 'scaled-normal' });
    expect(moments(scaled.weights[0]).std).toBeCloseTo(1 / Math.sqrt(400), 2);
    expect(moments(scaled.weights[1]).std).toBeCloseTo(1 / Math.sqrt(100), 2);
  });

  it('bounds Xavier and He uniform draws and scales their normals', () => {
    const xavier = moments(init({ kind: 'xavier-uniform' }).weights[0]);
    expect(Math.max(-xavier.min, xavier.max)).toBeLessThanOrEqual(Math.sqrt(6 / 500));
    expect(Math.max(-xavier.min, xavier.max)).toBeGreaterThan(0.95 * Math.sqrt(6 / 500));
    const he = moments(init({ kind: 'he-uniform' }).weights[0]);
    expect(he.max).toBeLessThanOrEqual(Math.sqrt(6 / 400));
    expect(moments(init({ kind: 'xavier-normal' }).weights[0]).std).toBeCloseTo(
      Math.sqrt(2 / 500),
      2,
    );
    expect(moments(init({ kind: 'he-normal' }).weights[0]).std).toBeCloseTo(Math.sqrt(2 / 400), 2);
  });

  it('fills constants and zeros, and biases by their own spec', () => {
    const net = init({ kind: 'constant', value: 0.25 }, { kind: 'constant', value: -1 });
    expect(new Set(net.weights[1])).toEqual(new Set([0.25]));
    expect(new Set(net.biases[0])).toEqual(new Set([-1]));
    expect(new Set(init({ kind: 'zeros' }).weights[0])).toEqual(new Set([0]));
  });

  it('gives the same values for the same seed and others for another seed', () => {
    const spec: InitSpec = { kind: 'normal', mean: 0, std: 1 };
    expect(init(spec, spec, 5).weights[0]).toEqual(init(spec, spec, 5).weights[0]);
    expect(init(spec, spec, 5).weights[0]).not.toEqual(init(spec, spec, 6).weights[0]);
  });
});

describe('explicit initialization (Nielsen: values[l][j][k] from neuron k to neuron j)', () => {
  const explicit = (weights: unknown, biases: unknown) => {
    const net = new Network([2, 3, 1], ['sigmoid', 'sigmoid'], 'float64');
    const spec = (values: unknown) => ({ kind: 'explicit', values }) as InitSpec;
    initialize(net, { weights: spec(weights), biases: spec(biases) }, new Rng(1));
    return net;
  };
  const w = [
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    [[7, 8, 9]],
  ];

  it('stores weights row-major, weights[l][j * n_in + k]', () => {
    const net = explicit(w, [[0.1, 0.2, 0.3], [0.4]]);
    expect(Array.from(net.weights[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(net.weights[1])).toEqual([7, 8, 9]);
    expect(Array.from(net.biases[0])).toEqual([0.1, 0.2, 0.3]);
  });

  it('names the layer and row whose shape is wrong', () => {
    expect(() => explicit([w[0]], [[0, 0, 0], [0]])).toThrow(
      'init.weights.values: expected 2 layers, got 1',
    );
    expect(() => explicit([w[0], [[7, 8]]], [[0, 0, 0], [0]])).toThrow(
      'init.weights.values[1][0]: expected 3 weights, got 2',
    );
    expect(() => explicit([w[0].slice(1), w[1]], [[0, 0, 0], [0]])).toThrow(
      'init.weights.values[0]: expected a 3 × 2 matrix (3 rows), got 2 rows',
    );
    expect(() => explicit(w, [[0, 0], [0]])).toThrow(
      'init.biases.values[0]: expected 3 numbers, got 2 entries',
    );
  });
});
