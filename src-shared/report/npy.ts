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
 * a = σ(W_l · a_prev + b_l); b_l has shape (n_l,).
 */
export function weightsAsNpy(weights: WeightsJson): NpyEntry[] {
  const ws = weights.weights.map((w, l) => ({
    name: `W${l + 1}`,
    bytes: encodeNpy([w.length, w[0]?.length ?? 0], w.flat()),
  }));
  const bs = weights.biases.map((b, l) => ({ name: `b${l + 1}`, bytes: encodeNpy([b.length], b) }));
  return [...ws, ...bs];
}
