/**
 * Single-field config changes that several rules propose. Each carries the label the verdict
 * sentence and the "Test this fix" button show.
 */
import type { RunConfig } from '../../experiment/config';
import type { Fix } from './rule';
import { trainExamples } from './run-progress';
import { num } from './wording';

/** η multiplied by `factor` (0.1 for a rate that is too large, 10 for one that is too small). */
export function learningRateFix(config: Pick<RunConfig, 'learningRate'>, factor: number): Fix {
  const value = Number((config.learningRate * factor).toPrecision(6));
  return { field: 'learningRate', value, label: `learning rate η = ${num(value)}` };
}

/**
 * L2 regularization scaled to the training-set size as in Nielsen ch.3, where λ = 0.1 suited
 * 1,000 images and λ = 5.0 suited 50,000: λ ≈ n / 10,000 (5.0 when n is unknown).
 */
export function l2Fix(config: Pick<RunConfig, 'dataset' | 'trainSize'>): Fix {
  const n = trainExamples(config);
  const value = n === null ? 5 : Math.max(0.01, Number((n / 10_000).toPrecision(2)));
  return { field: 'l2', value, label: `L2 regularization λ = ${num(value)}` };
}
