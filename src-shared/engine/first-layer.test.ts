/** The sparse layer-1 kernels give exactly what the dense formulas give. */
import { describe, expect, it } from 'vitest';
import {
  firstLayerForward,
  firstLayerGradient,
  InputColumns,
  stepColumns,
  zeroColumns,
} from './first-layer';
import { Rng } from './rng';

const nIn = 9;
const nOut = 7; // one group of four rows plus three single rows
const rng = new Rng(3);
const w = Float32Array.from({ length: nIn * nOut }, () => rng.normal());
const b = Float32Array.from({ length: nOut }, () => rng.normal());

/** A random input with about half its entries zero, in dense and sparse form. */
function input() {
  const dense = Float32Array.from({ length: nIn }, () => (rng.next() < 0.5 ? 0 : rng.next()));
  const nz = new Int32Array(nIn);
  const xv = new Float32Array(nIn);
  let nzCount = 0;
  dense.forEach((v, k) => {
    if (v !== 0) {
      nz[nzCount] = k;
      xv[nzCount++] = v;
    }
  });
  return { dense, sparse: { nz, xv, nzCount } };
}

describe('sparse first layer', () => {
  it('computes z = b + w·a exactly as the dense sum over every k', () => {
    for (let trial = 0; trial < 20; trial++) {
      const { dense, sparse } = input();
      const z = new Float32Array(nOut);
      firstLayerForward(w, b, sparse, z, nIn, nOut);
      const expected = new Float32Array(nOut);
      for (let j = 0; j < nOut; j++) {
        let s = b[j];
        for (let k = 0; k < nIn; k++) s += w[j * nIn + k] * dense[k];
        expected[j] = s;
      }
      expect(z).toEqual(expected);
    }
  });

  it('accumulates, steps and zeroes only touched columns with the dense results', () => {
    const nw = new Float32Array(nIn * nOut);
    const cols = new InputColumns(nIn);
    const denseNw = new Float32Array(nIn * nOut);
    for (let e = 0; e < 3; e++) {
      const { dense, sparse } = input();
      const delta = Float32Array.from({ length: nOut }, () => rng.normal());
      cols.add(sparse);
      firstLayerGradient(nw, delta, sparse, nIn, nOut);
      for (let j = 0; j < nOut; j++)
        for (let k = 0; k < nIn; k++) denseNw[j * nIn + k] += delta[j] * dense[k];
    }
    expect(nw).toEqual(denseNw);
    const stepped = w.slice();
    stepColumns(stepped, nw, 0.3, cols, nIn, nOut);
    expect(stepped).toEqual(w.map((v, i) => v - 0.3 * denseNw[i]));
    zeroColumns(nw, cols, nIn, nOut);
    expect(nw.every((v) => v === 0)).toBe(true);
    expect(cols.count).toBe(0);
  });
});
