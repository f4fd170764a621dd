/**
 * The reference engine's TrainingSession: Network + SGD + instrumentation, epoch by epoch.
 * It is the readable definition of what a run computes; the fast path must agree with it.
 *
 * Order of random draws from the run's Rng (seed = config.seed): initialization (init.ts), then
 * one shuffle per epoch (sgd.ts). Records are measured after each epoch on the full training,
 * validation and test splits, and layer statistics on the probe sample.
 */
import type { LoadedDataset } from '../datasets/types';
import { validateShape } from '../datasets/validate-shape';
import { probeStats } from '../diagnostics/layer-stats';
import { activationsOf, type RunConfig } from '../experiment/config';
import type { Float } from './activations';
import { readCheckpoint, writeCheckpoint, CheckpointError, type Checkpoint } from './checkpoint';
import { evaluate } from './evaluate';
import { ExampleReader } from './examples';
import { initialize } from './init';
import { Gradients, Network, Workspace } from './network';
import type { EpochRecord, WeightsJson } from './records';
import { Rng } from './rng';
import { afterEpoch, initialControl, type ControlState } from './schedule';
import type { BatchProgress, SessionFactory, TrainingSession } from './session';
import { sgdEpoch, zeroVelocities, type SgdState, type Velocities } from './sgd';

export interface SessionOptions {
  /** Milliseconds clock for EpochRecord.seconds (default performance.now). */
  now?: () => number;
  /** Refuse configs whose parameters need more bytes than this (default: no limit). */
  memoryBudgetBytes?: number;
}

/** State a session starts from: fresh (after init) or restored from a checkpoint. */
interface StartState {
  net: Network;
  rng: Rng;
  control: ControlState;
  velocities: Velocities | null;
  epoch: number;
  diverged: boolean;
}

class ReferenceSession implements TrainingSession {
  private readonly sgd: SgdState;
  private readonly validation: ExampleReader;
  private readonly test: ExampleReader;
  private readonly probe: ExampleReader;
  private epochStart: Float[] | null = null;
  private epochCount: number;
  private divergedFlag: boolean;
  private readonly now: () => number;

  constructor(
    readonly config: RunConfig,
    data: LoadedDataset,
    private readonly start: StartState,
    options: SessionOptions,
  ) {
    const { net } = start;
    const reader = (split: LoadedDataset['train']) =>
      new ExampleReader(split, data.outputSize, net.precision);
    this.sgd = {
      net,
      ws: new Workspace(net),
      grads: new Gradients(net),
      velocities: start.velocities,
      train: reader(data.train),
      order: new Int32Array(data.train.count),
      params: config,
    };
    this.validation = reader(data.validation);
    this.test = reader(data.test);
    this.probe = data.validation.count > 0 ? this.validation : this.sgd.train;
    this.epochCount = start.epoch;
    this.divergedFlag = start.diverged;
    this.now = options.now ?? (() => performance.now());
  }

  get epoch(): number {
    return this.epochCount;
  }

  get diverged(): boolean {
    return this.divergedFlag;
  }

  get finished(): boolean {
    return this.divergedFlag || this.start.control.stopped || this.epochCount >= this.config.epochs;
  }

  measure(): EpochRecord {
    return this.record(this.start.control.learningRate, 0);
  }

  trainEpoch(onProgress?: (p: BatchProgress) => void): EpochRecord {
    if (this.finished)
      throw new Error(`the run is finished (epoch ${this.epochCount} of ${this.config.epochs})`);
    const { net } = this.sgd;
    const control = this.start.control;
    const eta = control.learningRate;
    const epoch = this.epochCount + 1;
    this.epochStart = net.weights.map((w) => w.slice());
    const t0 = this.now();
    const outcome = sgdEpoch(this.sgd, eta, this.start.rng, (batch, batches, cost) =>
      onProgress?.({ epoch, batch, batches, cost }),
    );
    const seconds = (this.now() - t0) / 1000;
    this.epochCount = epoch;
    const record = this.record(eta, seconds);
    this.divergedFlag = outcome.diverged || !Number.isFinite(record.trainCost);
    afterEpoch(this.config, control, record);
    return record;
  }

  /** Scores every split and the probe for the network as it is now. */
  private record(learningRate: number, seconds: number): EpochRecord {
    const { net, ws, train } = this.sgd;
    const cost = this.config.cost;
    const trainScore = evaluate(net, ws, train, cost);
    const validation = evaluate(net, ws, this.validation, cost);
    const test = evaluate(net, ws, this.test, cost);
    const probeCount = Math.min(this.config.probeSize, this.probe.split.count);
    const stats = probeStats(net, this.probe, probeCount, cost, this.epochStart);
    return {
      epoch: this.epochCount,
      trainCost: trainScore?.cost ?? Number.NaN,
      trainAccuracy: trainScore?.accuracy ?? null,
      validationCost: validation?.cost ?? null,
      validationAccuracy: validation?.accuracy ?? null,
      testCost: test?.cost ?? null,
      testAccuracy: test?.accuracy ?? null,
      learningRate,
      seconds,
      ...stats,
    };
  }

  checkpoint(): Uint8Array {
    const { net, velocities } = this.sgd;
    return writeCheckpoint({
      meta: {
        sizes: [...net.sizes],
        activations: [...net.activations],
        precision: net.precision,
        epoch: this.epochCount,
        diverged: this.divergedFlag,
        rng: this.start.rng.state(),
        control: structuredClone(this.start.control),
        hasVelocities: velocities !== null,
      },
      weights: net.weights,
      biases: net.biases,
      velocities,
    });
  }

  weights(): WeightsJson {
    const { net } = this.sgd;
    return {
      weights: net.weights.map((w, l) =>
        Array.from({ length: net.sizes[l + 1] }, (_, j) =>
          Array.from(w.subarray(j * net.sizes[l], (j + 1) * net.sizes[l])),
        ),
      ),
      biases: net.biases.map((b) => Array.from(b)),
    };
  }
}

function networkOf(config: RunConfig): Network {
  return new Network(config.layers, activationsOf(config), config.precision);
}

/** A fresh session: validates the config against the dataset, then initializes from the seed. */
export function createSession(
  config: RunConfig,
  data: LoadedDataset,
  options: SessionOptions = {},
): TrainingSession {
  validateShape(config, data, options.memoryBudgetBytes);
  const net = networkOf(config);
  const rng = new Rng(config.seed);
  initialize(net, config.init, rng);
  const velocities = config.momentum > 0 ? zeroVelocities(net) : null;
  const start = {
    net,
    rng,
    control: initialControl(config),
    velocities,
    epoch: 0,
    diverged: false,
  };
  return new ReferenceSession(config, data, start, options);
}

/** A session that continues from `checkpoint` exactly as the run it was taken from would have. */
export function restoreSession(
  config: RunConfig,
  data: LoadedDataset,
  checkpoint: Uint8Array,
  options: SessionOptions = {},
): TrainingSession {
  validateShape(config, data, options.memoryBudgetBytes);
  const saved = readCheckpoint(checkpoint);
  const net = networkOf(config);
  checkMatches(saved, net, config);
  saved.weights.forEach((w, l) => net.weights[l].set(w));
  saved.biases.forEach((b, l) => net.biases[l].set(b));
  const { meta } = saved;
  const start = {
    net,
    rng: Rng.restore(meta.rng),
    control: meta.control,
    velocities: saved.velocities,
    epoch: meta.epoch,
    diverged: meta.diverged,
  };
  return new ReferenceSession(config, data, start, options);
}

/** The checkpoint must come from a run with the same layers, activations, precision and
 * momentum (velocities kept or not) as `config`. */
function checkMatches(saved: Checkpoint, net: Network, config: RunConfig): void {
  const { meta } = saved;
  const same = (a: readonly unknown[], b: readonly unknown[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  const problems = [
    !same(meta.sizes, net.sizes) &&
      `layers ${meta.sizes.join('-')} (config: ${net.sizes.join('-')})`,
    !same(meta.activations, net.activations) && `activations ${meta.activations.join(',')}`,
    meta.precision !== net.precision && `precision ${meta.precision}`,
    meta.hasVelocities !== config.momentum > 0 && `momentum ${meta.hasVelocities ? '> 0' : '0'}`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new CheckpointError(
      `checkpoint does not match the config: it has ${problems.join(', ')}`,
    );
  }
}

export const referenceSessionFactory: SessionFactory = {
  create: (config, data) => createSession(config, data),
  restore: (config, data, checkpoint) => restoreSession(config, data, checkpoint),
};
