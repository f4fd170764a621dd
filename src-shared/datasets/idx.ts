/**
 * The idx format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): a 4-byte magic
 * number 0x00 0x00 <type> <dims>, then <dims> big-endian u32 sizes, then the data. Only unsigned
 * bytes (type 0x08) occur in these sets. Bytes in, arrays out: the host reads (and gunzips) files.
 *
 * Nothing is allocated from header values: the header's sizes are checked against the file's
 * length first, so a corrupt header cannot make the parser hang or exhaust memory.
 */
import { DatasetError } from './errors';

const UBYTE = 0x08;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major (a view into the file's bytes). */
  pixels: Uint8Array;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Reads the header of a ubyte idx file with `dims` dimensions; returns the sizes and the data view. */
export function parseIdx(
  bytes: Uint8Array,
  file: string,
  dims: number,
): { sizes: number[]; data: Uint8Array } {
  const what = dims === 1 ? 'an idx1 label file' : `an idx${dims} file`;
  if (bytes.length < 4)
    throw new DatasetError(file, `truncated: ${bytes.length} bytes, too short for ${what}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const expected = (UBYTE << 8) | dims;
  if (magic !== expected) {
    throw new DatasetError(
      file,
      `wrong magic number ${hex(magic)}, expected ${hex(expected)} (${what} of unsigned bytes)`,
    );
  }
  const headerLength = 4 + 4 * dims;
  if (bytes.length < headerLength) {
    throw new DatasetError(
      file,
      `truncated: ${bytes.length} bytes, the header alone needs ${headerLength}`,
    );
  }
  const sizes = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const dataLength = sizes.reduce((n, s) => n * s, 1);
  const actual = bytes.length - headerLength;
  if (actual !== dataLength) {
    const kind = actual < dataLength ? 'truncated' : 'over-long';
    throw new DatasetError(
      file,
      `${kind}: the header says ${sizes.join(' × ')} = ${dataLength} bytes of data, the file has ${actual}`,
    );
  }
  return { sizes, data: bytes.subarray(headerLength) };
}

/** An idx3 image file: count × rows × cols pixels. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const { sizes, data } = parseIdx(bytes, file, 3);
  const [count, rows, cols] = sizes;
  if (rows === 0 || cols === 0)
    throw new DatasetError(file, `images of ${rows} × ${cols} pixels, expected at least 1 × 1`);
  return { count, rows, cols, pixels: data };
}

/** An idx1 label file; every label must be below `classes`. */
export function parseIdxLabels(bytes: Uint8Array, file: string, classes: number): Int32Array {
  const { data } = parseIdx(bytes, file, 1);
  const labels = Int32Array.from(data);
  const bad = labels.findIndex((v) => v >= classes);
  if (bad >= 0) {
    throw new DatasetError(
      file,
      `label ${labels[bad]} at index ${bad} is out of range, expected 0 … ${classes - 1}`,
    );
  }
  return labels;
}

/** Images and labels must describe the same number of examples. */
export function checkPair(
  images: IdxImages,
  labels: Int32Array,
  imagesFile: string,
  labelsFile: string,
): void {
  if (images.count !== labels.length) {
    throw new DatasetError(
      imagesFile,
      `has ${images.count} images but ${labelsFile} has ${labels.length} labels; expected the same count`,
    );
  }
}
