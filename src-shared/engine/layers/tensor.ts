/**
 * Feature volumes of the convolutional layers (Nielsen ch.6, network3.py's `image_shape`).
 *
 * A volume of shape [channels, height, width] is one flat typed array, channel-major as in
 * ConvNetJS and Theano: the value of channel c at row y, column x is at index (c·H + y)·W + x.
 * A grey 28×28 image is [1, 28, 28] (784 values, the same order as an MNIST row); conv filters
 * produce one channel ("feature map") each.
 */
import { ValidationError } from '../../base/validation';

export interface Shape3 {
  channels: number;
  height: number;
  width: number;
}

/** Number of values in a volume: C·H·W. */
export function volume(s: Shape3): number {
  return s.channels * s.height * s.width;
}

/** "20×24×24" (channels × height × width), for messages and the architecture picture. */
export function describeShape(s: Shape3): string {
  return `${s.channels}×${s.height}×${s.width}`;
}

/** A shape error about the layer at `path` ("layers[2]" in typed layers). */
export function layerShapeError(path: string, message: string): ValidationError {
  return new ValidationError(`Invalid config: ${path}: ${message}`, [{ path, message }]);
}

/** What slides over which axis, for the error of `slidingExtent`. */
export interface Window {
  /** The layer as errors name it: "layers[2]" (typed layers) or "features.layers[1]". */
  path: string;
  /** "conv2d kernel" or "maxpool window". */
  what: string;
  /** "height" or "width" of the volume the window slides over. */
  axis: 'height' | 'width';
}

/**
 * Positions of a window of `kernel` sliding by `stride` over `n` inputs padded by `padding`
 * zeros on each side: (n + 2p − k)/s + 1. Throws naming the layer's path when the window does not
 * fit or the positions do not come out whole (the last window would hang over the edge, which
 * network3.py's pooling silently drops; here the config must say what it means).
 */
export function slidingExtent(
  n: number,
  kernel: number,
  stride: number,
  padding: number,
  at: Window,
): number {
  const span = n + 2 * padding - kernel;
  // A pool has no padding: its sentence and formula leave it out.
  const padded = at.what.startsWith('maxpool') ? '' : ` and padding ${padding}`;
  const numerator = padded ? `${n} + 2·${padding} − ${kernel}` : `${n} − ${kernel}`;
  const formula = `(${numerator})/${stride} + 1 = ${span / stride + 1}`;
  const where = `a ${at.what} of ${kernel} with stride ${stride}${padded} over an input ${at.axis} of ${n}`;
  if (span < 0) throw layerShapeError(at.path, `${where} does not fit: ${formula} is below 1`);
  if (span % stride !== 0)
    throw layerShapeError(
      at.path,
      `${where} does not come out even: ${formula} is not a whole number`,
    );
  return span / stride + 1;
}
