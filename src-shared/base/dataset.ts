/** In-memory datasets: bytes in, arrays out. The host reads files; src-shared only parses. */

/** One split of a dataset. Image datasets keep their pixels once as bytes (0–255, scaled to
 * [0, 1] as used); small or CSV/inline sets may carry floats instead. */
export interface Split {
  /** Number of examples. */
  count: number;
  inputSize: number;
  /** Row-major inputs, example i at [i*inputSize, (i+1)*inputSize). Bytes are scaled by 1/255. */
  inputs: Uint8Array | Float64Array;
  /** Class label per example (0-based), or -1 where targets are not one-hot (regression). */
  labels: Int32Array;
  /** Explicit target vectors (count × outputSize) when they are not one-hot labels. */
  targets: Float64Array | null;
}

export interface LoadedDataset {
  /** "mnist", "fashion-mnist", "xor", "idx:/path", ... */
  id: string;
  name: string;
  inputSize: number;
  /** Output size: classes for classification, target width otherwise. */
  outputSize: number;
  /** [rows, cols] for image datasets (drawn as pictures), else null. */
  imageShape: [number, number] | null;
  classNames: string[] | null;
  train: Split;
  validation: Split;
  test: Split;
}
