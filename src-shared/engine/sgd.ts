/**
 * Mini-batch stochastic gradient descent, Nielsen's `SGD` and `update_mini_batch` (network.py,
 * network2.py): each epoch shuffles the training examples, cuts them into mini-batches of m
 * (the last one may be smaller; batch 1 = online learning), sums ∂C_x/∂w over the batch with the
 * weights from the start of the batch, then takes one step.
 */
import { optimizerOf, type CostName, type OptimizerSpec } from './options';
import type { Float } from './activations';
import type { DropoutMasks } from './dropout';
import type { ExampleReader } from './examples';
import { inputGradient, type FeatureStack } from './layers/feature-stack';
import { stepColumns } from './first-layer';
import type { Gradients } from './network';
import { backprop, feedforward, type Network, type Workspace } from './network';
import {
  adamStep,
  nesterovStep,
  rmspropStep,
  zeroParameterArrays,
  type Moments,
  type ParameterArrays,
  type StepTerms,
} from './optimizers';
import type { Rng } from './rng';

export interface SgdParams {
  cost: CostName;
  /** m */
  batchSize: number;
  /** λ (L2) and λ₁ (L1), both divided by the training set size n as in the book. */
  l2: number;
  l1: number;
  /** μ of momentum SGD when `optimizer` is absent. */
  momentum: number;
  optimizer?: OptimizerSpec;
  trainBiases: boolean;
  shuffle: boolean;
}

/** Velocities of momentum and Nesterov SGD, shaped like the weights and biases. */
export type Velocities = ParameterArrays;

export const zeroVelocities = zeroParameterArrays;

/** The conv layers of a conv net (layers/feature-stack.ts) and their optimizer's state, shaped
 * like stack.params: velocities for momentum and Nesterov, moments for RMSProp and Adam. */
export interface FeatureTraining {
  stack: FeatureStack;
  velocities: Velocities | null;
  moments: Moments | null;
  /** ∂C/∂a^0 of one example (length layers[0]). */
  g: Float64Array;
}

/** Everything one epoch of SGD touches. `velocities` is null unless the optimizer keeps them,
 * `moments` null unless it is RMSProp or Adam, `dropout` null or inactive without dropout. */
export interface SgdState {
  net: Network;
  ws: Workspace;
  grads: Gradients;
  velocities: Velocities | null;
  moments?: Moments | null;
  dropout?: DropoutMasks | null;
  /** Present for a conv net; `train` is then a FeatureReader over the same stack. */
  features?: FeatureTraining | null;
  train: ExampleReader;
  /** Example order of the current epoch (length n). */
  order: Int32Array;
  params: SgdParams;
}

export interface EpochOutcome {
  /** Mean cost C_x over the examples trained on, each measured before its batch's update. */
  meanCost: number;
  /** A batch's cost was NaN or ±∞: the epoch stopped there. */
  diverged: boolean;
}

/** Reports (batch done, batches, mean cost so far) about 100 times per epoch and at its end. */
export type BatchListener = (batch: number, batches: number, meanCost: number) => void;

/** One epoch at learning rate η. The shuffle starts from the identity order, so the Rng alone
 * determines it (a checkpoint between epochs needs no saved order). */
export function sgdEpoch(
  s: SgdState,
  eta: number,
  rng: Rng,
  onBatch?: BatchListener,
): EpochOutcome {
  const n = s.order.length;
  const m = s.params.batchSize;
  for (let i = 0; i < n; i++) s.order[i] = i;
  if (s.params.shuffle) rng.shuffle(s.order);
  const batches = Math.ceil(n / m);
  const every = Math.max(1, Math.floor(batches / 100));
  let total = 0;
  for (let batch = 0; batch < batches; batch++) {
    const start = batch * m;
    const end = Math.min(n, start + m);
    const cost = accumulateBatch(s, start, end, rng);
    total += cost;
    if (!Number.isFinite(cost)) return { meanCost: cost, diverged: true };
    updateMiniBatch(s, eta, end - start, n);
    if (onBatch && ((batch + 1) % every === 0 || batch + 1 === batches))
      onBatch(batch + 1, batches, total / end);
  }
  return { meanCost: total / n, diverged: false };
}

/** Σ_x over examples order[start … end): backprop into s.grads (zeroed first); returns Σ C_x.
 * With dropout, each example's masks are drawn from `rng` just before its forward pass. */
function accumulateBatch(s: SgdState, start: number, end: number, rng: Rng): number {
  s.grads.zero();
  s.features?.stack.zeroGradients();
  const dropout = s.dropout?.active ? s.dropout : null;
  let cost = 0;
  for (let i = start; i < end; i++) {
    const x = s.order[i];
    s.train.load(x, s.ws);
    dropout?.draw(rng);
    feedforward(s.net, s.ws, dropout);
    cost += backprop(s.net, s.ws, s.params.cost, s.train.target(x), s.grads, dropout);
    if (s.features) {
      inputGradient(s.net, s.ws, s.features.g);
      s.features.stack.backward(s.features.g);
    }
  }
  return cost;
}

/**
 * One step from the batch's summed gradients (m examples, n in the training set):
 *   v → μv − (η/m) Σ_x ∂C_x/∂w − (ηλ/n) w − (ηλ₁/n) sgn(w),   w → w + v.
 * With μ = 0 (no velocities kept) the step is Nielsen's w → (1 − ηλ/n) w − (η/m) Σ_x ∂C_x/∂w
 * (ch.3 eq. 93) plus the L1 term (eq. 96). Biases get v_b → μ v_b − (η/m) Σ_x ∂C_x/∂b, no
 * regularization (as in the book), and stay fixed when trainBiases is false (Mazur's example).
 * A plain step (μ = λ = λ₁ = 0) of layer 1 visits only the input columns the batch touched
 * (first-layer.ts), which gives the same weights.
 */
export function updateMiniBatch(s: SgdState, eta: number, m: number, n: number): void {
  const spec = optimizerOf(s.params);
  const terms = { eta, m, l2: s.params.l2 / n, l1: s.params.l1 / n };
  if (s.features) updateFeatures(s.features, spec, s.params, terms);
  if (spec.kind !== 'sgd' && spec.kind !== 'momentum') {
    updateWithOptimizer(s, spec, terms);
    return;
  }
  const { net, grads, velocities: v, params } = s;
  const mu = spec.kind === 'momentum' ? spec.momentum : 0;
  const rate = eta / m;
  const decay = (eta * params.l2) / n;
  const shrink = (eta * params.l1) / n;
  const plain = v === null && decay === 0 && shrink === 0;
  for (let l = 0; l < net.depth; l++) {
    const [w, nw] = [net.weights[l], grads.nablaW[l]];
    if (l === 0 && plain) stepColumns(w, nw, rate, grads.columns, net.sizes[0], net.sizes[1]);
    else stepArray(w, nw, v ? v.w[l] : null, rate, decay, shrink, mu);
    if (!params.trainBiases) continue;
    stepArray(net.biases[l], grads.nablaB[l], v ? v.b[l] : null, rate, 0, 0, mu);
  }
}

type OtherOptimizer = Exclude<OptimizerSpec, { kind: 'sgd' } | { kind: 'momentum' }>;

/** Nesterov, RMSProp or Adam (optimizers.ts) on every weight array, and every bias array
 * without regularization when biases train. Adam's step count t advances once per batch. */
function updateWithOptimizer(s: SgdState, spec: OtherOptimizer, terms: StepTerms): void {
  const { net, grads, params } = s;
  if (s.moments) s.moments.steps++;
  const biasTerms = { ...terms, l2: 0, l1: 0 };
  for (let l = 0; l < net.depth; l++) {
    stepOne(s, spec, 'w', l, net.weights[l], grads.nablaW[l], terms);
    if (params.trainBiases) stepOne(s, spec, 'b', l, net.biases[l], grads.nablaB[l], biasTerms);
  }
}

/** One array `which`[l] of the parameters by `spec`, with its state arrays. */
function stepOne(
  s: SgdState,
  spec: OtherOptimizer,
  which: 'w' | 'b',
  l: number,
  w: Float,
  nw: Float,
  terms: StepTerms,
): void {
  if (spec.kind === 'nesterov') {
    nesterovStep(w, nw, s.velocities![which][l], spec.momentum, terms);
    return;
  }
  const moments = s.moments!;
  if (spec.kind === 'rmsprop') {
    rmspropStep(w, nw, moments.second[which][l], spec, terms);
    return;
  }
  const [first, second] = [moments.first![which][l], moments.second[which][l]];
  adamStep(w, nw, first, second, spec, terms, moments.steps);
}

/** The update above on one array; terms with a zero coefficient are skipped (x − 0 = x exactly). */
function stepArray(
  w: Float,
  nw: Float,
  v: Float | null,
  rate: number,
  decay: number,
  shrink: number,
  mu: number,
): void {
  const len = w.length;
  if (v === null && decay === 0 && shrink === 0) {
    for (let i = 0; i < len; i++) w[i] -= rate * nw[i];
    return;
  }
  for (let i = 0; i < len; i++) {
    let step = -rate * nw[i];
    if (decay !== 0) step -= decay * w[i];
    if (shrink !== 0) step -= shrink * Math.sign(w[i]);
    if (v !== null) {
      v[i] = mu * v[i] + step;
      step = v[i];
    }
    w[i] += step;
  }
}

/**
 * The conv layers' step, by the same optimizer and terms as the dense layers: L2 and L1 on their
 * weights (network3.py regularizes every layer's weights), none on their biases, which stay
 * fixed when trainBiases is false.
 */
function updateFeatures(
  f: FeatureTraining,
  spec: OptimizerSpec,
  params: SgdParams,
  terms: StepTerms,
): void {
  const { params: p, grads } = f.stack;
  if (f.moments) f.moments.steps++;
  p.w.forEach((w, i) => stepFeatureArray(f, spec, 'w', i, w, grads.w[i], terms));
  if (!params.trainBiases) return;
  const biasTerms = { ...terms, l2: 0, l1: 0 };
  p.b.forEach((b, i) => stepFeatureArray(f, spec, 'b', i, b, grads.b[i], biasTerms));
}

/** One conv array `which`[i] by `spec`, with its state arrays (the dense step's equations). */
function stepFeatureArray(
  f: FeatureTraining,
  spec: OptimizerSpec,
  which: 'w' | 'b',
  i: number,
  w: Float,
  nw: Float,
  t: StepTerms,
): void {
  switch (spec.kind) {
    case 'sgd':
    case 'momentum': {
      const v = f.velocities ? f.velocities[which][i] : null;
      const mu = spec.kind === 'momentum' ? spec.momentum : 0;
      stepArray(w, nw, v, t.eta / t.m, t.eta * t.l2, t.eta * t.l1, mu);
      return;
    }
    case 'nesterov':
      nesterovStep(w, nw, f.velocities![which][i], spec.momentum, t);
      return;
    case 'rmsprop':
      rmspropStep(w, nw, f.moments!.second[which][i], spec, t);
      return;
    case 'adam': {
      const m = f.moments!;
      adamStep(w, nw, m.first![which][i], m.second[which][i], spec, t, m.steps);
    }
  }
}
