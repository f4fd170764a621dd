/**
 * What the fast path's conv session (src-main/trainer/fast/conv-session.ts) can run of a conv net
 * (config.features), decided from the config alone like the rest of fast-engine.ts. Its step is
 * the reference's own (sgd.ts updateMiniBatch), so every optimizer is served; dropout on the dense
 * layers (masks drawn by the host in the reference's order) and the expanded training set (byte
 * images, so 5× MNIST fits the kernel's memory) are served too.
 */
import { activationsOf } from '../engine/options';
import type { RunConfig } from './config';

/** Conv/pool layers and dense layers the conv kernel's context block has room for. */
export const FAST_CONV_MAX_STAGES = 16;
export const FAST_CONV_MAX_DENSE = 16;

/** Why the fast path cannot train the conv net `config`, or null when it can. */
export function fastConvProblem(config: RunConfig): string | null {
  const features = config.features;
  if (!features) return null;
  if (features.layers.length > FAST_CONV_MAX_STAGES)
    return `${features.layers.length} conv/pool layers (the fast path takes at most ${FAST_CONV_MAX_STAGES})`;
  if (config.layers.length - 1 > FAST_CONV_MAX_DENSE)
    return `${config.layers.length - 1} dense layers after the conv layers (the fast path takes at most ${FAST_CONV_MAX_DENSE})`;
  if (features.layers.some((l) => l.type === 'conv2d' && l.activation === 'softmax'))
    return 'a conv2d layer with softmax activation (the fast conv path takes softmax on the output layer only)';
  if (activationsOf(config).slice(0, -1).includes('softmax'))
    return 'a hidden dense layer with softmax activation (the fast conv path takes softmax on the output layer only)';
  return null;
}
