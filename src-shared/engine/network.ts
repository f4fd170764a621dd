/**
 * The network: Nielsen's network.py `Network` as flat typed arrays (the ConvNetJS way).
 *
 * Storage, shared with the fast WebAssembly path (keep it this simple):
 * - `sizes` = [n_0, …, n_L]; weight layer l (0-based, l = 0 … L−1) maps layer l to layer l+1;
 * - `weights[l]`: n_{l+1} × n_l row-major, weights[l][j * n_l + k] is the weight from neuron k of
 *   layer l to neuron j of layer l+1 (Nielsen's w^{l+1}_{jk});
 * - `biases[l][j]`: bias of neuron j of layer l+1;
 * - all of them Float32Array or Float64Array by `precision`.
 * Float32 means every stored value (weights, z, a, δ, gradients) is rounded to float32; each dot
 * product is accumulated in float64 before it is stored.
 */
import type { ActivationName, CostName } from './options';
import { activate, backward, type Float } from './activations';
import { exampleCost, outputDelta } from './costs';
import type { WeightsJson } from '../base/records';
import type { DropoutMasks } from './dropout';
import {
  firstLayerForward,
  firstLayerGradient,
  InputColumns,
  zeroColumns,
  type SparseInput,
} from './first-layer';

export type Precision = 'float32' | 'float64';

export function newFloat(precision: Precision, n: number): Float {
  return precision === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

export class Network {
  readonly weights: Float[];
  readonly biases: Float[];

  constructor(
    readonly sizes: readonly number[],
    readonly activations: readonly ActivationName[],
    readonly precision: Precision,
  ) {
    this.weights = sizes.slice(1).map((nOut, l) => newFloat(precision, nOut * sizes[l]));
    this.biases = sizes.slice(1).map((nOut) => newFloat(precision, nOut));
  }

  /** Number of weight layers L. */
  get depth(): number {
    return this.sizes.length - 1;
  }
}

/** The network's weights as nested arrays in Nielsen's convention (weights[l][j][k]). */
export function toWeightsJson(net: Network): WeightsJson {
  return {
    weights: net.weights.map((w, l) =>
      Array.from({ length: net.sizes[l + 1] }, (_, j) =>
        Array.from(w.subarray(j * net.sizes[l], (j + 1) * net.sizes[l])),
      ),
    ),
    biases: net.biases.map((b) => Array.from(b)),
  };
}

/**
 * Per-example buffers for one forward and backward pass (allocate once, reuse):
 * zs[l], as[l+1], deltas[l] have length n_{l+1}; as[0] is the input (length n_0).
 * The input is also kept sparse for layer 1 (first-layer.ts): nz[0 … nzCount) are the indices
 * k with as[0][k] ≠ 0 and xv[i] = as[0][nz[i]].
 */
export class Workspace implements SparseInput {
  readonly zs: Float[];
  readonly as: Float[];
  readonly deltas: Float[];
  readonly nz: Int32Array;
  readonly xv: Float;
  nzCount = 0;
  /** Scratch of length max n_l: ∂C/∂a of the layer below during BP2. */
  readonly g: Float64Array;

  constructor(net: Network) {
    const { sizes, precision } = net;
    this.zs = sizes.slice(1).map((n) => newFloat(precision, n));
    this.as = sizes.map((n) => newFloat(precision, n));
    this.deltas = sizes.slice(1).map((n) => newFloat(precision, n));
    this.nz = new Int32Array(sizes[0]);
    this.xv = newFloat(precision, sizes[0]);
    this.g = new Float64Array(Math.max(...sizes));
  }

  /** Rebuilds nz and xv after as[0] was written directly. */
  indexInput(): void {
    const x = this.as[0];
    let c = 0;
    for (let k = 0; k < x.length; k++) {
      if (x[k] === 0) continue;
      this.nz[c] = k;
      this.xv[c++] = x[k];
    }
    this.nzCount = c;
  }
}

/** Gradient accumulators with the shapes of the weights and biases (nablaW, nablaB), and the
 * input columns written into nablaW[0] since the last zero(). */
export class Gradients {
  readonly nablaW: Float[];
  readonly nablaB: Float[];
  readonly columns: InputColumns;

  constructor(private readonly net: Network) {
    this.nablaW = net.weights.map((w) => newFloat(net.precision, w.length));
    this.nablaB = net.biases.map((b) => newFloat(net.precision, b.length));
    this.columns = new InputColumns(net.sizes[0]);
  }

  zero(): void {
    zeroColumns(this.nablaW[0], this.columns, this.net.sizes[0], this.net.sizes[1]);
    for (let l = 1; l < this.nablaW.length; l++) this.nablaW[l].fill(0);
    for (const b of this.nablaB) b.fill(0);
  }
}

/**
 * feedforward: a^{l+1} = σ(w^{l+1} a^l + b^{l+1}) for every layer, from the input in `ws`
 * to ws.as[L]; keeps every z and a in `ws` for backprop. Returns the output vector.
 * While training with `dropout`, each hidden a^l is replaced by a^l ⊙ mask^l (dropout.ts).
 */
export function feedforward(
  net: Network,
  ws: Workspace,
  dropout: DropoutMasks | null = null,
): Float {
  const { sizes, weights, biases } = net;
  firstLayerForward(weights[0], biases[0], ws, ws.zs[0], sizes[0], sizes[1]);
  activate(net.activations[0], ws.zs[0], ws.as[1], sizes[1]);
  for (let l = 1; l < net.depth; l++) {
    dropout?.apply(l, ws.as[l]);
    weightedInput(weights[l], biases[l], ws.as[l], ws.zs[l], sizes[l], sizes[l + 1]);
    activate(net.activations[l], ws.zs[l], ws.as[l + 1], sizes[l + 1]);
  }
  return ws.as[net.depth];
}

/** z_j = b_j + Σ_k w[j * nIn + k] a_k for j < nOut. */
function weightedInput(w: Float, b: Float, a: Float, z: Float, nIn: number, nOut: number): void {
  for (let j = 0; j < nOut; j++) {
    const row = j * nIn;
    let s = b[j];
    for (let k = 0; k < nIn; k++) s += w[row + k] * a[k];
    z[j] = s;
  }
}

/**
 * backprop for one example after `feedforward`: adds ∂C_x/∂w to grads.nablaW and ∂C_x/∂b to
 * grads.nablaB, and returns C_x. The four equations (Nielsen ch.2):
 * - BP1  δ^L = ∇_a C ⊙ σ'(z^L)                     (outputDelta)
 * - BP2  δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
 * - BP3  ∂C/∂b^l_j = δ^l_j
 * - BP4  ∂C/∂w^l_jk = a^{l−1}_k δ^l_j
 * With the `dropout` masks of the forward pass, BP4 reads the dropped ã^{l−1} (what layer l saw)
 * and BP2 becomes δ^l = ((w^{l+1})ᵀ δ^{l+1} ⊙ mask^l) ⊙ σ'(z^l).
 */
export function backprop(
  net: Network,
  ws: Workspace,
  cost: CostName,
  y: ArrayLike<number>,
  grads: Gradients,
  dropout: DropoutMasks | null = null,
): number {
  const L = net.depth;
  const out = ws.as[L];
  outputDelta(
    cost,
    net.activations[L - 1],
    ws.zs[L - 1],
    out,
    y,
    ws.deltas[L - 1],
    ws.g,
    net.sizes[L],
  );
  for (let l = L - 1; l >= 0; l--) {
    accumulateLayer(net, ws, grads, l);
    if (l > 0) propagateDelta(net, ws, l, dropout);
  }
  return exampleCost(cost, out, y, net.sizes[L]);
}

/** BP3 and BP4 for weight layer l: nablaB[l] += δ, nablaW[l][j, k] += δ_j a_k. */
function accumulateLayer(net: Network, ws: Workspace, grads: Gradients, l: number): void {
  const nIn = net.sizes[l];
  const nOut = net.sizes[l + 1];
  const delta = ws.deltas[l];
  const nw = grads.nablaW[l];
  const nb = grads.nablaB[l];
  for (let j = 0; j < nOut; j++) nb[j] += delta[j];
  if (l === 0) {
    grads.columns.add(ws);
    firstLayerGradient(nw, delta, ws, nIn, nOut);
    return;
  }
  const a = ws.as[l];
  for (let j = 0; j < nOut; j++) {
    const dj = delta[j];
    const row = j * nIn;
    for (let k = 0; k < nIn; k++) nw[row + k] += dj * a[k];
  }
}

/** BP2: δ^{l−1} = (w_lᵀ δ^l) ⊙ σ'(z^{l−1}), the sum over j accumulated in float64 (ws.g);
 * with dropout on neuron layer l, the sum is multiplied by its mask first. */
function propagateDelta(
  net: Network,
  ws: Workspace,
  l: number,
  dropout: DropoutMasks | null,
): void {
  const nIn = net.sizes[l];
  const nOut = net.sizes[l + 1];
  const w = net.weights[l];
  const delta = ws.deltas[l];
  const g = ws.g;
  g.fill(0, 0, nIn);
  for (let j = 0; j < nOut; j++) {
    const dj = delta[j];
    const row = j * nIn;
    for (let k = 0; k < nIn; k++) g[k] += w[row + k] * dj;
  }
  const a = dropout ? dropout.undropped(l, ws.as[l]) : ws.as[l];
  dropout?.backward(l, g, nIn);
  backward(net.activations[l - 1], ws.zs[l - 1], a, g, ws.deltas[l - 1], nIn);
}
