/**
 * Reading one example of a Split into a Workspace: the input vector a^0 (bytes scaled by 1/255
 * through a lookup table in the run's precision, so float32 and float64 runs see the exact
 * rounded pixel values) and its target vector y (one-hot from the label, or explicit targets).
 */
import type { Split } from '../base/dataset';
import type { Float } from './activations';
import { newFloat, type Precision, type Workspace } from './network';

export class ExampleReader {
  private readonly scale: Float;
  private readonly oneHot: Float64Array;

  constructor(
    readonly split: Split,
    readonly outputSize: number,
    precision: Precision,
  ) {
    this.scale = newFloat(precision, 256);
    for (let v = 0; v < 256; v++) this.scale[v] = v / 255;
    this.oneHot = new Float64Array(outputSize);
  }

  /** Writes example i into ws.as[0] and its non-zero inputs into ws.nz / ws.xv. */
  load(i: number, ws: Workspace): void {
    const { inputs, inputSize } = this.split;
    const x = ws.as[0];
    const { nz, xv } = ws;
    const base = i * inputSize;
    const bytes = inputs instanceof Uint8Array;
    let c = 0;
    for (let k = 0; k < inputSize; k++) {
      const v = inputs[base + k];
      x[k] = bytes ? this.scale[v] : v;
      if (v === 0) continue;
      nz[c] = k;
      xv[c++] = x[k];
    }
    ws.nzCount = c;
  }

  /** Writes example i's input values (scaled like `load`) into x, nothing else. */
  loadRow(i: number, x: Float): void {
    const { inputs, inputSize } = this.split;
    const base = i * inputSize;
    if (inputs instanceof Uint8Array)
      for (let k = 0; k < inputSize; k++) x[k] = this.scale[inputs[base + k]];
    else for (let k = 0; k < inputSize; k++) x[k] = inputs[base + k];
  }

  /** The target vector y of example i (valid until the next call). */
  target(i: number): ArrayLike<number> {
    const { targets } = this.split;
    if (targets) return targets.subarray(i * this.outputSize, (i + 1) * this.outputSize);
    this.oneHot.fill(0);
    this.oneHot[this.split.labels[i]] = 1;
    return this.oneHot;
  }

  /** Class label of example i, or −1 when the split has no labels. */
  label(i: number): number {
    return this.split.labels[i];
  }
}

/**
 * The class a network output predicts: argmax for several outputs, a ≥ 0.5 for one output
 * (a binary task such as XOR).
 */
export function predictedClass(out: ArrayLike<number>, n: number): number {
  if (n === 1) return out[0] >= 0.5 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < n; j++) if (out[j] > out[best]) best = j;
  return best;
}
