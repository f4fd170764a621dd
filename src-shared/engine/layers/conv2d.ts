/**
 * A convolutional layer (Nielsen ch.6, network3.py's ConvPoolLayer without its pooling): F
 * feature maps, each one filter of k×k weights over every input channel plus one bias, shared by
 * every position of the map ("shared weights and biases"), followed by the activation σ.
 *
 * Shapes (layers/tensor.ts for the volume layout):
 * - input x: [C, H, W]; output z, a, δ: [F, OH, OW] with OH = (H + 2p − k)/s + 1, OW likewise;
 * - weights: [F, C, k, k], w(f, c, u, v) at ((f·C + c)·k + u)·k + v; biases: [F].
 *
 * Forward (cross-correlation, as ConvNetJS; Theano flips the filter, which only relabels learned
 * weights), x read as 0 outside the input (zero padding):
 *   z(f, i, j) = b_f + Σ_c Σ_u Σ_v w(f, c, u, v) · x(c, i·s + u − p, j·s + v − p),   a = σ(z).
 * network3.py applies σ after pooling; for the increasing σ it offers (sigmoid, tanh, ReLU) and a
 * bias shared by the whole map, max-pooling σ(z) equals σ of max-pooled z, so the two agree.
 *
 * Backward, from g = ∂C/∂a: δ = ∂C/∂z by the activation's chain rule (activations.ts), then
 *   ∂C/∂b_f        = Σ_i Σ_j δ(f, i, j)                                 (BP3, summed over the map)
 *   ∂C/∂w(f,c,u,v) = Σ_i Σ_j δ(f, i, j) · x(c, i·s + u − p, j·s + v − p)  (BP4, summed likewise)
 *   ∂C/∂x(c, y, x) = Σ_f Σ_{i,j,u,v : i·s+u−p = y, j·s+v−p = x} w(f, c, u, v) · δ(f, i, j)   (BP2)
 * z and ∂C/∂b are summed in float64 before they are stored (as network.ts does).
 */
import type { ActivationName } from '../options';
import { activate, backward, type Float } from '../activations';
import { layerShapeError, slidingExtent, volume, type Shape3 } from './tensor';

export interface Conv2dSpec {
  filters: number;
  kernel: number;
  stride: number;
  padding: number;
  activation: ActivationName;
}

/** A conv layer placed on its input: the spec with both volumes' shapes. */
export interface Conv2dGeometry extends Conv2dSpec {
  input: Shape3;
  output: Shape3;
}

/** The layer's parameters (or their gradients ∂C/∂w, ∂C/∂b, in the same layout). */
export interface ConvParams {
  /** [F, C, k, k] */
  weights: Float;
  /** [F] */
  biases: Float;
}

/** One example's values at the layer's output, each [F, OH, OW]. */
export interface ConvValues {
  z: Float;
  a: Float;
  /** ∂C/∂z, written by conv2dBackward. */
  delta: Float;
}

/** The output shape of `spec` on `input`; throws naming `path` when it does not fit. */
export function conv2dGeometry(input: Shape3, spec: Conv2dSpec, path: string): Conv2dGeometry {
  const { kernel: k, stride: s, padding: p } = spec;
  // With p ≥ k the outermost windows hold padding only: outputs that never see the image.
  if (p >= k)
    throw layerShapeError(
      path,
      `a conv2d padding of ${p} with a kernel of ${k} gives outputs that see only padding: padding must be less than the kernel`,
    );
  const what = 'conv2d kernel';
  const height = slidingExtent(input.height, k, s, p, { path, what, axis: 'height' });
  const width = slidingExtent(input.width, k, s, p, { path, what, axis: 'width' });
  return { ...spec, input, output: { channels: spec.filters, height, width } };
}

/** Number of weights: F·C·k·k (the biases add F). */
export function conv2dWeightCount(g: Conv2dGeometry): number {
  return g.filters * g.input.channels * g.kernel * g.kernel;
}

/** k·k·C: the weights of one filter, and the taps of one output position. */
function tapCount(g: Conv2dGeometry): number {
  return g.input.channels * g.kernel * g.kernel;
}

const tapTables = new WeakMap<Conv2dGeometry, Int32Array>();

/**
 * The one index formula both passes share, worked out once per layer (im2col's index table):
 * taps[o·T + t] is the index into x that weight t = (c·k + u)·k + v of any filter meets at output
 * position o = i·OW + j, namely x(c, i·s + u − p, j·s + v − p), or −1 where that is padding.
 */
function tapsOf(g: Conv2dGeometry): Int32Array {
  const cached = tapTables.get(g);
  if (cached) return cached;
  const { kernel: k, stride: s, padding: p, input, output } = g;
  const taps = new Int32Array(output.height * output.width * tapCount(g));
  let at = 0;
  for (let i = 0; i < output.height; i++)
    for (let j = 0; j < output.width; j++)
      for (let c = 0; c < input.channels; c++)
        for (let u = 0; u < k; u++)
          for (let v = 0; v < k; v++) {
            const [y, x] = [i * s + u - p, j * s + v - p];
            const inside = y >= 0 && y < input.height && x >= 0 && x < input.width;
            taps[at++] = inside ? (c * input.height + y) * input.width + x : -1;
          }
  tapTables.set(g, taps);
  return taps;
}

/** z(f, o) = b_f + Σ_t w(f, t) · x(taps[o, t]) for every output position o, then a = σ(z). */
export function conv2dForward(
  g: Conv2dGeometry,
  params: ConvParams,
  x: Float,
  out: ConvValues,
): void {
  const taps = tapsOf(g);
  const T = tapCount(g);
  const positions = g.output.height * g.output.width;
  const w = params.weights;
  for (let f = 0; f < g.filters; f++) {
    for (let o = 0; o < positions; o++) {
      let sum = params.biases[f];
      for (let t = 0; t < T; t++) {
        const xi = taps[o * T + t];
        if (xi >= 0) sum += w[f * T + t] * x[xi];
      }
      out.z[f * positions + o] = sum;
    }
  }
  activate(g.activation, out.z, out.a, volume(g.output));
}

/**
 * From gA = ∂C/∂a: writes δ into out.delta, adds ∂C/∂w and ∂C/∂b to `grads` (they sum over a
 * mini-batch), and writes ∂C/∂x into gX (length C·H·W) unless gX is null (the first layer's
 * input needs no gradient). Each δ(f, o) reaches every tap of its window: ∂C/∂w(f, t) gains
 * δ·x(taps[o, t]) and ∂C/∂x(taps[o, t]) gains w(f, t)·δ.
 */
export function conv2dBackward(
  g: Conv2dGeometry,
  params: ConvParams,
  x: Float,
  out: ConvValues,
  gA: ArrayLike<number>,
  grads: ConvParams,
  gX: Float64Array | null,
): void {
  backward(g.activation, out.z, out.a, gA, out.delta, volume(g.output));
  gX?.fill(0, 0, volume(g.input));
  const taps = tapsOf(g);
  const T = tapCount(g);
  const positions = g.output.height * g.output.width;
  const [w, nw] = [params.weights, grads.weights];
  for (let f = 0; f < g.filters; f++) {
    let biasSum = 0;
    for (let o = 0; o < positions; o++) {
      const d = out.delta[f * positions + o];
      if (d === 0) continue; // a zero δ (dead ReLU) adds nothing
      biasSum += d;
      for (let t = 0; t < T; t++) {
        const xi = taps[o * T + t];
        if (xi < 0) continue;
        nw[f * T + t] += d * x[xi];
        if (gX) gX[xi] += w[f * T + t] * d;
      }
    }
    grads.biases[f] += biasSum;
  }
}
