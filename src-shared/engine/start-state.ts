/**
 * Where a session starts — fresh from the seed or restored from a checkpoint — and how its state
 * is written back into a checkpoint. Shared by every engine, so a seed gives the same initial
 * weights and a checkpoint resumes the same way whichever engine runs the epochs.
 */
import type { LoadedDataset } from '../base/dataset';
import { validateShape } from './validate-shape';
import { activationsOf, type TrainingOptions } from './options';
import { CheckpointError, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint';
import { initialize } from './init';
import { Network } from './network';
import { Rng } from './rng';
import { initialControl, type ControlState } from './schedule';
import { zeroVelocities, type Velocities } from './sgd';

/** Everything that evolves during a run besides the records. */
export interface StartState {
  net: Network;
  /** The run's only random stream: initialization, then one shuffle per epoch. */
  rng: Rng;
  control: ControlState;
  /** Null when momentum is 0. */
  velocities: Velocities | null;
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
  const velocities = config.momentum > 0 ? zeroVelocities(net) : null;
  return { net, rng, control: initialControl(config), velocities, epoch: 0, diverged: false };
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
  return {
    net,
    rng: Rng.restore(meta.rng),
    control: meta.control,
    velocities: saved.velocities,
    epoch: meta.epoch,
    diverged: meta.diverged,
  };
}

/** The checkpoint of a run in `state` after `epoch` epochs. */
export function checkpointOf(state: StartState, epoch: number, diverged: boolean): Uint8Array {
  const { net, velocities } = state;
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
    },
    weights: net.weights,
    biases: net.biases,
    velocities,
  });
}

/**
 * Parses a checkpoint that must come from a run with the same layers, activations, precision and
 * momentum (velocities kept or not) as `config`; throws a CheckpointError saying what differs.
 * Also the owner's check of a checkpoint that arrives from another machine.
 */
export function readCheckpointFor(
  config: Pick<TrainingOptions, 'layers' | 'activations' | 'precision' | 'momentum'>,
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
    meta.hasVelocities !== config.momentum > 0 && `momentum ${meta.hasVelocities ? '> 0' : '0'}`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new CheckpointError(
      `checkpoint does not match the config: it has ${problems.join(', ')}`,
    );
  }
  return saved;
}
