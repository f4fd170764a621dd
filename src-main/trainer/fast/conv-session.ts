/**
 * The fast TrainingSession of a conv net (config.features): the reference session
 * (src-shared/engine/reference-session.ts) with its hot loops in the conv kernel
 * (kernels/assembly/_conv.ts). A session of its own rather than part of FastSession: the dense
 * path's memory plan, phases and train-ahead are built around sparse first-layer input and
 * per-chunk GEMMs, none of which a conv front has, and keeping them apart leaves that path's
 * bit-identity untouched.
 *
 * What runs where:
 * - kernel: per mini-batch, every example's conv/pool forward, dense forward (with dropout on a
 *   dense layer's input: ã = a ⊙ mask, and the mask again in BP2, as network.ts), cost, δ's, ∂C/∂a⁰
 *   and conv backward (split by example), then the batch's summed gradients (split by output
 *   unit and by conv weight, examples added in order), so results do not depend on the thread
 *   count; and the scores of the three splits (split by example).
 * - kernel, after a barrier: the step of SGD and momentum (with L2 and L1), sgd.ts's stepArray
 *   in the same float64 expressions, split by parameter.
 * - host, the reference's own code on the kernel's memory (conv-memory.ts gives the Network,
 *   FeatureStack and Gradients float32 views of it): the step of the other optimizers (sgd.ts
 *   updateMiniBatch: Nesterov, RMSProp, Adam), the shuffle and Rng, the schedule, the checkpoint (format 3,
 *   restores in either engine), epochRecord, and the probe's statistics (probeStats and convProbeStats over a
 *   FeatureReader on the same float32 stack: at most probeSize examples, so the reference's
 *   speed is enough there; whatever statistics the reference adds reach this session too), and
 *   the dropout masks of each mini-batch (dropout-masks.ts drawMasks into the batch's slots, just
 *   before the batch: the reference's order of draws, as nothing else draws within an epoch).
 * With `expand` the kernel trains on expand.ts's set (the reference's, in the same seeded order)
 * and the train score covers its first examples, the original ones, as the reference's.
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { Float } from '../../../src-shared/engine/activations';
import { epochRecord, SCORING_TICK, type SplitScore } from '../../../src-shared/engine/evaluate';
import { probeStats } from '../../../src-shared/engine/layer-stats';
import { convProbeStats } from '../../../src-shared/engine/layers/conv-stats';
import type { ExampleReader } from '../../../src-shared/engine/examples';
import {
  FeatureReader,
  planFeatures,
  type FeaturePlan,
} from '../../../src-shared/engine/layers/feature-stack';
import { volume } from '../../../src-shared/engine/layers/tensor';
import { expandTraining } from '../../../src-shared/engine/expand';
import { toWeightsJson, Workspace } from '../../../src-shared/engine/network';
import type { EpochRecord, WeightsJson } from '../../../src-shared/base/records';
import { afterEpoch } from '../../../src-shared/engine/schedule';
import type { BatchProgress, TrainingSession } from '../../../src-shared/engine/session';
import { updateMiniBatch, type SgdState } from '../../../src-shared/engine/sgd';
import { checkpointOf, type StartState } from '../../../src-shared/engine/start-state';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { CMD_CONV_EVALUATE, CMD_CONV_TRAIN, C_BATCH_COST } from '../kernels/assembly/_convlayout';
import {
  buildConvMemory,
  clearStepTable,
  writeStepRate,
  writeStepTable,
  type ConvMemory,
} from './conv-memory';
import { ConvThreadPool } from './conv-threads';
import { drawMasks } from './dropout-masks';
import type { FastOptions } from './session';

export interface ConvSessionOptions extends FastOptions {
  /** Steps on the host with sgd.ts's updateMiniBatch for every optimizer (tests: the kernel's
   * step must give the same numbers). */
  hostStep?: boolean;
}

/** Sessions dropped without close() still let their worker threads end. */
const abandonedPools = new FinalizationRegistry<ConvThreadPool>((pool) => pool.close());

export class ConvSession implements TrainingSession<RunConfig> {
  private readonly mem: ConvMemory;
  private readonly pool: ConvThreadPool;
  private readonly sgd: SgdState;
  private readonly probe: ExampleReader;
  private readonly now: () => number;
  private readonly hostStep: boolean;
  /** Examples per kernel scoring call: between two calls the trainer says it is alive. */
  private readonly scoringPiece: number;
  /** Training examples scored each epoch: the original ones when the set is expanded. */
  private readonly trainScored: number;
  private epochStart: Float[] | null = null;
  private convStart: Float[] | null = null;
  private epochCount: number;
  private divergedFlag: boolean;

  constructor(
    readonly config: RunConfig,
    private readonly data: LoadedDataset,
    private readonly state: StartState,
    options: ConvSessionOptions = {},
  ) {
    if (!config.features || !state.features)
      throw new Error('fast conv engine: the config has no conv layers (features)');
    // Every thread of the session trains and scores; trainThreads (a number) caps them.
    const all = Math.max(1, options.threads ?? config.threads ?? 1);
    const cap = options.trainThreads;
    const threads = typeof cap === 'number' ? Math.max(1, Math.min(cap, all)) : all;
    const plan = planFeatures(config.features);
    this.scoringPiece = scoringPiece(plan, config.layers);
    // The expanded set lives on in the kernel's memory only (unless the probe reads it below).
    const trained = config.expand ? expandTraining(data, config.expand) : data;
    this.mem = buildConvMemory(config, trained, plan, state, threads);
    this.trainScored = data.train.count;
    this.pool = new ConvThreadPool(this.mem.memory, this.mem.ctx, threads);
    abandonedPools.register(this, this.pool);
    const { net } = state;
    const features = state.features;
    const reader = (split: LoadedDataset['train']) =>
      new FeatureReader(split, data.outputSize, features.stack);
    this.sgd = {
      net,
      ws: new Workspace(net),
      grads: this.mem.grads,
      velocities: state.velocities,
      moments: state.moments ?? null,
      dropout: null,
      features,
      train: reader(data.validation.count > 0 ? data.train : trained.train),
      order: this.mem.order,
      params: config,
    };
    this.probe = data.validation.count > 0 ? reader(data.validation) : this.sgd.train;
    this.now = options.now ?? (() => performance.now());
    this.hostStep = options.hostStep ?? false;
    this.epochCount = state.epoch;
    this.divergedFlag = state.diverged;
    if (this.finished) this.pool.close();
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

  /** Threads that train (and score): all of the session's, as many as trainThreads allows. */
  get trainingThreads(): number {
    return this.pool.threads;
  }

  /** Worker threads end; the session keeps working on this thread alone (same results). */
  close(): void {
    this.pool.close();
  }

  measure(onScoring?: () => void): EpochRecord {
    return this.record(this.state.control.learningRate, 0, onScoring);
  }

  trainEpoch(onProgress?: (p: BatchProgress) => void, onScoring?: () => void): EpochRecord {
    if (this.finished)
      throw new Error(`the run is finished (epoch ${this.epochCount} of ${this.config.epochs})`);
    const control = this.state.control;
    const eta = control.learningRate;
    const epoch = this.epochCount + 1;
    this.epochStart = this.state.net.weights.map((w) => w.slice());
    this.convStart = this.state.features!.stack.params.w.map((w) => w.slice());
    const t0 = this.now();
    const diverged = this.trainBatches(eta, (batch, batches, cost) =>
      onProgress?.({ epoch, batch, batches, cost }),
    );
    const seconds = (this.now() - t0) / 1000;
    this.epochCount = epoch;
    const record = this.record(eta, seconds, onScoring);
    this.divergedFlag = diverged || !Number.isFinite(record.trainCost);
    afterEpoch(this.config, control, record);
    if (this.finished) this.pool.close();
    return record;
  }

  checkpoint(): Uint8Array {
    return checkpointOf(this.state, this.epochCount, this.divergedFlag);
  }

  weights(): WeightsJson {
    return { ...toWeightsJson(this.state.net), features: this.state.features!.stack.toJson() };
  }

  /** One epoch as sgd.ts's sgdEpoch: the same shuffle, batches and progress reports, each
   * batch's gradients from the kernel and its step from updateMiniBatch. True if it diverged. */
  private trainBatches(
    eta: number,
    onBatch: (batch: number, batches: number, meanCost: number) => void,
  ): boolean {
    const { order } = this.mem;
    const n = order.length;
    const m = this.config.batchSize;
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.config.shuffle) this.state.rng.shuffle(order);
    const kernelSteps = !this.hostStep && writeStepTable(this.mem, this.config, this.state, eta, n);
    const { masks, f32 } = this.mem;
    if (!kernelSteps) clearStepTable(this.mem);
    const batches = Math.ceil(n / m);
    const every = Math.max(1, Math.floor(batches / 100));
    let total = 0;
    for (let batch = 0; batch < batches; batch++) {
      const start = batch * m;
      const end = Math.min(n, start + m);
      writeStepRate(this.mem, eta / (end - start));
      if (masks.length > 0) drawMasks(f32, masks, end - start, this.state.rng);
      this.pool.run(CMD_CONV_TRAIN, start, end - start);
      const cost = this.mem.f64[(this.mem.ctx + 4 * C_BATCH_COST) / 8];
      total += cost;
      if (!Number.isFinite(cost)) return true;
      if (!kernelSteps) updateMiniBatch(this.sgd, eta, end - start, n);
      if ((batch + 1) % every === 0 || batch + 1 === batches)
        onBatch(batch + 1, batches, total / end);
    }
    return false;
  }

  /** Scores every split in the kernel and the probe on the host. */
  private record(learningRate: number, seconds: number, onScoring?: () => void): EpochRecord {
    const scores = {
      train: this.score(0, this.trainScored, this.data.train.labels, onScoring),
      validation: this.score(1, this.data.validation.count, this.data.validation.labels, onScoring),
      test: this.score(2, this.data.test.count, this.data.test.labels, onScoring),
    };
    const probeCount = Math.min(this.config.probeSize, this.probe.split.count);
    const stats = probeStats(
      this.state.net,
      this.probe,
      probeCount,
      this.config.cost,
      this.epochStart,
      onScoring,
    );
    stats.convLayers = convProbeStats(
      this.state.features!.stack,
      this.state.net,
      this.probe,
      probeCount,
      this.config.cost,
      this.convStart,
      onScoring,
    );
    return epochRecord(this.epochCount, scores, learningRate, seconds, stats);
  }

  /** evaluate.ts's score of the first `count` examples of split s from the kernel's per-example
   * costs and predictions (the costs added in example order, as there); `onScoring` after every
   * scoringPiece examples. */
  private score(
    s: number,
    count: number,
    labels: Int32Array,
    onScoring?: () => void,
  ): SplitScore | null {
    const place = this.mem.splits[s];
    if (count === 0) return null;
    for (let from = 0; from < count; from += this.scoringPiece) {
      if (from > 0) onScoring?.();
      this.pool.run(CMD_CONV_EVALUATE, s, from, Math.min(count, from + this.scoringPiece));
    }
    const costs = this.mem.f64.subarray(place.costs / 8, place.costs / 8 + count);
    const predicted = this.mem.i32.subarray(place.predictions / 4, place.predictions / 4 + count);
    let total = 0;
    let labelled = 0;
    let right = 0;
    for (let i = 0; i < count; i++) {
      total += costs[i];
      if (labels[i] < 0) continue;
      labelled++;
      if (predicted[i] === labels[i]) right++;
    }
    return { cost: total / count, accuracy: labelled > 0 ? right / labelled : null };
  }
}

/** Multiply-adds between two heartbeats while scoring: well under the trainer's hang limit at any
 * speed this kernel runs (a net of 500 million weights scores a few examples per call). */
const SCORING_WORK = 1e9;

/** Examples per scoring call: SCORING_TICK, or fewer when one example is that much work. */
export function scoringPiece(plan: FeaturePlan, layers: readonly number[]): number {
  let macs = 0;
  for (const g of plan.layers)
    if (g.type === 'conv2d') macs += volume(g.output) * g.input.channels * g.kernel * g.kernel;
  for (let l = 0; l + 1 < layers.length; l++) macs += layers[l] * layers[l + 1];
  return Math.max(1, Math.min(SCORING_TICK, Math.floor(SCORING_WORK / macs)));
}
