/**
 * NumPy's .npy format, version 1.0 (numpy.lib.format): the magic "\x93NUMPY", the version bytes
 * 1 0, a little-endian uint16 header length, then an ASCII header — a Python dict literal with
 * 'descr', 'fortran_order' and 'shape' — padded with spaces and ended by "\n" so that magic,
 * version, length and header together fill a multiple of 64 bytes; then the data in C order.
 * Values are written as little-endian float64 ('<f8'), which holds the engine's float32 and
 * float64 weights exactly.
 */
import type { WeightsJson } from '../base/records';

/** One array for an .npz: its name inside the archive (without ".npy") and its encoded bytes. */
export interface NpyEntry {
  name: string;
  bytes: Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const PREAMBLE = MAGIC.length + 2 + 2; // magic, version, header length

/** The header text for a float64 C-order array of `shape`, padded as the spec requires. */
export function npyHeader(shape: number[]): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${dims}, }`;
  const unpadded = PREAMBLE + dict.length + 1; // + the final "\n"
  const padding = (64 - (unpadded % 64)) % 64;
  return `${dict}${' '.repeat(padding)}\n`;
}

/** A float64 array of `shape` holding `values` (C order: the last index varies fastest). */
export function encodeNpy(shape: number[], values: ArrayLike<number>): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (values.length !== count)
    throw new Error(
      `An array of shape (${shape.join(', ')}) needs ${count} values, got ${values.length}`,
    );
  const header = npyHeader(shape);
  const bytes = new Uint8Array(PREAMBLE + header.length + count * 8);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  bytes[6] = 1; // major version
  bytes[7] = 0; // minor version
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[PREAMBLE + i] = header.charCodeAt(i);
  const data = PREAMBLE + header.length;
  for (let i = 0; i < count; i++) view.setFloat64(data + i * 8, values[i], true);
  return bytes;
}

/**
 * A network's weights as arrays W1…WL and b1…bL. W_l has shape (n_l, n_{l-1}) — rows are the
 * layer's units, columns its inputs, as the engine stores them (Nielsen's w[l][j][k]) — so
 * a = σ(W_l · a_prev + b_l); b_l has shape (n_l,). A conv net's conv layers come first as
 * conv1_W (F, C, k, k) and conv1_b (F,), …, and its dense layers are then named dense1_W, dense1_b,
 * …, so its first dense layer is never read as the network's first layer. `convShapes` gives each
 * conv layer's [F, C, k, k] (from the run's config.features).
 */
export function weightsAsNpy(
  weights: WeightsJson,
  convShapes: readonly (readonly number[])[] = [],
): NpyEntry[] {
  const conv = weights.features;
  const dense = conv ? (l: number, kind: string) => `dense${l + 1}_${kind}` : undefined;
  const ws = weights.weights.map((w, l) => ({
    name: dense ? dense(l, 'W') : `W${l + 1}`,
    bytes: encodeNpy([w.length, w[0]?.length ?? 0], w.flat()),
  }));
  const bs = weights.biases.map((b, l) => ({
    name: dense ? dense(l, 'b') : `b${l + 1}`,
    bytes: encodeNpy([b.length], b),
  }));
  if (!conv) return [...ws, ...bs];
  const convs = conv.weights.flatMap((w, i) => [
    { name: `conv${i + 1}_W`, bytes: encodeNpy([...(convShapes[i] ?? [w.length])], w) },
    { name: `conv${i + 1}_b`, bytes: encodeNpy([conv.biases[i].length], conv.biases[i]) },
  ]);
  return [...convs, ...ws, ...bs];
}

/** Data types a logged .npy may hold, by their `descr` without the byte order, with item sizes.
 * Booleans, integers and IEEE floats only: object arrays are pickles, which nothing here may load. */
export const NPY_ITEM_SIZES: Readonly<Record<string, number>> = {
  b1: 1,
  i1: 1,
  u1: 1,
  i2: 2,
  u2: 2,
  f2: 2,
  i4: 4,
  u4: 4,
  f4: 4,
  i8: 8,
  u8: 8,
  f8: 8,
};

/** What an .npy file's header says: the array's data type, shape and order. */
export interface NpyArrayInfo {
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
}

/**
 * Reads and checks an .npy file (versions 1.0, 2.0 and 3.0): the magic, the header dict with
 * exactly 'descr', 'fortran_order' and 'shape', an allowed data type, and data exactly
 * shape × itemsize bytes long. Throws an Error saying what was expected.
 */
export function parseNpy(bytes: Uint8Array): NpyArrayInfo {
  if (bytes.length < PREAMBLE || MAGIC.some((b, i) => bytes[i] !== b))
    throw new Error('expected an .npy file: it must start with the magic "\\x93NUMPY"');
  const major = bytes[6];
  if (major < 1 || major > 3 || bytes[7] !== 0)
    throw new Error(`expected .npy version 1.0, 2.0 or 3.0, got ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) throw new Error('the .npy header is cut short');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  // NumPy's own reader (max_header_size) refuses longer ones; a shape of 32 dims needs ~400.
  if (headerLength > MAX_HEADER_BYTES)
    throw new Error(
      `expected an .npy header of at most ${MAX_HEADER_BYTES} bytes, as NumPy reads, got ${headerLength}`,
    );
  const dataStart = 8 + lengthSize + headerLength;
  if (dataStart > bytes.length)
    throw new Error(`the .npy header says ${headerLength} bytes but the file ends before that`);
  const header = new TextDecoder('utf-8', { fatal: false }).decode(
    bytes.subarray(8 + lengthSize, dataStart),
  );
  const info = parseNpyHeader(header);
  const itemSize = NPY_ITEM_SIZES[info.dtype.slice(1)];
  const count = info.shape.reduce((a, b) => a * b, 1);
  const expected = count * itemSize;
  if (bytes.length - dataStart !== expected)
    throw new Error(
      `expected ${expected} bytes of data for shape (${info.shape.join(', ')}) of ${info.dtype}, got ${bytes.length - dataStart}`,
    );
  return info;
}

const MAX_HEADER_BYTES = 10_000;
const DESCR = /^[<>|=]([biuf][1248])$/;
const VALUE = String.raw`'[^']*'|True|False|\([\d\s,]*\)`;
const ENTRY = String.raw`'[a-z_]+'\s*:\s*(?:${VALUE})`;
// The end is `\s*(?:,\s*)?\}`, not `\s*,?\s*\}`: two adjacent \s* backtrack quadratically on
// a long run of spaces with no closing brace.
const HEADER = new RegExp(
  String.raw`^\{\s*(${ENTRY}\s*,\s*${ENTRY}\s*,\s*${ENTRY})\s*(?:,\s*)?\}\s*$`,
);

/** The header dict, a Python literal such as
 * {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } — nothing else is accepted. */
function parseNpyHeader(header: string): NpyArrayInfo {
  const match = HEADER.exec(header);
  if (!match)
    throw new Error(
      "expected an .npy header dict {'descr': …, 'fortran_order': …, 'shape': (…)} and nothing else",
    );
  const entries = new Map<string, string>();
  for (const [, key, value] of match[1].matchAll(new RegExp(`'([a-z_]+)'\\s*:\\s*(${VALUE})`, 'g')))
    entries.set(key, value);
  const descr = entries.get('descr')?.slice(1, -1) ?? '';
  const order = entries.get('fortran_order');
  const shapeText = entries.get('shape');
  if (entries.size !== 3 || order === undefined || shapeText === undefined)
    throw new Error("expected the .npy header keys 'descr', 'fortran_order' and 'shape'");
  const kind = DESCR.exec(descr)?.[1];
  if (kind === undefined || NPY_ITEM_SIZES[kind] === undefined || !byteOrderFits(descr))
    throw new Error(
      `expected a data type of ${Object.keys(NPY_ITEM_SIZES).join(', ')} (e.g. '<f8'), got '${descr}'`,
    );
  if (order !== 'True' && order !== 'False')
    throw new Error('expected fortran_order True or False');
  return { dtype: descr, shape: shapeOf(shapeText), fortranOrder: order === 'True' };
}

/** One-byte types carry no byte order ('|'); wider ones say '<' or '>' ('=' is the writer's
 * machine, which a file read elsewhere cannot know). */
function byteOrderFits(descr: string): boolean {
  const wide = Number(descr.slice(2)) > 1;
  return wide ? descr[0] === '<' || descr[0] === '>' : descr[0] === '|';
}

/** "(3, 4)", "(5,)" or "()" as numbers; a one-element tuple needs its comma, as in Python. */
function shapeOf(text: string): number[] {
  const inner = text.slice(1, -1).trim();
  if (inner === '') return [];
  const parts = inner.split(',').map((p) => p.trim());
  if (parts.at(-1) === '') parts.pop();
  else if (parts.length === 1) throw new Error(`expected a shape tuple, got ${text}`);
  if (parts.some((p) => !/^\d+$/.test(p)))
    throw new Error(`expected a shape of whole numbers, got ${text}`);
  const shape = parts.map(Number);
  if (shape.some((n) => !Number.isSafeInteger(n)) || shape.length > 32)
    throw new Error(`expected at most 32 dimensions of safe sizes, got ${text}`);
  return shape;
}
