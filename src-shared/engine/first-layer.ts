/**
 * Layer 1 over the non-zero inputs only. A zero input a_k adds w_jk · 0 = 0 to z_j and
 * δ_j · 0 = 0 to ∂C/∂w_jk, so leaving those terms out gives bit-identical results (the sums
 * still run in increasing k) while skipping about 81% of MNIST's pixels. The input is given as
 * `nz[0 … count)`, the indices k with a_k ≠ 0, and `xv[i]` = a_{nz[i]}, their values.
 *
 * Plain SGD steps (no momentum, L1 or L2) change only weights whose gradient is non-zero, so the
 * columns k touched by a mini-batch are tracked and only they are zeroed and stepped (w − η·0 = w
 * exactly for the rest).
 */
import type { Float } from './activations';

/** The sparse input of one example (filled by ExampleReader.load or Workspace.indexInput). */
export interface SparseInput {
  nz: Int32Array;
  xv: Float;
  nzCount: number;
}

/** The set of input columns k written into nablaW[0] since the last clear. */
export class InputColumns {
  readonly list: Int32Array;
  count = 0;
  private readonly marked: Uint8Array;

  constructor(nIn: number) {
    this.list = new Int32Array(nIn);
    this.marked = new Uint8Array(nIn);
  }

  add(input: SparseInput): void {
    for (let i = 0; i < input.nzCount; i++) {
      const k = input.nz[i];
      if (this.marked[k] === 0) {
        this.marked[k] = 1;
        this.list[this.count++] = k;
      }
    }
  }

  clear(): void {
    for (let t = 0; t < this.count; t++) this.marked[this.list[t]] = 0;
    this.count = 0;
  }
}

/** z_j = b_j + Σ_i w[j * nIn + nz[i]] xv[i]: four rows at a time sharing each (nz[i], xv[i])
 * load, each row still summed in increasing i. */
export function firstLayerForward(
  w: Float,
  b: Float,
  x: SparseInput,
  z: Float,
  nIn: number,
  nOut: number,
): void {
  const { nz, xv, nzCount } = x;
  let j = 0;
  for (; j + 4 <= nOut; j += 4) {
    const r0 = j * nIn;
    const r1 = r0 + nIn;
    const r2 = r1 + nIn;
    const r3 = r2 + nIn;
    let s0 = b[j];
    let s1 = b[j + 1];
    let s2 = b[j + 2];
    let s3 = b[j + 3];
    for (let i = 0; i < nzCount; i++) {
      const k = nz[i];
      const v = xv[i];
      s0 += w[r0 + k] * v;
      s1 += w[r1 + k] * v;
      s2 += w[r2 + k] * v;
      s3 += w[r3 + k] * v;
    }
    z[j] = s0;
    z[j + 1] = s1;
    z[j + 2] = s2;
    z[j + 3] = s3;
  }
  for (; j < nOut; j++) {
    const row = j * nIn;
    let s = b[j];
    for (let i = 0; i < nzCount; i++) s += w[row + nz[i]] * xv[i];
    z[j] = s;
  }
}

/** BP4 for layer 1: nablaW[j * nIn + nz[i]] += δ_j xv[i], four rows at a time sharing each
 * (nz[i], xv[i]) load (every entry still gets the same single addition). */
export function firstLayerGradient(
  nw: Float,
  delta: Float,
  x: SparseInput,
  nIn: number,
  nOut: number,
): void {
  const { nz, xv, nzCount } = x;
  let j = 0;
  for (; j + 4 <= nOut; j += 4) {
    const r0 = j * nIn;
    const r1 = r0 + nIn;
    const r2 = r1 + nIn;
    const r3 = r2 + nIn;
    const [d0, d1, d2, d3] = [delta[j], delta[j + 1], delta[j + 2], delta[j + 3]];
    for (let i = 0; i < nzCount; i++) {
      const k = nz[i];
      const v = xv[i];
      nw[r0 + k] += d0 * v;
      nw[r1 + k] += d1 * v;
      nw[r2 + k] += d2 * v;
      nw[r3 + k] += d3 * v;
    }
  }
  for (; j < nOut; j++) {
    const dj = delta[j];
    const row = j * nIn;
    for (let i = 0; i < nzCount; i++) nw[row + nz[i]] += dj * xv[i];
  }
}

/** Sets the touched columns of nablaW[0] back to 0 (every other entry is 0 already). */
export function zeroColumns(nw: Float, cols: InputColumns, nIn: number, nOut: number): void {
  for (let t = 0; t < cols.count; t++) {
    const k = cols.list[t];
    for (let j = 0; j < nOut; j++) nw[j * nIn + k] = 0;
  }
  cols.clear();
}

/** The plain step w → w − rate · nablaW on the touched columns only. */
export function stepColumns(
  w: Float,
  nw: Float,
  rate: number,
  cols: InputColumns,
  nIn: number,
  nOut: number,
): void {
  for (let t = 0; t < cols.count; t++) {
    const k = cols.list[t];
    for (let j = 0; j < nOut; j++) {
      const i = j * nIn + k;
      w[i] -= rate * nw[i];
    }
  }
}
