/**
 * What the doctor knows about a network's inputs before it sees any: the mean and root-mean-square
 * of the input values (over examples and components) and how many of them are non-zero. These feed
 * `expectedPreActivation`: z = Σ_k w_k·x_k + b has mean n·E[w]·E[x] + E[b] and spread
 * ≈ σ_w·√n·rms(x).
 */
import type { RunConfig } from '../../experiment/config';

export interface InputStats {
  /** E[x] over examples and input components. */
  mean: number;
  /** √E[x²] over examples and input components. */
  rms: number;
  /** Fraction of input values that are not zero, when known (MNIST: 0.19, i.e. ~150 of 784). */
  nonZeroFraction?: number;
  /** True when no input is negative (pixels, 0/1 logic inputs, sigmoid or ReLU outputs). */
  nonNegative?: boolean;
}

/**
 * MNIST, measured on the first 50,000 images of train-images-idx3-ubyte (Nielsen's training split),
 * pixels scaled by 1/255: mean 0.1310, rms 0.3351, 19.1% of pixels non-zero (150.1 per image).
 */
export const MNIST_INPUT_STATS: InputStats = {
  mean: 0.131,
  rms: 0.3351,
  nonZeroFraction: 0.1914,
  nonNegative: true,
};

/** Fashion-MNIST's widely published training-set mean 0.2860 and std 0.3530 (rms = √(m² + s²)). */
const FASHION_MNIST_INPUT_STATS: InputStats = {
  mean: 0.286,
  rms: Math.hypot(0.286, 0.353),
  nonNegative: true,
};

/** The four logic sets use the inputs 00, 01, 10, 11: mean 1/2, E[x²] = 1/2, half non-zero. */
const LOGIC_INPUT_STATS: InputStats = {
  mean: 0.5,
  rms: Math.SQRT1_2,
  nonZeroFraction: 0.5,
  nonNegative: true,
};

/** Statistics of explicit input rows (an inline dataset). */
export function statsOfRows(rows: readonly (readonly number[])[]): InputStats | null {
  let sum = 0;
  let sumSq = 0;
  let nonZero = 0;
  let count = 0;
  let min = Infinity;
  for (const row of rows) {
    for (const x of row) {
      min = Math.min(min, x);
      sum += x;
      sumSq += x * x;
      if (x !== 0) nonZero++;
      count++;
    }
  }
  if (count === 0) return null;
  return {
    mean: sum / count,
    rms: Math.sqrt(sumSq / count),
    nonZeroFraction: nonZero / count,
    nonNegative: min >= 0,
  };
}

/** Input statistics for the run's dataset when the doctor can know them without reading files;
 * null for idx folders and CSV files (the caller may pass measured statistics instead). */
export function knownInputStats(
  config: Pick<RunConfig, 'dataset' | 'features'>,
): InputStats | null {
  // A conv net's first dense layer sums feature maps, not pixels: their statistics are unknown
  // before training.
  if (config.features) return null;
  const dataset = config.dataset;
  if (typeof dataset === 'string') {
    if (dataset === 'mnist') return MNIST_INPUT_STATS;
    if (dataset === 'fashion-mnist') return FASHION_MNIST_INPUT_STATS;
    return LOGIC_INPUT_STATS;
  }
  if (dataset.kind === 'inline') return statsOfRows(dataset.inputs);
  return null;
}
