/**
 * The conv layers' probe statistics against numbers worked out by hand (saturation, dead units and
 * filters, the activation histogram) and the gradient norms against finite differences of the
 * probe's mean cost.
 */
import { describe, expect, it } from 'vitest';
import type { Split } from '../../base/dataset';
import type { FeatureLayerSpec } from '../options';
import { exampleCost } from '../costs';
import { feedforward, Network, Workspace } from '../network';
import { Rng } from '../rng';
import { convProbeStats } from './conv-stats';
import { FeatureReader, FeatureStack, planFeatures } from './feature-stack';
import { volume } from './tensor';
import { HISTOGRAM_BINS, probeStats } from '../layer-stats';

/** Grey `side`×`side` images, one-hot targets of 2 classes. */
function splitOf(images: number[][], labels: number[]): Split {
  return {
    count: images.length,
    inputSize: images[0].length,
    inputs: Float64Array.from(images.flat()),
    labels: Int32Array.from(labels),
    targets: null,
  };
}

function setup(side: number, layers: FeatureLayerSpec[], images: number[][]) {
  const plan = planFeatures({ input: [side, side, 1], layers });
  const stack = new FeatureStack(plan, 'float64');
  const net = new Network([volume(plan.output), 2], ['sigmoid'], 'float64');
  const labels = images.map((_, i) => i % 2);
  const probe = new FeatureReader(splitOf(images, labels), 2, stack);
  return { stack, net, probe };
}

const conv = (filters: number, kernel: number, activation: 'sigmoid' | 'relu' | 'tanh') =>
  ({ type: 'conv2d', filters, kernel, stride: 1, padding: 0, activation }) as FeatureLayerSpec;
const sigma = (z: number) => 1 / (1 + Math.exp(-z));

describe('convProbeStats', () => {
  it('counts saturated units: a 2×2 filter of weights 3 gives z = 12 on ones (saturated) and z = 3 on 0.25s (not)', () => {
    const images = [new Array(9).fill(1), new Array(9).fill(0.25)];
    const { stack, net, probe } = setup(3, [conv(2, 2, 'sigmoid')], images);
    stack.params.w[0].fill(3);
    const [s] = convProbeStats(stack, net, probe, 2, 'quadratic', null);
    // 2 filters × 2×2 positions = 8 units; σ'(12) ≈ 6e-6 < 0.0025, σ'(3) ≈ 0.045.
    expect(s.conv).toBe(1);
    expect(s.saturatedFraction).toBe(0.5);
    expect(s.constantFraction).toBe(0);
    expect(s.preActivation.mean).toBeCloseTo(7.5, 12);
    expect(s.preActivation.std).toBeCloseTo(4.5, 12);
    expect(s.deadFraction).toBe(0);
    expect(s.deadFilterFraction).toBe(0);
    expect(s.weights).toMatchObject({ mean: 3, std: 0, min: 3, max: 3 });
    const h = s.activationHistogram;
    expect([h.min, h.max]).toEqual([sigma(3), sigma(12)]);
    expect(h.counts).toHaveLength(HISTOGRAM_BINS);
    expect(h.counts[0]).toBe(8);
    expect(h.counts[HISTOGRAM_BINS - 1]).toBe(8);
    expect(h.counts.reduce((a, b) => a + b)).toBe(16);
  });

  it('tells a dead filter from a filter with a few dead positions', () => {
    // Filter 0: weights −1 on non-negative images, z ≤ 0 everywhere: dead. Filter 1: weights +1,
    // bias −0.5, on an image whose only bright pixel is the corner: only map position (0, 0)
    // reaches z = 0.5 > 0, the other three stay at −0.5.
    const corner = [1, 0, 0, 0, 0, 0, 0, 0, 0];
    const { stack, net, probe } = setup(3, [conv(2, 2, 'relu')], [corner, corner]);
    stack.params.w[0].set([-1, -1, -1, -1, 1, 1, 1, 1]);
    stack.params.b[0].set([0, -0.5]);
    const [s] = convProbeStats(stack, net, probe, 2, 'quadratic', null);
    expect(s.deadFraction).toBe(7 / 8);
    expect(s.deadFilterFraction).toBe(0.5);
    expect(s.saturatedFraction).toBe(0); // ReLU never saturates
  });

  it('measures ‖∂C/∂w‖ and ‖∂C/∂b‖ of every conv layer as finite differences of the probe cost do', () => {
    const rng = new Rng(7);
    const images = [0, 1, 2].map(() => Array.from({ length: 36 }, () => rng.next()));
    const layers = [conv(2, 3, 'sigmoid'), conv(2, 2, 'tanh'), { type: 'maxpool', size: 3 }];
    const { stack, net, probe } = setup(6, layers as FeatureLayerSpec[], images);
    for (const a of [...stack.params.w, ...stack.params.b, ...net.weights, ...net.biases])
      for (let i = 0; i < a.length; i++) a[i] = rng.next() * 2 - 1;
    const stats = convProbeStats(stack, net, probe, 3, 'quadratic', null);
    const ws = new Workspace(net);
    const meanCost = () => {
      let c = 0;
      for (let i = 0; i < 3; i++) {
        probe.load(i, ws);
        c += exampleCost('quadratic', feedforward(net, ws), probe.target(i), 2);
      }
      return c / 3;
    };
    const fdNorm = (v: Float64Array | Float32Array) => {
      let s = 0;
      for (let i = 0; i < v.length; i++) {
        const keep = v[i];
        v[i] = keep + 1e-6;
        const up = meanCost();
        v[i] = keep - 1e-6;
        const down = meanCost();
        v[i] = keep;
        s += ((up - down) / 2e-6) ** 2;
      }
      return Math.sqrt(s);
    };
    stats.forEach((s, c) => {
      expect(s.gradientNorm).toBeGreaterThan(0);
      expect(s.gradientNorm).toBeCloseTo(fdNorm(stack.params.w[c]), 7);
      expect(s.biasGradientNorm).toBeCloseTo(fdNorm(stack.params.b[c]), 7);
    });
    // The stack's gradient arrays were scratch: left zeroed for the next mini-batch.
    expect(stack.grads.w.every((w) => w.every((x) => x === 0))).toBe(true);
  });

  it('reports ‖Δw‖/‖w‖ against the weights at the start of the epoch', () => {
    const { stack, net, probe } = setup(3, [conv(1, 2, 'sigmoid')], [new Array(9).fill(1)]);
    stack.params.w[0].set([3, 0, 0, 4]); // ‖w‖ = 5
    const start = [Float64Array.from([3, 0, 0, 3])]; // ‖Δw‖ = 1
    expect(convProbeStats(stack, net, probe, 1, 'quadratic', start)[0].updateRatio).toBe(0.2);
    expect(convProbeStats(stack, net, probe, 1, 'quadratic', null)[0].updateRatio).toBe(0);
  });

  it('refuses a probe that does not read through the stack', () => {
    const a = setup(3, [conv(1, 2, 'sigmoid')], [new Array(9).fill(1)]);
    const b = setup(3, [conv(1, 2, 'sigmoid')], [new Array(9).fill(1)]);
    expect(() => convProbeStats(a.stack, a.net, b.probe, 1, 'quadratic', null)).toThrow(
      /same stack/,
    );
  });

  it('ticks after every example of both passes, and the dense probe after each of its own', () => {
    const images = [new Array(9).fill(1), new Array(9).fill(0.25), new Array(9).fill(0.5)];
    const { stack, net, probe } = setup(3, [conv(2, 2, 'sigmoid')], images);
    let ticks = 0;
    convProbeStats(stack, net, probe, 3, 'quadratic', null, () => ticks++);
    expect(ticks).toBe(2 * 3);
    ticks = 0;
    probeStats(net, probe, 3, 'quadratic', null, () => ticks++);
    expect(ticks).toBe(3);
  });
});
