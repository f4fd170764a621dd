/**
 * The expanded training set of Nielsen ch.3 and ch.6 (expand_mnist.py): every training image, then
 * every image shifted by `pixels` down, up, right and left, the row or column shifted in filled
 * with zeros — 5× the examples. Only images can be shifted, so a split needs the dataset's
 * imageShape and byte pixels. The order is fixed (originals first, then one block per direction):
 * the run's seeded shuffle orders them each epoch, so a seed still gives one sequence.
 */
import type { LoadedDataset, Split } from '../base/dataset';
import type { ExpandSpec } from './options';

/** (row, column) offsets of the four shifts: down, up, right, left. */
const SHIFTS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;

/** Why `data` cannot be expanded, or null when it can. */
export function expandProblem(data: Pick<LoadedDataset, 'id' | 'imageShape'>): string | null {
  if (!data.imageShape)
    return `shifting needs images, and ${data.id} is no image dataset (it has no rows and columns)`;
  return null;
}

/** `data` with its training split expanded by `spec`; validation and test stay as they are. */
export function expandTraining(data: LoadedDataset, spec: ExpandSpec): LoadedDataset {
  const problem = expandProblem(data);
  if (problem) throw new Error(`expand: ${problem}`);
  const [rows, cols] = data.imageShape!;
  return { ...data, train: shiftedSplit(data.train, rows, cols, spec.pixels) };
}

function shiftedSplit(split: Split, rows: number, cols: number, pixels: number): Split {
  const { count, inputSize, inputs, labels, targets } = split;
  if (!(inputs instanceof Uint8Array) || inputSize !== rows * cols)
    throw new Error(`expand: the training images are not ${rows}×${cols} bytes`);
  const out = new Uint8Array(inputs.length * 5);
  out.set(inputs);
  SHIFTS.forEach(([dr, dc], s) => {
    for (let i = 0; i < count; i++) {
      const from = inputs.subarray(i * inputSize, (i + 1) * inputSize);
      const to = out.subarray(((s + 1) * count + i) * inputSize);
      shiftImage(from, to, rows, cols, dr * pixels, dc * pixels);
    }
  });
  const repeat = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const r = make(a.length * 5);
    for (let s = 0; s < 5; s++) r.set(a, s * a.length);
    return r;
  };
  return {
    count: count * 5,
    inputSize,
    inputs: out,
    labels: repeat(labels, (n) => new Int32Array(n)),
    targets: targets ? repeat(targets, (n) => new Float64Array(n)) : null,
  };
}

/** to[r][c] = from[r − dr][c − dc], 0 where that falls outside the image (to starts zeroed). */
function shiftImage(
  from: Uint8Array,
  to: Uint8Array,
  rows: number,
  cols: number,
  dr: number,
  dc: number,
): void {
  for (let r = Math.max(0, dr); r < Math.min(rows, rows + dr); r++) {
    for (let c = Math.max(0, dc); c < Math.min(cols, cols + dc); c++)
      to[r * cols + c] = from[(r - dr) * cols + (c - dc)];
  }
}
