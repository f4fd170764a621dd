/**
 * The compact input encodings the kernel decodes (see decode() in kernels/assembly/_sparse.ts).
 * Only non-zero inputs are kept, in increasing index:
 * - bytes (images): 2 bytes per non-zero pixel, (gap to the previous index, pixel 0–255); a gap
 *   over 255 is bridged by (255, 0) pairs. MNIST's 784 bytes shrink to about 300.
 * - floats (other data): 8 bytes per non-zero input, (u32 index, f32 value), values rounded to
 *   float32 first so an input that rounds to 0 is skipped, as in the reference's float32 runs.
 */
import type { Split } from '../../../src-shared/base/dataset';

export const FORMAT_BYTES = 0;
export const FORMAT_FLOATS = 1;

/** The format of a split, the total bytes of its encoding and the most any example takes. */
export interface EncodedSize {
  format: typeof FORMAT_BYTES | typeof FORMAT_FLOATS;
  bytes: number;
  maxExampleBytes: number;
}

/** Counts the encoded bytes of a split (one pass over its inputs). */
export function encodedSize(split: Split): EncodedSize {
  const { inputs, inputSize, count } = split;
  let bytes = 0;
  let maxExampleBytes = 0;
  const scan = inputs instanceof Uint8Array ? new ByteScan(inputs, inputSize) : null;
  for (let i = 0; i < count; i++) {
    const base = i * inputSize;
    const b = scan
      ? 2 * pairsOf(scan.indices, scan.nonZero(base))
      : 8 * nonZeroFloats(inputs as Float64Array, base, inputSize);
    bytes += b;
    if (b > maxExampleBytes) maxExampleBytes = b;
  }
  return { format: scan ? FORMAT_BYTES : FORMAT_FLOATS, bytes, maxExampleBytes };
}

/** Inputs of one example that stay non-zero in float32. */
function nonZeroFloats(inputs: Float64Array, base: number, inputSize: number): number {
  let n = 0;
  for (let k = 0; k < inputSize; k++) if (Math.fround(inputs[base + k]) !== 0) n++;
  return n;
}

/**
 * The non-zero bytes of one example at a time. Images are mostly zeros (81% for MNIST), so where
 * an example's bytes are 4-aligned in their buffer, four zero bytes are skipped with one 32-bit
 * read: both encoding passes over the 55 MB of MNIST take a third of the time.
 */
class ByteScan {
  /** Indices of the last example's non-zero bytes, in increasing order. */
  readonly indices: Int32Array;
  private readonly words: Uint32Array;

  constructor(
    private readonly inputs: Uint8Array,
    private readonly inputSize: number,
  ) {
    this.indices = new Int32Array(inputSize);
    this.words = new Uint32Array(inputs.buffer, 0, inputs.buffer.byteLength >> 2);
  }

  /** Finds the non-zero bytes of the example at `base` (into `indices`); returns their count. */
  nonZero(base: number): number {
    const { inputs, inputSize, indices, words } = this;
    let n = 0;
    let k = 0;
    const start = inputs.byteOffset + base;
    if ((start & 3) === 0) {
      for (; k + 4 <= inputSize; k += 4) {
        if (words[(start + k) >> 2] === 0) continue;
        for (let j = k; j < k + 4; j++) if (inputs[base + j] !== 0) indices[n++] = j;
      }
    }
    for (; k < inputSize; k++) if (inputs[base + k] !== 0) indices[n++] = k;
    return n;
  }
}

/** Pairs an example with these `n` non-zero indices needs, skip pairs included. */
function pairsOf(indices: Int32Array, n: number): number {
  let pairs = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const gap = indices[i] - last;
    // One pair for the pixel, plus one (255, 0) pair per 255 indices beyond the first 255.
    pairs += 1 + (gap > 0 ? Math.floor((gap - 1) / 255) : 0);
    last = indices[i];
  }
  return pairs;
}

/**
 * Writes the encoding of every example into `memory` at `dataAt` and the byte offset of each
 * example (u32 [count + 1], relative to dataAt) at `offsetsAt`.
 */
export function writeEncoded(
  split: Split,
  format: EncodedSize['format'],
  memory: ArrayBuffer | SharedArrayBuffer,
  dataAt: number,
  offsetsAt: number,
): void {
  const bytes = new Uint8Array(memory);
  const view = new DataView(memory);
  const { inputs, inputSize, count } = split;
  const scan = format === FORMAT_BYTES ? new ByteScan(inputs as Uint8Array, inputSize) : null;
  let at = dataAt;
  for (let i = 0; i < count; i++) {
    view.setUint32(offsetsAt + 4 * i, at - dataAt, true);
    const base = i * inputSize;
    if (scan) at = writeBytes(inputs as Uint8Array, base, scan, bytes, at);
    else at = writeFloats(inputs, base, inputSize, view, at);
  }
  view.setUint32(offsetsAt + 4 * count, at - dataAt, true);
}

function writeBytes(
  inputs: Uint8Array,
  base: number,
  scan: ByteScan,
  out: Uint8Array,
  at: number,
): number {
  const n = scan.nonZero(base);
  const { indices } = scan;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    let gap = k - last;
    for (; gap > 255; gap -= 255, at += 2) {
      out[at] = 255;
      out[at + 1] = 0;
    }
    out[at] = gap;
    out[at + 1] = inputs[base + k];
    at += 2;
    last = k;
  }
  return at;
}

function writeFloats(
  inputs: Uint8Array | Float64Array,
  base: number,
  inputSize: number,
  view: DataView,
  at: number,
): number {
  for (let k = 0; k < inputSize; k++) {
    const x = Math.fround(inputs[base + k]);
    if (x === 0) continue;
    view.setUint32(at, k, true);
    view.setFloat32(at + 4, x, true);
    at += 8;
  }
  return at;
}
