/**
 * Inline datasets written into the config: {"kind": "inline", "inputs": [[…]], "targets": [[…]]}.
 * Targets that are class indicators get labels (so accuracy is reported): one output with values
 * 0/1, or several outputs that are one-hot. Other targets are regression targets (label −1).
 */
import { ValidationError } from '../base/validation';
import { splitSingle, type SplitSizes } from './split';
import type { LoadedDataset } from '../base/dataset';

/** The rows of an inline dataset as a config writes them (its `kind: "inline"` spec fits). */
export interface InlineSpec {
  kind: 'inline';
  inputs: number[][];
  targets: number[][];
}

function fail(path: string, message: string): never {
  throw new ValidationError(`Invalid config: ${path}: ${message}`, [{ path, message }]);
}

/** Every row must have the width of the first one. */
function flatten(rows: number[][], field: string): { width: number; values: Float64Array } {
  const width = rows[0].length;
  if (width === 0) fail(`${field}[0]`, 'must not be empty');
  rows.forEach((row, i) => {
    if (row.length !== width)
      fail(`${field}[${i}]`, `has ${row.length} values, expected ${width} like ${field}[0]`);
  });
  return { width, values: Float64Array.from(rows.flat()) };
}

/** The class of a target row, or −1 when it is not a class indicator. */
function labelOf(row: number[]): number {
  if (row.length === 1) return row[0] === 0 || row[0] === 1 ? row[0] : -1;
  const ones = row.filter((v) => v === 1).length;
  const zeros = row.filter((v) => v === 0).length;
  return ones === 1 && zeros === row.length - 1 ? row.indexOf(1) : -1;
}

export function inlineDataset(spec: InlineSpec, sizes: SplitSizes): LoadedDataset {
  const inputs = flatten(spec.inputs, 'dataset.inputs');
  const targets = flatten(spec.targets, 'dataset.targets');
  if (spec.inputs.length !== spec.targets.length) {
    fail(
      'dataset.targets',
      `has ${spec.targets.length} rows, expected one per input row (${spec.inputs.length})`,
    );
  }
  const labels = Int32Array.from(spec.targets, labelOf);
  const all = {
    count: spec.inputs.length,
    inputSize: inputs.width,
    inputs: inputs.values,
    labels,
    targets: targets.values,
  };
  return {
    id: 'inline',
    name: 'inline data',
    inputSize: inputs.width,
    outputSize: targets.width,
    imageShape: null,
    classNames: null,
    ...splitSingle(all, sizes),
  };
}
