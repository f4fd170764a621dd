/** One SGD step on a single weight, against the update rules written out by hand. */
import { describe, expect, it } from 'vitest';
import { inlineData, testConfig } from '../experiment/config.testing';
import { ExampleReader } from './examples';
import { Gradients, Network, Workspace } from './network';
import { updateMiniBatch, zeroVelocities, type SgdParams, type SgdState } from './sgd';

const eta = 0.1;
const n = 10; // training set size
const m = 2; // mini-batch size
const nablaW = 0.4; // Σ_x ∂C_x/∂w over the batch
const nablaB = 0.6;

/** A 1-1 network with weight w0 and bias 0.5 whose summed batch gradients are set by hand. */
function state(w0: number, params: Partial<SgdParams>): SgdState {
  const net = new Network([1, 1], ['linear'], 'float64');
  net.weights[0][0] = w0;
  net.biases[0][0] = 0.5;
  const grads = new Gradients(net);
  const full: SgdParams = { ...testConfig({ layers: [1, 1] }), ...params };
  const data = inlineData([[1]], [[0]]);
  return {
    net,
    ws: new Workspace(net),
    grads,
    velocities: full.momentum > 0 ? zeroVelocities(net) : null,
    train: new ExampleReader(data.train, 1, 'float64'),
    order: new Int32Array(1),
    params: full,
  };
}

function step(s: SgdState): void {
  s.grads.zero();
  s.grads.columns.add({ nz: Int32Array.of(0), xv: Float64Array.of(1), nzCount: 1 });
  s.grads.nablaW[0][0] = nablaW;
  s.grads.nablaB[0][0] = nablaB;
  updateMiniBatch(s, eta, m, n);
}

describe('the SGD update', () => {
  it('plain: w → w − (η/m) Σ∂C/∂w, b → b − (η/m) Σ∂C/∂b', () => {
    const s = state(2, {});
    step(s);
    expect(s.net.weights[0][0]).toBeCloseTo(2 - 0.05 * 0.4, 15);
    expect(s.net.biases[0][0]).toBeCloseTo(0.5 - 0.05 * 0.6, 15);
  });

  it('L2: w → (1 − ηλ/n) w − (η/m) Σ∂C/∂w (Nielsen eq. 93), biases not decayed', () => {
    const s = state(2, { l2: 1 });
    step(s);
    expect(s.net.weights[0][0]).toBeCloseTo(0.99 * 2 - 0.02, 15);
    expect(s.net.biases[0][0]).toBeCloseTo(0.47, 15);
  });

  it('L1: w → w − (ηλ₁/n) sgn(w) − (η/m) Σ∂C/∂w', () => {
    const pos = state(2, { l1: 1 });
    step(pos);
    expect(pos.net.weights[0][0]).toBeCloseTo(2 - 0.01 - 0.02, 15);
    const neg = state(-2, { l1: 1 });
    step(neg);
    expect(neg.net.weights[0][0]).toBeCloseTo(-2 + 0.01 - 0.02, 15);
  });

  it('momentum: v → μv − (η/m) Σ∂C/∂w, w → w + v, over two steps', () => {
    const s = state(2, { momentum: 0.9 });
    step(s);
    expect(s.net.weights[0][0]).toBeCloseTo(2 - 0.02, 15);
    step(s);
    expect(s.velocities?.w[0][0]).toBeCloseTo(0.9 * -0.02 - 0.02, 15);
    expect(s.net.weights[0][0]).toBeCloseTo(2 - 0.02 - 0.038, 15);
  });

  it('keeps biases fixed when trainBiases is false', () => {
    const s = state(2, { trainBiases: false, momentum: 0.5 });
    step(s);
    expect(s.net.biases[0][0]).toBe(0.5);
    expect(s.net.weights[0][0]).not.toBe(2);
  });
});
