/**
 * Predictions of a finished run on test images, computed here with the engine's own
 * feedforward from the run's final weights: the confusion matrix and the misclassified gallery
 * need predicted classes, which the store does not keep.
 */
import type { Network } from '../../../src-shared/engine/network';
import { feedforward, Workspace } from '../../../src-shared/engine/network';
import { predictedClass } from '../../../src-shared/engine/examples';

export { confusionMatrix, networkFromWeights } from '../../../src-shared/report/confusion';

/** Predicted class of each image; pixels are bytes 0–255, fed as x = byte / 255. */
export function predictClasses(net: Network, images: readonly (readonly number[])[]): number[] {
  const ws = new Workspace(net);
  const nOut = net.sizes[net.depth];
  return images.map((pixels) => {
    for (let k = 0; k < pixels.length; k++) ws.as[0][k] = pixels[k] / 255;
    ws.indexInput();
    return predictedClass(feedforward(net, ws), nOut);
  });
}
