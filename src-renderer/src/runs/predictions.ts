/**
 * Predictions of a finished run on test images, computed here with the engine's own
 * feedforward from the run's final weights: the confusion matrix and the misclassified gallery
 * need predicted classes, which the store does not keep.
 */
import type { Network } from '../../../src-shared/engine/network';
import { classifyInto } from '../../../src-shared/report/confusion';

export { confusionMatrix, networkFromWeights } from '../../../src-shared/report/confusion';

/** Predicted class of each image; pixels are bytes 0–255, fed as x = byte / 255. */
export function predictClasses(net: Network, images: readonly (readonly number[])[]): number[] {
  const inputSize = net.sizes[0];
  const inputs = new Uint8Array(images.length * inputSize);
  images.forEach((pixels, i) => inputs.set(pixels, i * inputSize));
  const split = {
    count: images.length,
    inputSize,
    inputs,
    labels: new Int32Array(images.length),
    targets: null,
  };
  const predicted = new Int32Array(images.length);
  classifyInto(net, split, predicted);
  return Array.from(predicted);
}
