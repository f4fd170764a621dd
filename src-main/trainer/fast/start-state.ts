/**
 * Where a fast session starts: the reference engine's own initialization (same Rng draws, so a
 * seed gives the same initial weights in both engines) or a checkpoint in the reference format.
 */
import type { LoadedDataset } from '../../../src-shared/datasets/types';
import { validateShape } from '../../../src-shared/datasets/validate-shape';
import { readCheckpoint } from '../../../src-shared/engine/checkpoint';
import { initialize } from '../../../src-shared/engine/init';
import { Network } from '../../../src-shared/engine/network';
import { restoreSession } from '../../../src-shared/engine/reference-session';
import { Rng } from '../../../src-shared/engine/rng';
import { initialControl, type ControlState } from '../../../src-shared/engine/schedule';
import { zeroVelocities, type Velocities } from '../../../src-shared/engine/sgd';
import { activationsOf, type RunConfig } from '../../../src-shared/experiment/config';

export interface StartState {
  /** float32 mirror of the kernel's weights (probe statistics, checkpoints, weights()). */
  net: Network;
  rng: Rng;
  control: ControlState;
  velocities: Velocities | null;
  epoch: number;
  diverged: boolean;
}

/** A fresh run: checks the config against the data, then initializes from the seed. */
export function freshStart(config: RunConfig, data: LoadedDataset): StartState {
  validateShape(config, data);
  const net = new Network(config.layers, activationsOf(config), 'float32');
  const rng = new Rng(config.seed);
  initialize(net, config.init, rng);
  return {
    net,
    rng,
    control: initialControl(config),
    velocities: config.momentum > 0 ? zeroVelocities(net) : null,
    epoch: 0,
    diverged: false,
  };
}

/** A run resumed from `checkpoint`. The reference engine's restore validates it first, so a
 * checkpoint that does not fit the config fails with the same message in both engines. */
export function restoredStart(
  config: RunConfig,
  data: LoadedDataset,
  checkpoint: Uint8Array,
): StartState {
  restoreSession(config, data, checkpoint);
  const saved = readCheckpoint(checkpoint);
  const net = new Network(config.layers, activationsOf(config), 'float32');
  saved.weights.forEach((w, l) => net.weights[l].set(w));
  saved.biases.forEach((b, l) => net.biases[l].set(b));
  return {
    net,
    rng: Rng.restore(saved.meta.rng),
    control: saved.meta.control,
    velocities: saved.velocities,
    epoch: saved.meta.epoch,
    diverged: saved.meta.diverged,
  };
}
