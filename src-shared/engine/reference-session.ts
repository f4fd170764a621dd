/**
 * The reference engine's TrainingSession: Network + SGD + instrumentation, epoch by epoch.
 * It is the readable definition of what a run computes; the fast path must agree with it.
 *
 * Order of random draws from the run's Rng (seed = config.seed): initialization (init.ts; a conv
 * net's conv layers after the dense ones, layers/feature-stack.ts), then
 * per epoch one shuffle (sgd.ts) and, with dropout, each example's masks (dropout.ts).
 * A conv net's readers run each example through its conv layers (layers/feature-stack.ts), so
 * the dense network, the scores and the probe statistics see the conv output as their input.
 * With `expand`, training runs on the expanded set (expand.ts) and the train score is measured
 * on the original examples. Records are measured after each epoch on the full training,
 * validation and test splits, and layer statistics on the probe sample (a conv net's conv
 * layers too, layers/conv-stats.ts).
 */
import type { LoadedDataset } from '../base/dataset';
import { probeStats } from './layer-stats';
import { dropoutOf, type TrainingOptions } from './options';
import { DropoutMasks } from './dropout';
import { expandTraining } from './expand';
import type { Float } from './activations';
import { epochRecord, evaluate } from './evaluate';
import { ExampleReader } from './examples';
import { FeatureReader } from './layers/feature-stack';
import { convProbeStats } from './layers/conv-stats';
import { Gradients, toWeightsJson, Workspace } from './network';
import type { EpochRecord, WeightsJson } from '../base/records';
import { afterEpoch } from './schedule';
import type { BatchProgress, SessionFactory, TrainingSession } from './session';
import { sgdEpoch, type SgdState } from './sgd';
import { checkpointOf, freshStart, restoredStart, type StartState } from './start-state';

export interface SessionOptions {
  /** Milliseconds clock for EpochRecord.seconds (default performance.now). */
  now?: () => number;
  /** Refuse configs whose parameters need more bytes than this (default: no limit). */
  memoryBudgetBytes?: number;
}

class ReferenceSession<O extends TrainingOptions> implements TrainingSession<O> {
  private readonly sgd: SgdState;
  private readonly validation: ExampleReader;
  private readonly test: ExampleReader;
  private readonly probe: ExampleReader;
  /** Training examples scored each epoch: the original ones when the set is expanded. */
  private readonly trainScored: number;
  private epochStart: Float[] | null = null;
  /** The conv layers' weights at the start of the last epoch (a conv net's update ratios). */
  private convStart: Float[] | null = null;
  private epochCount: number;
  private divergedFlag: boolean;
  private readonly now: () => number;

  constructor(
    readonly config: O,
    data: LoadedDataset,
    private readonly state: StartState,
    options: SessionOptions,
  ) {
    const { net } = state;
    const features = state.features ?? null;
    const reader = (split: LoadedDataset['train']) =>
      features
        ? new FeatureReader(split, data.outputSize, features.stack)
        : new ExampleReader(split, data.outputSize, net.precision);
    const train = config.expand ? expandTraining(data, config.expand).train : data.train;
    this.sgd = {
      net,
      ws: new Workspace(net),
      grads: new Gradients(net),
      velocities: state.velocities,
      moments: state.moments ?? null,
      dropout: new DropoutMasks(net, dropoutOf(config)),
      features,
      train: reader(train),
      order: new Int32Array(train.count),
      params: config,
    };
    this.validation = reader(data.validation);
    this.test = reader(data.test);
    this.probe = data.validation.count > 0 ? this.validation : this.sgd.train;
    this.trainScored = data.train.count;
    this.epochCount = state.epoch;
    this.divergedFlag = state.diverged;
    this.now = options.now ?? (() => performance.now());
  }

  get epoch(): number {
    return this.epochCount;
  }

  get diverged(): boolean {
    return this.divergedFlag;
  }

  get finished(): boolean {
    return this.divergedFlag || this.state.control.stopped || this.epochCount >= this.config.epochs;
  }

  measure(onScoring?: () => void): EpochRecord {
    return this.record(this.state.control.learningRate, 0, onScoring);
  }

  trainEpoch(onProgress?: (p: BatchProgress) => void, onScoring?: () => void): EpochRecord {
    if (this.finished)
      throw new Error(`the run is finished (epoch ${this.epochCount} of ${this.config.epochs})`);
    const { net } = this.sgd;
    const control = this.state.control;
    const eta = control.learningRate;
    const epoch = this.epochCount + 1;
    this.epochStart = net.weights.map((w) => w.slice());
    this.convStart = this.sgd.features?.stack.params.w.map((w) => w.slice()) ?? null;
    const t0 = this.now();
    const outcome = sgdEpoch(this.sgd, eta, this.state.rng, (batch, batches, cost) =>
      onProgress?.({ epoch, batch, batches, cost }),
    );
    const seconds = (this.now() - t0) / 1000;
    this.epochCount = epoch;
    const record = this.record(eta, seconds, onScoring);
    this.divergedFlag = outcome.diverged || !Number.isFinite(record.trainCost);
    afterEpoch(this.config, control, record);
    return record;
  }

  /** Scores every split and the probe for the network as it is now. */
  private record(learningRate: number, seconds: number, onScoring?: () => void): EpochRecord {
    const { net, ws, train } = this.sgd;
    const cost = this.config.cost;
    const scores = {
      train: evaluate(net, ws, train, cost, this.trainScored, onScoring),
      validation: evaluate(net, ws, this.validation, cost, undefined, onScoring),
      test: evaluate(net, ws, this.test, cost, undefined, onScoring),
    };
    const probeCount = Math.min(this.config.probeSize, this.probe.split.count);
    const stats = probeStats(net, this.probe, probeCount, cost, this.epochStart, onScoring);
    const stack = this.sgd.features?.stack;
    if (stack)
      stats.convLayers = convProbeStats(
        stack,
        net,
        this.probe,
        probeCount,
        cost,
        this.convStart,
        onScoring,
      );
    return epochRecord(this.epochCount, scores, learningRate, seconds, stats);
  }

  checkpoint(): Uint8Array {
    return checkpointOf(this.state, this.epochCount, this.divergedFlag);
  }

  weights(): WeightsJson {
    const json = toWeightsJson(this.sgd.net);
    const { features } = this.sgd;
    return features ? { ...json, features: features.stack.toJson() } : json;
  }
}

/** A fresh session: validates the config against the dataset, then initializes from the seed. */
export function createSession<O extends TrainingOptions>(
  config: O,
  data: LoadedDataset,
  options: SessionOptions = {},
): TrainingSession<O> {
  return new ReferenceSession(
    config,
    data,
    freshStart(config, data, options.memoryBudgetBytes),
    options,
  );
}

/** A session that continues from `checkpoint` exactly as the run it was taken from would have. */
export function restoreSession<O extends TrainingOptions>(
  config: O,
  data: LoadedDataset,
  checkpoint: Uint8Array,
  options: SessionOptions = {},
): TrainingSession<O> {
  const start = restoredStart(config, data, checkpoint, options.memoryBudgetBytes);
  return new ReferenceSession(config, data, start, options);
}

/** Serves any host's options type: a factory for run configs is a SessionFactory<RunConfig>. */
export const referenceSessionFactory = {
  create: <O extends TrainingOptions>(config: O, data: LoadedDataset) =>
    createSession(config, data),
  restore: <O extends TrainingOptions>(config: O, data: LoadedDataset, checkpoint: Uint8Array) =>
    restoreSession(config, data, checkpoint),
} satisfies SessionFactory;
