/**
 * CSV datasets: one example per line, the class label first, then the inputs
 * ("label,pixel0,pixel1,…", the layout of the common MNIST CSV files), with or without a header
 * line. Inputs that are all whole numbers in 0 … 255 with some above 1 are pixel bytes (kept as
 * bytes and scaled by 1/255 as used, like idx images); anything else is kept as given.
 */
import { DatasetError } from './errors';
import type { Split } from '../base/dataset';

export interface CsvOptions {
  /** true: the first line is a header; false: it is data; undefined: a header when its first
   * field is not a number. */
  header?: boolean;
  /** Number of classes; default: the largest label + 1. */
  classes?: number;
}

export interface ParsedCsv {
  all: Split;
  classes: number;
}

/** Growing input storage that starts as bytes and turns into float64 at the first non-byte. */
class InputBuffer {
  bytes: Uint8Array | null;
  floats: Float64Array | null = null;
  max = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }

  set(i: number, v: number): void {
    if (this.bytes && Number.isInteger(v) && v >= 0 && v <= 255) {
      this.bytes[i] = v;
      if (v > this.max) this.max = v;
      return;
    }
    if (this.bytes) {
      this.floats = Float64Array.from(this.bytes);
      this.bytes = null;
    }
    (this.floats as Float64Array)[i] = v;
  }

  /** Bytes when every value was a byte and some exceeded 1; otherwise the values as floats. */
  result(): Uint8Array | Float64Array {
    if (this.bytes) return this.max > 1 ? this.bytes : Float64Array.from(this.bytes);
    return this.floats as Float64Array;
  }
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/** Parses CSV text read from `file`; throws a DatasetError naming the line and column. */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): ParsedCsv {
  const lines = splitLines(text);
  if (lines.length === 0)
    throw new DatasetError(file, 'is empty, expected lines of "label,input,input,…"');
  const firstField = lines[0].split(',')[0].trim();
  const header = options.header ?? (firstField === '' || Number.isNaN(Number(firstField)));
  const rows = header ? lines.slice(1) : lines;
  if (rows.length === 0) throw new DatasetError(file, 'has a header but no data lines');
  const firstLine = header ? 2 : 1;
  const width = rows[0].split(',').length;
  if (width < 2)
    throw new DatasetError(
      file,
      `line ${firstLine} has ${width} field, expected a label and at least one input`,
    );
  const inputSize = width - 1;
  const inputs = new InputBuffer(rows.length * inputSize);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const fields = row.split(',');
    const line = firstLine + i;
    if (fields.length !== width)
      throw new DatasetError(file, `line ${line} has ${fields.length} fields, expected ${width}`);
    labels[i] = parseLabel(fields[0], file, line, options.classes);
    for (let k = 0; k < inputSize; k++)
      inputs.set(i * inputSize + k, parseNumber(fields[k + 1], file, line, k + 2));
  });
  const classes = options.classes ?? labels.reduce((m, v) => Math.max(m, v + 1), 0);
  const all: Split = {
    count: rows.length,
    inputSize,
    inputs: inputs.result(),
    labels,
    targets: null,
  };
  return { all, classes };
}

function parseNumber(field: string, file: string, line: number, column: number): number {
  const t = field.trim();
  const v = Number(t);
  if (t === '' || !Number.isFinite(v))
    throw new DatasetError(file, `line ${line}, column ${column}: "${t}" is not a finite number`);
  return v;
}

function parseLabel(
  field: string,
  file: string,
  line: number,
  classes: number | undefined,
): number {
  const v = parseNumber(field, file, line, 1);
  const limit = classes === undefined ? '' : ` below ${classes}`;
  if (!Number.isInteger(v) || v < 0 || (classes !== undefined && v >= classes)) {
    throw new DatasetError(
      file,
      `line ${line}: label ${field.trim()} is out of range, expected a whole number from 0${limit}`,
    );
  }
  return v;
}
