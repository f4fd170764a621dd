/**
 * The kernel's four-lane activations against float64 Math: e^x by range reduction and a
 * polynomial, σ(z) = 1/(1 + e^{−z}) and tanh. Float32 results, so the bound is a few float32
 * ulps: relative error at most 4e-7 (sigmoid, where σ ≥ 1e-30) and absolute 2e-7 (tanh);
 * NaN stays NaN and ±∞ saturates.
 */
import { describe, expect, it } from 'vitest';
import { activationNames } from '../../../src-shared/experiment/config';
import { LEAKY_SLOPE } from '../../../src-shared/engine/activations';
import { instantiateKernel, kernelAvailable, kernelHeapBase, wasm } from './kernel-module';

const built = kernelAvailable();
if (!built) console.warn('activations.test: skipped, out/kernels/fast.wasm is not built');

function run(name: (typeof activationNames)[number], zs: number[], hidden = false): Float32Array {
  const memory = new wasm.Memory({ initial: 2, maximum: 2, shared: true });
  const kernel = instantiateKernel(memory);
  const n = Math.ceil(zs.length / 4) * 4;
  const z = kernelHeapBase();
  const a = z + 4 * n;
  new Float32Array(memory.buffer, z, n).set(zs);
  kernel.activate(activationNames.indexOf(name), z, a, n, hidden ? 1 : 0);
  return new Float32Array(memory.buffer, a, zs.length).slice();
}

const grid = Array.from({ length: 4001 }, (_, i) => Math.fround(-100 + i * 0.05));

describe.skipIf(!built)('the kernel’s vector activations', () => {
  it('sigmoid is within 4e-7 relative of 1/(1 + e^−z) where σ(z) ≥ 1e-30', () => {
    const a = run('sigmoid', grid);
    let worst = 0;
    grid.forEach((z, i) => {
      const exact = 1 / (1 + Math.exp(-z));
      if (exact >= 1e-30) worst = Math.max(worst, Math.abs(a[i] - exact) / exact);
    });
    expect(worst).toBeLessThan(4e-7);
    expect(worst).toBeGreaterThan(0);
  });

  it('tanh is within 2e-7 of Math.tanh, also near 0 where 1 − 2/(e^{2z} + 1) would cancel', () => {
    const small = Array.from({ length: 200 }, (_, i) => Math.fround((i - 100) * 1e-3));
    const zs = [...grid, ...small];
    const a = run('tanh', zs);
    zs.forEach((z, i) => expect(Math.abs(a[i] - Math.tanh(z))).toBeLessThan(2e-7));
    small.forEach((z, i) => {
      if (z !== 0) expect(Math.abs(a[grid.length + i] / Math.tanh(z) - 1)).toBeLessThan(1e-6);
    });
  });

  it('stores a hidden sigmoid below 2^-64 as 0 (no subnormal products downstream), else unchanged', () => {
    const output = run('sigmoid', grid);
    const hidden = run('sigmoid', grid, true);
    let flushed = 0;
    grid.forEach((z, i) => {
      if (output[i] < 2 ** -64) {
        expect(hidden[i]).toBe(0);
        flushed++;
      } else expect(hidden[i]).toBe(output[i]);
    });
    // σ(z) < 2^-64 from z ≈ −44.4 on: the grid from −100 has over a thousand such points, and the
    // output layer keeps them (its costs take their logarithms).
    expect(flushed).toBeGreaterThan(1000);
    expect(output.filter((a, i) => grid[i] < -45 && a > 0)).toHaveLength(
      grid.filter((z) => z < -45).length,
    );
    // Other activations are not flushed (only a saturated sigmoid heads for 0).
    const tiny = [1e-30, -1e-30, 0.5, -0.5];
    expect(Array.from(run('tanh', tiny, true))).toEqual(Array.from(run('tanh', tiny)));
  });

  it('keeps NaN and saturates at ±∞', () => {
    const [nan, plus, minus, big] = run('sigmoid', [NaN, Infinity, -Infinity, 1e30]);
    expect(nan).toBeNaN();
    expect(plus).toBe(1);
    expect(minus).toBeLessThan(1e-37);
    expect(big).toBe(1);
    const [tnan, tplus, tminus] = run('tanh', [NaN, Infinity, -Infinity, 0]);
    expect(tnan).toBeNaN();
    expect(tplus).toBe(1);
    expect(tminus).toBe(-1);
  });

  it('computes relu, leaky relu and linear exactly', () => {
    const zs = [-2.5, -0, 0, 1.25, -1e-3, 3, -7, 0.5].map(Math.fround);
    expect(Array.from(run('relu', zs))).toEqual(zs.map((z) => (z > 0 ? z : 0)));
    expect(Array.from(run('leaky-relu', zs))).toEqual(
      zs.map((z) => Math.fround(z > 0 ? z : Math.fround(LEAKY_SLOPE) * z)),
    );
    expect(Array.from(run('linear', zs))).toEqual(zs);
  });
});
