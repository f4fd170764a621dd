/**
 * Predictions of a finished run on test images, computed here with the engine's own
 * feedforward from the run's final weights: the confusion matrix and the misclassified gallery
 * need predicted classes, which the store does not keep.
 */
import type { ActivationName } from '../../../src-shared/experiment/config';
import type { WeightsJson } from '../../../src-shared/engine/records';
import { feedforward, Network, Workspace } from '../../../src-shared/engine/network';
import { predictedClass } from '../../../src-shared/engine/examples';

/** A Network whose weights[l][j * n_l + k] = json.weights[l][j][k] (Nielsen's w^{l+1}_{jk}). */
export function networkFromWeights(json: WeightsJson, activations: ActivationName[]): Network {
  const sizes = [json.weights[0][0].length, ...json.weights.map((w) => w.length)];
  const net = new Network(sizes, activations, 'float64');
  json.weights.forEach((w, l) => w.forEach((row, j) => net.weights[l].set(row, j * sizes[l])));
  json.biases.forEach((b, l) => net.biases[l].set(b));
  return net;
}

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

/** counts[actual][predicted], classes × classes. */
export function confusionMatrix(
  labels: readonly number[],
  predicted: readonly number[],
  classes: number,
): number[][] {
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  labels.forEach((actual, i) => {
    if (actual < classes && predicted[i] < classes) counts[actual][predicted[i]]++;
  });
  return counts;
}
