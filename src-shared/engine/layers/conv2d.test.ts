/**
 * conv2d against numbers worked out by hand, then against finite differences.
 */
import { describe, expect, it } from 'vitest';
import { activationNames, type ActivationName } from '../options';
import { Rng } from '../rng';
import {
  conv2dBackward,
  conv2dForward,
  conv2dGeometry,
  conv2dWeightCount,
  type Conv2dGeometry,
  type ConvParams,
  type ConvValues,
} from './conv2d';
import { volume, type Shape3 } from './tensor';

/**
 * The hand example: one 3×3 channel, one 2×2 filter, stride 1, no padding (output 2×2):
 *   x = | 1 2 0 |   w = | 1  −1  |   b = 0.1
 *       | 0 1 3 |       | 2  0.5 |
 *       | 2 1 1 |
 * z(i, j) = b + Σ_uv w(u, v) x(i+u, j+v):
 *   z(0,0) = 0.1 + 1·1 − 1·2 + 2·0 + 0.5·1 = −0.4     z(0,1) = 0.1 + 1·2 − 1·0 + 2·1 + 0.5·3 = 5.6
 *   z(1,0) = 0.1 + 1·0 − 1·1 + 2·2 + 0.5·1 =  3.6     z(1,1) = 0.1 + 1·1 − 1·3 + 2·1 + 0.5·1 = 0.6
 */
const x3 = [1, 2, 0, 0, 1, 3, 2, 1, 1];
const w2 = [1, -1, 2, 0.5];
const grey3: Shape3 = { channels: 1, height: 3, width: 3 };

function spec(over: Partial<Conv2dGeometry> = {}) {
  return { filters: 1, kernel: 2, stride: 1, padding: 0, activation: 'linear' as const, ...over };
}

function values(g: Conv2dGeometry): ConvValues {
  const n = volume(g.output);
  return { z: new Float64Array(n), a: new Float64Array(n), delta: new Float64Array(n) };
}

function params(weights: number[], biases: number[]): ConvParams {
  return { weights: Float64Array.from(weights), biases: Float64Array.from(biases) };
}

function forward(g: Conv2dGeometry, p: ConvParams, x: number[]): ConvValues {
  const out = values(g);
  conv2dForward(g, p, Float64Array.from(x), out);
  return out;
}

describe('conv2d forward by hand', () => {
  it('slides a 2×2 filter over a 3×3 input with shared weights and bias', () => {
    const g = conv2dGeometry(grey3, spec(), 'layers[0]');
    expect(g.output).toEqual({ channels: 1, height: 2, width: 2 });
    const out = forward(g, params(w2, [0.1]), x3);
    [-0.4, 5.6, 3.6, 0.6].forEach((z, i) => expect(out.z[i]).toBeCloseTo(z, 12));
  });

  it('applies the activation after the weighted input: sigmoid(−0.4), sigmoid(5.6), …', () => {
    const g = conv2dGeometry(grey3, spec({ activation: 'sigmoid' }), 'layers[0]');
    const out = forward(g, params(w2, [0.1]), x3);
    [-0.4, 5.6, 3.6, 0.6].forEach((z, i) =>
      expect(out.a[i]).toBeCloseTo(1 / (1 + Math.exp(-z)), 12),
    );
  });

  it('reads zeros around the input with padding 1: corners see one input value each', () => {
    // Output 4×4; z(0,0) meets only x(0,0) under w(1,1): 0.1 + 0.5·1; z(3,3) only x(2,2) under w(0,0).
    const g = conv2dGeometry(grey3, spec({ padding: 1 }), 'layers[0]');
    expect(g.output).toEqual({ channels: 1, height: 4, width: 4 });
    const out = forward(g, params(w2, [0.1]), x3);
    expect(out.z[0]).toBeCloseTo(0.6, 12);
    expect(out.z[15]).toBeCloseTo(1.1, 12);
    // z(0,3) meets only x(0,2) = 0 under w(1,0): the bias alone.
    expect(out.z[3]).toBeCloseTo(0.1, 12);
  });

  it('strides 2 with a 1×1 filter: the four corners of the input, scaled', () => {
    const g = conv2dGeometry(grey3, spec({ kernel: 1, stride: 2 }), 'layers[0]');
    expect(g.output).toEqual({ channels: 1, height: 2, width: 2 });
    const out = forward(g, params([3], [0]), x3);
    expect(Array.from(out.z)).toEqual([3, 0, 6, 3]);
  });

  it('sums over input channels and keeps one map per filter', () => {
    // Channel 2 is all ones; filter 1 weighs it 0.25 everywhere (adds 1 to every z);
    // filter 2 is zero on channel 1 and 1 on channel 2's top-left tap, bias −1: z = 0.
    const two: Shape3 = { channels: 2, height: 3, width: 3 };
    const g = conv2dGeometry(two, spec({ filters: 2 }), 'layers[0]');
    expect(conv2dWeightCount(g)).toBe(16);
    const p = params([...w2, 0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0, 1, 0, 0, 0], [0.1, -1]);
    const out = forward(g, p, [...x3, ...Array(9).fill(1)]);
    [0.6, 6.6, 4.6, 1.6, 0, 0, 0, 0].forEach((z, i) => expect(out.z[i]).toBeCloseTo(z, 12));
  });
});

describe('conv2d backward by hand', () => {
  /**
   * Linear activation, so δ = g = ∂C/∂a = | 1  0 | (row-major [1, 0, −1, 2]).
   *                                        | −1 2 |
   * ∂C/∂b = Σ δ = 2.   ∂C/∂w(u,v) = Σ_ij δ(i,j) x(i+u, j+v):
   *   w(0,0): 1·1 + 0·2 − 1·0 + 2·1 = 3     w(0,1): 1·2 + 0·0 − 1·1 + 2·3 = 7
   *   w(1,0): 1·0 + 0·1 − 1·2 + 2·1 = 0     w(1,1): 1·1 + 0·3 − 1·1 + 2·1 = 2
   * ∂C/∂x(y,x) = Σ_uv w(u,v) δ(y−u, x−v):
   *   | 1·1              −1·1 + 1·0                      −1·0     |   |  1   −1    0 |
   *   | 2·1 + 1·(−1)     0.5·1 + 2·0 − 1·(−1) + 1·2      0.5·0 − 1·2 | = |  1   3.5  −2 |
   *   | 2·(−1)           0.5·(−1) + 2·2                  0.5·2    |   | −2   3.5   1 |
   */
  it('gives ∂C/∂b, ∂C/∂w and ∂C/∂x of the worked example', () => {
    const g = conv2dGeometry(grey3, spec(), 'layers[0]');
    const p = params(w2, [0.1]);
    const out = forward(g, p, x3);
    const grads = params([0, 0, 0, 0], [0]);
    const gX = new Float64Array(9);
    conv2dBackward(g, p, Float64Array.from(x3), out, [1, 0, -1, 2], grads, gX);
    expect(Array.from(grads.biases)).toEqual([2]);
    expect(Array.from(grads.weights)).toEqual([3, 7, 0, 2]);
    expect(Array.from(gX)).toEqual([1, -1, 0, 1, 3.5, -2, -2, 3.5, 1]);
  });

  it('adds to the gradients already there (a mini-batch sums over its examples)', () => {
    const g = conv2dGeometry(grey3, spec(), 'layers[0]');
    const p = params(w2, [0.1]);
    const out = forward(g, p, x3);
    const grads = params([1, 1, 1, 1], [1]);
    conv2dBackward(g, p, Float64Array.from(x3), out, [1, 0, -1, 2], grads, null);
    expect(Array.from(grads.biases)).toEqual([3]);
    expect(Array.from(grads.weights)).toEqual([4, 8, 1, 3]);
  });
});

const H = 1e-6;

/** C = Σ r ⊙ a for fixed random r, so ∂C/∂a = r and every parameter's ∂C is checkable. */
function worstConvError(activation: ActivationName): number {
  const rng = new Rng(11);
  const input: Shape3 = { channels: 2, height: 5, width: 5 };
  const g = conv2dGeometry(
    input,
    { filters: 3, kernel: 3, stride: 2, padding: 1, activation },
    'layers[0]',
  );
  const draw = (n: number) => Float64Array.from({ length: n }, () => 0.7 * rng.normal());
  const p = { weights: draw(conv2dWeightCount(g)), biases: draw(3) };
  const x = draw(volume(input));
  const r = draw(volume(g.output));
  const out = values(g);
  const cost = () => {
    conv2dForward(g, p, x, out);
    let c = 0;
    for (let i = 0; i < r.length; i++) c += out.a[i] * r[i];
    return c;
  };
  cost();
  const grads = { weights: new Float64Array(p.weights.length), biases: new Float64Array(3) };
  const gX = new Float64Array(x.length);
  conv2dBackward(g, p, x, out, r, grads, gX);
  let worst = 0;
  for (const [param, grad] of [
    [p.weights, grads.weights],
    [p.biases, grads.biases],
    [x, gX],
  ]) {
    for (let i = 0; i < param.length; i++) {
      const keep = param[i];
      param[i] = keep + H;
      const up = cost();
      param[i] = keep - H;
      const down = cost();
      param[i] = keep;
      worst = Math.max(worst, Math.abs((up - down) / (2 * H) - grad[i]));
    }
  }
  return worst;
}

describe('conv2d backward agrees with finite differences (2 channels, 3 filters, 3×3, stride 2, padding 1)', () => {
  it.each(activationNames)('%s activation: every weight, bias and input value', (activation) => {
    expect(worstConvError(activation)).toBeLessThan(1e-7);
  });
});
