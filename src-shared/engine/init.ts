/**
 * Initialization of weights and biases, each by its own InitSpec (config `init.weights`,
 * `init.biases`). Random draws come from the run's Rng in a fixed order — for each weight layer
 * l: its weights row-major (j, k), then its biases — so a seed fixes every value.
 *
 * Scales use n_in = n_l and n_out = n_{l+1} of the weight layer, for biases too:
 * scaled-normal N(0, 1/√n_in) (Nielsen ch.3), Xavier/Glorot U(±√(6/(n_in+n_out))) and
 * N(0, √(2/(n_in+n_out))), He/Kaiming U(±√(6/n_in)) and N(0, √(2/n_in)).
 */
import type { InitSpec } from './options';
import { ValidationError } from '../base/validation';
import type { Float } from './activations';
import type { Network } from './network';
import type { Rng } from './rng';

/** Fills the network's weights and biases; explicit values are checked against the sizes. */
export function initialize(
  net: Network,
  init: { weights: InitSpec; biases: InitSpec },
  rng: Rng,
): void {
  checkExplicitInit(init, net.sizes);
  for (let l = 0; l < net.depth; l++) {
    const nIn = net.sizes[l];
    const nOut = net.sizes[l + 1];
    fill(net.weights[l], init.weights, rng, nIn, nOut, (v) => explicitWeights(v, l, nIn, nOut));
    fill(net.biases[l], init.biases, rng, nIn, nOut, (v) => explicitBiases(v, l, nOut));
  }
}

type Explicit = Extract<InitSpec, { kind: 'explicit' }>['values'];

function fill(
  target: Float,
  spec: InitSpec,
  rng: Rng,
  nIn: number,
  nOut: number,
  explicit: (v: Explicit) => number[],
): void {
  if (spec.kind === 'explicit') {
    target.set(explicit(spec.values));
    return;
  }
  const draw = sampler(spec, rng, nIn, nOut);
  for (let i = 0; i < target.length; i++) target[i] = draw();
}

/** One value of a non-explicit spec per call (also the conv layers', layers/feature-stack.ts). */
export function sampler(
  spec: Exclude<InitSpec, { kind: 'explicit' }>,
  rng: Rng,
  nIn: number,
  nOut: number,
): () => number {
  const uniform = (r: number) => () => rng.uniform(-r, r);
  const normal = (mean: number, std: number) => () => mean + std * rng.normal();
  switch (spec.kind) {
    case 'uniform':
      return () => rng.uniform(spec.low, spec.high);
    case 'normal':
      return normal(spec.mean, spec.std);
    case 'scaled-normal':
      return normal(0, 1 / Math.sqrt(nIn));
    case 'xavier-uniform':
      return uniform(Math.sqrt(6 / (nIn + nOut)));
    case 'xavier-normal':
      return normal(0, Math.sqrt(2 / (nIn + nOut)));
    case 'he-uniform':
      return uniform(Math.sqrt(6 / nIn));
    case 'he-normal':
      return normal(0, Math.sqrt(2 / nIn));
    case 'constant':
      return () => spec.value;
    case 'zeros':
      return () => 0;
  }
}

function shapeError(field: string, expected: string, got: string): ValidationError {
  const message = `${field}: expected ${expected}, got ${got}`;
  return new ValidationError(`Invalid config: ${message}`, [
    { path: field, message: `expected ${expected}, got ${got}` },
  ]);
}

/** values[l][j][k] (Nielsen) → row-major j * n_in + k, checking the shape n_out × n_in. */
function explicitWeights(values: Explicit, l: number, nIn: number, nOut: number): number[] {
  const field = `init.weights.values[${l}]`;
  const m = values[l];
  if (!Array.isArray(m) || m.length !== nOut) {
    throw shapeError(
      field,
      `a ${nOut} × ${nIn} matrix (${nOut} rows)`,
      Array.isArray(m) ? `${m.length} rows` : 'nothing',
    );
  }
  return m.flatMap((row, j) => {
    if (!Array.isArray(row) || row.length !== nIn) {
      throw shapeError(
        `${field}[${j}]`,
        `${nIn} weights`,
        Array.isArray(row) ? `${row.length}` : 'a number',
      );
    }
    return row;
  });
}

/** values[l][j] → biases of weight layer l, checking the length n_out. */
function explicitBiases(values: Explicit, l: number, nOut: number): number[] {
  const field = `init.biases.values[${l}]`;
  const v = values[l];
  if (!Array.isArray(v) || v.length !== nOut || v.some((x) => typeof x !== 'number')) {
    throw shapeError(
      field,
      `${nOut} numbers`,
      Array.isArray(v) ? `${v.length} entries` : 'nothing',
    );
  }
  return v as number[];
}

/** Checks explicit init values against the layer sizes (one matrix of n_{l+1} rows of n_l
 * weights, and one vector of n_{l+1} biases, per weight layer); throws a ValidationError naming
 * the first wrong entry, e.g. `init.weights.values[1][0]`. Other kinds need no check. */
export function checkExplicitInit(
  init: { weights: InitSpec; biases: InitSpec },
  sizes: readonly number[],
): void {
  const depth = sizes.length - 1;
  for (const which of ['weights', 'biases'] as const) {
    const spec = init[which];
    if (spec.kind !== 'explicit') continue;
    if (spec.values.length !== depth) {
      throw shapeError(`init.${which}.values`, `${depth} layers`, `${spec.values.length}`);
    }
    for (let l = 0; l < depth; l++) {
      if (which === 'weights') explicitWeights(spec.values, l, sizes[l], sizes[l + 1]);
      else explicitBiases(spec.values, l, sizes[l + 1]);
    }
  }
}
