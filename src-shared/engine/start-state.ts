/**
 * Where a session starts — fresh from the seed or restored from a checkpoint — and how its state
 * is written back into a checkpoint. Shared by every engine, so a seed gives the same initial
 * weights and a checkpoint resumes the same way whichever engine runs the epochs.
 */
import type { LoadedDataset } from '../base/dataset';
import { validateShape } from './validate-shape';
import {
  activationsOf,
  optimizerOf,
  type OptimizerKind,
  type OptimizerSpec,
  type TrainingOptions,
} from './options';
import { CheckpointError, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint';
import { initialize } from './init';
import { Network } from './network';
import { Rng } from './rng';
import { initialControl, type ControlState } from './schedule';
import { zeroVelocities, type FeatureTraining, type Velocities } from './sgd';
import { keepsVelocities, momentCount, zeroMoments, type Moments } from './optimizers';
import {
  FeatureStack,
  featureLayoutText,
  initializeFeatures,
  planFeatures,
  zeroFeatureArrays,
} from './layers/feature-stack';

/** Everything that evolves during a run besides the records. */
export interface StartState {
  net: Network;
  /** The run's only random stream: initialization, then one shuffle per epoch. */
  rng: Rng;
  control: ControlState;
  /** Null unless the optimizer is momentum or Nesterov SGD. */
  velocities: Velocities | null;
  /** RMSProp's or Adam's moment estimates and step count; null (or absent) for the others. */
  moments?: Moments | null;
  /** The optimizer whose state this is (absent: momentum with velocities, else SGD). */
  optimizer?: OptimizerKind;
  /** A conv net's conv layers with their optimizer state; null (or absent) without them. */
  features?: FeatureTraining | null;
  epoch: number;
  diverged: boolean;
}

function networkOf(config: TrainingOptions): Network {
  return new Network(config.layers, activationsOf(config), config.precision);
}

/** A fresh run: checks the config against the data and the budget, then initializes. */
export function freshStart(
  config: TrainingOptions,
  data: LoadedDataset,
  memoryBudgetBytes?: number,
): StartState {
  validateShape(config, data, memoryBudgetBytes);
  const net = networkOf(config);
  const rng = new Rng(config.seed);
  initialize(net, config.init, rng);
  const optimizer = optimizerOf(config);
  const features = featuresOf(config, optimizer);
  if (features) initializeFeatures(features.stack, config.init, rng);
  const velocities = keepsVelocities(optimizer) ? zeroVelocities(net) : null;
  const moments = zeroMoments(net, optimizer);
  const control = initialControl(config);
  return {
    ...{ net, rng, control, velocities, moments, optimizer: optimizer.kind },
    ...{ features, epoch: 0, diverged: false },
  };
}

/** A run resumed from `checkpoint`, which must come from a run of the same network. */
export function restoredStart(
  config: TrainingOptions,
  data: LoadedDataset,
  checkpoint: Uint8Array,
  memoryBudgetBytes?: number,
): StartState {
  validateShape(config, data, memoryBudgetBytes);
  const saved = readCheckpointFor(config, checkpoint);
  const net = networkOf(config);
  saved.weights.forEach((w, l) => net.weights[l].set(w));
  saved.biases.forEach((b, l) => net.biases[l].set(b));
  const { meta } = saved;
  const features = featuresOf(config, optimizerOf(config));
  if (features) restoreFeatures(features, saved);
  return {
    features,
    net,
    rng: Rng.restore(meta.rng),
    control: meta.control,
    velocities: saved.velocities,
    moments: momentsOf(saved),
    optimizer: meta.optimizer,
    epoch: meta.epoch,
    diverged: meta.diverged,
  };
}

/** The saved moments as the optimizer keeps them: Adam's [m, v], RMSProp's [r]. */
function momentsOf(saved: Checkpoint): Moments | null {
  const sets = saved.moments ?? [];
  if (sets.length === 0) return null;
  const steps = saved.meta.steps ?? 0;
  return sets.length === 2
    ? { first: sets[0], second: sets[1], steps }
    : { first: null, second: sets[0], steps };
}

/** A conv net's stack with zeroed parameters and the optimizer state `optimizer` keeps. */
function featuresOf(config: TrainingOptions, optimizer: OptimizerSpec): FeatureTraining | null {
  if (!config.features) return null;
  const plan = planFeatures(config.features);
  const zero = () => zeroFeatureArrays(plan, config.precision);
  const count = momentCount(optimizer);
  return {
    stack: new FeatureStack(plan, config.precision),
    velocities: keepsVelocities(optimizer) ? zero() : null,
    moments: count === 0 ? null : { first: count === 2 ? zero() : null, second: zero(), steps: 0 },
    g: new Float64Array(config.layers[0]),
  };
}

/** Copies the saved conv arrays (parameters, velocities, moments: the dense order) into `f`. */
function restoreFeatures(f: FeatureTraining, saved: Checkpoint): void {
  const sets = saved.features ?? [];
  featureSetsOf(f)!.forEach((t, i) => {
    t.w.forEach((a, k) => a.set(sets[i].w[k]));
    t.b.forEach((a, k) => a.set(sets[i].b[k]));
  });
  if (f.moments) f.moments.steps = saved.meta.steps ?? 0;
}

/** The conv arrays in checkpoint order, or undefined for a network without conv layers. */
function featureSetsOf(f: FeatureTraining | null | undefined) {
  if (!f) return undefined;
  const m = f.moments;
  return [
    f.stack.params,
    ...(f.velocities ? [f.velocities] : []),
    ...(m ? [...(m.first ? [m.first] : []), m.second] : []),
  ];
}

/** The checkpoint of a run in `state` after `epoch` epochs. */
export function checkpointOf(state: StartState, epoch: number, diverged: boolean): Uint8Array {
  const { net, velocities } = state;
  const moments = state.moments ?? null;
  return writeCheckpoint({
    meta: {
      sizes: [...net.sizes],
      activations: [...net.activations],
      precision: net.precision,
      epoch,
      diverged,
      rng: state.rng.state(),
      control: structuredClone(state.control),
      hasVelocities: velocities !== null,
      optimizer: state.optimizer,
      steps: moments?.steps ?? 0,
      ...(state.features && {
        features: { weights: [], biases: [], layout: featureLayoutText(state.features.stack.plan) },
      }),
    },
    weights: net.weights,
    biases: net.biases,
    velocities,
    moments: moments ? [...(moments.first ? [moments.first] : []), moments.second] : [],
    features: featureSetsOf(state.features),
  });
}

/**
 * Parses a checkpoint that must come from a run with the same layers, activations, precision and
 * optimizer (its kind, so the same state arrays) as `config`; throws a CheckpointError saying what
 * differs. Also the owner's check of a checkpoint that arrives from another machine.
 */
export function readCheckpointFor(
  config: Pick<
    TrainingOptions,
    'layers' | 'activations' | 'precision' | 'momentum' | 'optimizer' | 'features'
  >,
  bytes: Uint8Array,
): Checkpoint {
  const saved = readCheckpoint(bytes);
  const { meta } = saved;
  const activations = activationsOf(config);
  const same = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  const problems = [
    !same(meta.sizes, config.layers) &&
      `layers ${meta.sizes.join('-')} (config: ${config.layers.join('-')})`,
    !same(meta.activations, activations) && `activations ${meta.activations.join(',')}`,
    meta.precision !== config.precision && `precision ${meta.precision}`,
    ...optimizerProblems(saved, optimizerOf(config)),
    featureProblem(saved, config),
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new CheckpointError(
      `checkpoint does not match the config: it has ${problems.join(', ')}`,
    );
  }
  return saved;
}

/** How the checkpoint's conv layers differ from the config's, or null when they match: their
 * layout when the checkpoint states it, else (the first format 3 ones) their array lengths. */
function featureProblem(
  saved: Checkpoint,
  config: Pick<TrainingOptions, 'features'>,
): string | null {
  const have = saved.meta.features;
  const plan = config.features ? planFeatures(config.features) : null;
  if (have?.layout !== undefined && plan) {
    const want = featureLayoutText(plan);
    return have.layout === want ? null : `conv layers ${have.layout} (config: ${want})`;
  }
  const want = plan ? zeroFeatureArrays(plan, 'float32') : null;
  const lengths = (a: { length: number }[]) => a.map((x) => x.length).join(',');
  const haveText = have ? `${have.weights.join(',')} / ${have.biases.join(',')}` : 'none';
  const wantText = want ? `${lengths(want.w)} / ${lengths(want.b)}` : 'none';
  return haveText === wantText
    ? null
    : `conv layers with weights / biases ${haveText} (config: ${wantText})`;
}

/** How the checkpoint's optimizer state differs from what `optimizer` keeps (empty: it fits). */
function optimizerProblems(saved: Checkpoint, optimizer: ReturnType<typeof optimizerOf>): string[] {
  const { meta } = saved;
  if (meta.optimizer !== optimizer.kind)
    return [`optimizer ${meta.optimizer} (config: ${optimizer.kind})`];
  const velocitiesOk = meta.hasVelocities === keepsVelocities(optimizer);
  const momentsOk = (saved.moments?.length ?? 0) === momentCount(optimizer);
  return velocitiesOk && momentsOk ? [] : [`state arrays that ${optimizer.kind} does not keep`];
}
