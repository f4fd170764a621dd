/**
 * Moves weights, biases and the optimizer's state arrays between the reference engine's arrays (weights[l][j·n_l +
 * k], biases[l][j]; Network in network.ts) and the kernel's layout (memory-plan.ts): first layer
 * in per-thread input-major slices, dense layers output-major with padded rows. Pure copies of
 * float32 values, so a round trip is exact.
 */
import type { Float } from '../../../src-shared/engine/activations';
import type { MemoryViews } from './context';
import type { MemoryPlan } from './memory-plan';
import type { Moments } from '../../../src-shared/engine/optimizers';

/** The arrays of one kind: weights and biases, or their velocities. */
export interface LayerArrays {
  w: Float[];
  b: Float[];
}

/** The parameters; their velocities (momentum, Nesterov) or second moments (RMSProp's r,
 * Adam's v), which share the kernel's V arrays; or Adam's first moments m (its M arrays). */
type Which = 'params' | 'velocities' | 'first';

/** Address of the first-layer block of slice t and of dense layer l's matrix and biases. */
function places(plan: MemoryPlan, which: Which) {
  const [w, b] = ({ params: ['w', 'b'], velocities: ['vw', 'vb'], first: ['mw', 'mb'] } as const)[
    which
  ];
  return {
    slice: (t: number) => plan.slices[t][w],
    matrix: (l: number) => plan.layers[l][w],
    bias: (l: number) => plan.layers[l][b],
  };
}

/** Copies reference-layout arrays into the kernel memory. */
export function writeArrays(
  v: MemoryViews,
  plan: MemoryPlan,
  src: LayerArrays,
  which: Which,
): void {
  const at = places(plan, which);
  plan.layers.forEach((layer, l) => {
    const { nIn, nOut, row } = layer;
    const w = src.w[l];
    if (l === 0) {
      for (const [t, slice] of plan.slices.entries()) {
        const base = at.slice(t) / 4;
        for (let u = 0; u < slice.width && slice.start + u < nOut; u++) {
          const j = slice.start + u;
          for (let k = 0; k < nIn; k++) v.f32[base + k * slice.width + u] = w[j * nIn + k];
        }
      }
    } else {
      const base = at.matrix(l) / 4;
      for (let j = 0; j < nOut; j++) v.f32.set(w.subarray(j * nIn, (j + 1) * nIn), base + j * row);
    }
    v.f32.set(src.b[l], at.bias(l) / 4);
  });
}

/** Copies the kernel memory's arrays into reference-layout arrays. */
export function readArrays(v: MemoryViews, plan: MemoryPlan, dst: LayerArrays, which: Which): void {
  const at = places(plan, which);
  plan.layers.forEach((layer, l) => {
    const { nIn, nOut, row } = layer;
    const w = dst.w[l];
    if (l === 0) {
      for (const [t, slice] of plan.slices.entries()) {
        const base = at.slice(t) / 4;
        for (let u = 0; u < slice.width && slice.start + u < nOut; u++) {
          const j = slice.start + u;
          for (let k = 0; k < nIn; k++) w[j * nIn + k] = v.f32[base + k * slice.width + u];
        }
      }
    } else {
      const base = at.matrix(l) / 4;
      for (let j = 0; j < nOut; j++)
        w.set(v.f32.subarray(base + j * row, base + j * row + nIn), j * nIn);
    }
    const b = at.bias(l) / 4;
    dst.b[l].set(v.f32.subarray(b, b + nOut));
  });
}

/** A run's weights, biases and optimizer state (the reference engine's arrays). */
interface RunArrays {
  net: { weights: Float[]; biases: Float[] };
  velocities: LayerArrays | null;
  moments?: Moments | null;
}

/** The state arrays of a run and where each lives in the kernel. */
function stateOf(run: RunArrays): [LayerArrays, Which][] {
  const m = run.moments;
  return [
    [{ w: run.net.weights, b: run.net.biases }, 'params'],
    ...(run.velocities ? [[run.velocities, 'velocities'] as [LayerArrays, Which]] : []),
    ...(m ? [[m.second, 'velocities'] as [LayerArrays, Which]] : []),
    ...(m?.first ? [[m.first, 'first'] as [LayerArrays, Which]] : []),
  ];
}

/** The run's weights, biases and optimizer state into the kernel memory (Adam's step count
 * goes with each epoch's η: setLearningRate). */
export function writeRunState(v: MemoryViews, plan: MemoryPlan, run: RunArrays): void {
  for (const [arrays, which] of stateOf(run)) writeArrays(v, plan, arrays, which);
}

/** The kernel memory back into the run's weights, biases and optimizer state. */
export function readRunState(v: MemoryViews, plan: MemoryPlan, run: RunArrays): void {
  for (const [arrays, which] of stateOf(run)) readArrays(v, plan, arrays, which);
}
