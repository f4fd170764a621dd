/**
 * Max-pooling (Nielsen ch.6, network3.py's `pool_2d(..., ignore_border=True)` step): each channel
 * is cut into size×size windows moved by `stride` (= size by default, windows side by side), and
 * each window keeps its largest value. It has no parameters.
 *
 * Shapes (layers/tensor.ts for the layout): input [C, H, W]; output [C, OH, OW] with
 * OH = (H − size)/stride + 1, OW likewise (both must be whole: no window hangs over the edge).
 *
 *   forward   y(c, i, j) = max_{u, v < size} x(c, i·stride + u, j·stride + v)
 *   backward  ∂C/∂x(c, y, x) = Σ over the windows whose argmax is (y, x) of ∂C/∂y(c, i, j)
 * Only the winning input of a window moved the output, so only it gets the gradient; every other
 * input gets 0. Ties: the first maximum in row-major order within the window (the top-left one)
 * wins, since a later value must be strictly greater to replace it. Overlapping windows
 * (stride < size) can share a winner, whose gradients then add up.
 */
import type { Float } from '../activations';
import { slidingExtent, volume, type Shape3 } from './tensor';

export interface MaxPoolGeometry {
  size: number;
  stride: number;
  input: Shape3;
  output: Shape3;
}

/** The output shape of a size×size pool on `input`; throws naming `path` when it does not fit. */
export function maxPoolGeometry(
  input: Shape3,
  size: number,
  stride: number,
  path: string,
): MaxPoolGeometry {
  const what = 'maxpool window';
  const height = slidingExtent(input.height, size, stride, 0, { path, what, axis: 'height' });
  const width = slidingExtent(input.width, size, stride, 0, { path, what, axis: 'width' });
  return { size, stride, input, output: { channels: input.channels, height, width } };
}

/** y = the window maxima of x; argmax[o] = the index into x of output o's winner (for backward). */
export function maxPoolForward(g: MaxPoolGeometry, x: Float, y: Float, argmax: Int32Array): void {
  const { size, stride, input, output } = g;
  for (let c = 0; c < output.channels; c++) {
    for (let i = 0; i < output.height; i++) {
      for (let j = 0; j < output.width; j++) {
        let best = -1;
        for (let u = 0; u < size; u++) {
          const row = (c * input.height + i * stride + u) * input.width + j * stride;
          for (let v = 0; v < size; v++) if (best < 0 || x[row + v] > x[best]) best = row + v;
        }
        const o = (c * output.height + i) * output.width + j;
        y[o] = x[best];
        argmax[o] = best;
      }
    }
  }
}

/** gX = ∂C/∂x from gY = ∂C/∂y: each output's gradient goes to its window's winner. */
export function maxPoolBackward(
  g: MaxPoolGeometry,
  gY: ArrayLike<number>,
  argmax: Int32Array,
  gX: Float64Array,
): void {
  gX.fill(0, 0, volume(g.input));
  const n = volume(g.output);
  for (let o = 0; o < n; o++) gX[argmax[o]] += gY[o];
}
