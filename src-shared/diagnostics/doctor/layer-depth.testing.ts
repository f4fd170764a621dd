import type { ActivationName, RunConfig } from '../../experiment/config';
import { convNetConfig } from './records.testing';

/** Two conv layers of 5×5 filters (20, max-pool 2, then 40), then dense 100-10: every layer
 * `activation` but the softmax output. */
export function twoConvNetConfig(activation: ActivationName): RunConfig {
  return convNetConfig(activation, activation, {
    layers: [
      { type: 'input', shape: [28, 28, 1] },
      { type: 'conv2d', filters: 20, kernel: 5 },
      { type: 'maxpool', size: 2 },
      { type: 'conv2d', filters: 40, kernel: 5 },
      { type: 'dense', units: 100, activation },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
  });
}
