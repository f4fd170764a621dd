/** One step of each optimizer on a single weight, against the update rules worked out by hand. */
import { describe, expect, it } from 'vitest';
import { inlineData, testConfig } from '../experiment/config.testing';
import { ExampleReader } from './examples';
import { Gradients, Network, Workspace } from './network';
import { zeroMoments } from './optimizers';
import { optimizerOf, type OptimizerSpec } from './options';
import { updateMiniBatch, zeroVelocities, type SgdState } from './sgd';

const eta = 0.1;
const n = 10;
const m = 2;
const nablaW = 0.4; // Σ_x ∂C_x/∂w over the batch: g = 0.2 without L2
const nablaB = 0.6; // g = 0.3

function state(optimizer: OptimizerSpec, l2 = 0): SgdState {
  const net = new Network([1, 1], ['linear'], 'float64');
  net.weights[0][0] = 2;
  net.biases[0][0] = 0.5;
  const params = { ...testConfig({ layers: [1, 1], l2 }), optimizer };
  const kind = optimizerOf(params).kind;
  return {
    net,
    ws: new Workspace(net),
    grads: new Gradients(net),
    velocities: kind === 'nesterov' ? zeroVelocities(net) : null,
    moments: zeroMoments(net, optimizerOf(params)),
    train: new ExampleReader(inlineData([[1]], [[0]]).train, 1, 'float64'),
    order: new Int32Array(1),
    params,
  };
}

function step(s: SgdState): void {
  s.grads.zero();
  s.grads.nablaW[0][0] = nablaW;
  s.grads.nablaB[0][0] = nablaB;
  updateMiniBatch(s, eta, m, n);
}

const w = (s: SgdState) => s.net.weights[0][0];
const b = (s: SgdState) => s.net.biases[0][0];

describe('one optimizer step', () => {
  it('Nesterov: v = −ηg = −0.02, w = 2 + μv − ηg = 2 − 0.018 − 0.02; second step looks ahead', () => {
    const s = state({ kind: 'nesterov', momentum: 0.9 });
    step(s);
    expect(w(s)).toBeCloseTo(2 - 0.018 - 0.02, 15);
    expect(b(s)).toBeCloseTo(0.5 - 0.027 - 0.03, 15);
    step(s); // v = 0.9·(−0.02) − 0.02 = −0.038; w += 0.9·(−0.038) − 0.02
    expect(w(s)).toBeCloseTo(2 - 0.038 - 0.0342 - 0.02, 15);
  });

  it('RMSProp: r = 0.1·g² = 0.004, w = 2 − 0.1·0.2 / (√0.004 + ε)', () => {
    const s = state({ kind: 'rmsprop', rho: 0.9, epsilon: 1e-8 });
    step(s);
    expect(w(s)).toBeCloseTo(2 - 0.02 / (Math.sqrt(0.004) + 1e-8), 14);
    expect(b(s)).toBeCloseTo(0.5 - 0.03 / (Math.sqrt(0.009) + 1e-8), 14);
  });

  it('Adam: the first step moves every parameter by about η (m̂ = g, v̂ = g²)', () => {
    const s = state({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    step(s);
    expect(w(s)).toBeCloseTo(2 - (0.1 * 0.2) / (0.2 + 1e-8), 14);
    expect(b(s)).toBeCloseTo(0.5 - (0.1 * 0.3) / (0.3 + 1e-8), 14);
    expect(s.moments?.steps).toBe(1);
  });

  it('Adam: the second step with a new gradient uses the bias-corrected moments', () => {
    const s = state({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    step(s);
    const w1 = w(s);
    step(s); // the same g = 0.2: m = 0.02 + 0.9·… → m̂ = g and v̂ = g² again
    expect(w(s)).toBeCloseTo(w1 - (0.1 * 0.2) / (0.2 + 1e-8), 14);
  });

  it('L2 enters the gradient of the weights only: g = 0.2 + (λ/n)·w = 0.2 + 0.1·2', () => {
    const s = state({ kind: 'rmsprop', rho: 0.5, epsilon: 0 }, 1);
    step(s);
    const g = 0.4;
    expect(w(s)).toBeCloseTo(2 - (0.1 * g) / Math.sqrt(0.5 * g * g), 14);
    expect(b(s)).toBeCloseTo(0.5 - (0.1 * 0.3) / Math.sqrt(0.5 * 0.09), 14);
  });
});
