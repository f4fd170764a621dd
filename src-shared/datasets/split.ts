/**
 * Cutting parsed files into train / validation / test splits, deterministically and without
 * copying (splits are views into the parsed arrays).
 *
 * Two-file sets (MNIST-style training file + test file), as in Nielsen's mnist_loader:
 * - validation: V examples at the end of the training file. By default V is one sixth of it
 *   (10,000 of MNIST's 60,000), starting at 50,000; a smaller V takes the first V of that block,
 *   a larger one the last V of the file;
 * - train: the first T examples before the validation block (default: all of them);
 * - test: the first S examples of the test file (default: all).
 * One-file sets (CSV, inline): test = the last S examples (default 0), validation = the V before
 * them (default 0), train = the first T of the rest (default all).
 */
import { ValidationError } from '../base/validation';
import type { Split } from '../base/dataset';

export interface SplitSizes {
  trainSize?: number;
  validationSize?: number;
  testSize?: number;
}

export interface Splits {
  train: Split;
  validation: Split;
  test: Split;
}

/** Examples [start, start + count) of `all` as a split (views, no copy). */
export function sliceSplit(all: Split, start: number, count: number): Split {
  const n = all.inputSize;
  const width = all.targets ? all.targets.length / Math.max(1, all.count) : 0;
  return {
    count,
    inputSize: n,
    inputs: all.inputs.subarray(start * n, (start + count) * n),
    labels: all.labels.subarray(start, start + count),
    targets: all.targets ? all.targets.subarray(start * width, (start + count) * width) : null,
  };
}

function tooMany(
  field: keyof SplitSizes,
  asked: number,
  available: number,
  where: string,
): ValidationError {
  const message = `${asked} is more than the ${available} examples ${where}`;
  return new ValidationError(`Invalid config: ${field}: ${message}`, [{ path: field, message }]);
}

/** Validation examples taken from a training file of `total` by default: one sixth, as
 * MNIST's 10,000 of 60,000. */
export function defaultValidationSize(total: number): number {
  return Math.round(total / 6);
}

/** Splits of a training file and a test file (see the module comment). */
export function splitTrainTest(trainFile: Split, testFile: Split, sizes: SplitSizes): Splits {
  const total = trainFile.count;
  const defaultV = defaultValidationSize(total);
  const v = sizes.validationSize ?? defaultV;
  if (v > total) throw tooMany('validationSize', v, total, 'in the training file');
  const validationStart = v <= defaultV ? total - defaultV : total - v;
  const t = sizes.trainSize ?? validationStart;
  if (t > validationStart)
    throw tooMany('trainSize', t, validationStart, 'before the validation examples');
  const s = sizes.testSize ?? testFile.count;
  if (s > testFile.count) throw tooMany('testSize', s, testFile.count, 'in the test file');
  return {
    train: sliceSplit(trainFile, 0, t),
    validation: sliceSplit(trainFile, validationStart, v),
    test: sliceSplit(testFile, 0, s),
  };
}

/** Splits of a single file (see the module comment). */
export function splitSingle(all: Split, sizes: SplitSizes): Splits {
  const total = all.count;
  const s = sizes.testSize ?? 0;
  if (s > total) throw tooMany('testSize', s, total, 'in the file');
  const v = sizes.validationSize ?? 0;
  if (v + s > total) throw tooMany('validationSize', v, total - s, 'left after the test examples');
  const rest = total - s - v;
  const t = sizes.trainSize ?? rest;
  if (t > rest) throw tooMany('trainSize', t, rest, 'left after the validation and test examples');
  if (t === 0) throw tooMany('trainSize', 1, 0, 'left for training');
  return {
    train: sliceSplit(all, 0, t),
    validation: sliceSplit(all, rest, v),
    test: sliceSplit(all, rest + v, s),
  };
}
