/**
 * The small logic sets: two binary inputs, one binary output, the whole truth table as the
 * training set and again as the test set (there is nothing else to generalize to), no
 * validation split. Labels are the output bits, so accuracy counts a ≥ 0.5 as 1.
 */
import type { LoadedDataset, Split } from '../base/dataset';

export const logicTables = {
  xor: [0, 1, 1, 0],
  and: [0, 0, 0, 1],
  or: [0, 1, 1, 1],
  nand: [1, 1, 1, 0],
} as const;

export type LogicName = keyof typeof logicTables;

/** Inputs (0,0), (0,1), (1,0), (1,1) in this order. */
const INPUTS = [0, 0, 0, 1, 1, 0, 1, 1];

export function logicDataset(name: LogicName): LoadedDataset {
  const outputs = logicTables[name];
  const split = (): Split => ({
    count: 4,
    inputSize: 2,
    inputs: Float64Array.from(INPUTS),
    labels: Int32Array.from(outputs),
    targets: Float64Array.from(outputs),
  });
  const empty: Split = {
    count: 0,
    inputSize: 2,
    inputs: new Float64Array(0),
    labels: new Int32Array(0),
    targets: new Float64Array(0),
  };
  return {
    id: name,
    name: name.toUpperCase(),
    inputSize: 2,
    outputSize: 1,
    imageShape: null,
    classNames: ['0', '1'],
    train: split(),
    validation: empty,
    test: split(),
  };
}
