/**
 * The fast TrainingSession: the same run as the reference engine (reference-session.ts) with the
 * hot loops in the WebAssembly kernel. Everything around them is the reference's own code: the
 * initialization and its Rng draws, the per-epoch shuffle, the schedule and early stopping, the
 * checkpoint format (a fast checkpoint restores in either engine) and the probe's layer
 * statistics, made by the reference's probeStatsOf from sums the kernel takes over the probe
 * (probe.ts) and the float32 Network that mirrors the kernel's weights. Costs and accuracies of
 * the splits come from the kernel.
 *
 * An epoch: EpochTrainer trains it in the kernel (or TrainAhead hands over the one it trained
 * while the last was scored), the kernel's weights go back to the mirror network, SplitScorer and
 * the kernel's probe make the record, and the schedule moves on.
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { Float } from '../../../src-shared/engine/activations';
import { epochRecord } from '../../../src-shared/engine/evaluate';
import { expandTraining } from '../../../src-shared/engine/expand';
import { toWeightsJson } from '../../../src-shared/engine/network';
import type { EpochRecord, WeightsJson } from '../../../src-shared/base/records';
import { afterEpoch } from '../../../src-shared/engine/schedule';
import type { BatchProgress, TrainingSession } from '../../../src-shared/engine/session';
import { checkpointOf, type StartState } from '../../../src-shared/engine/start-state';
import type { RunConfig } from '../../../src-shared/experiment/config';
import * as K from '../kernels/assembly/_layout';
import { viewsOf, writeContext, writeData, type MemoryViews } from './context';
import { EpochTrainer } from './epoch-trainer';
import { kernelHeapBase, wasm } from './kernel-module';
import { planMemory, splitSizes, type MemoryPlan } from './memory-plan';
import { KernelProbe } from './probe';
import { writeSnapshotContext } from './snapshot';
import { SplitScorer } from './split-scorer';
import { ThreadChooser, trainCandidates } from './thread-chooser';
import { ThreadPool } from './threads';
import { TrainAhead } from './train-ahead';
import { readRunState, writeRunState } from './weights';

export interface FastOptions {
  /** Threads of the session (default config.threads, else 1). */
  threads?: number;
  /** Threads that train when all are free: a number, or 'auto' — when a mini-batch has enough
   * work to share, the session times all threads against one on pieces of each epoch and uses
   * the faster (results are bit-identical either way); otherwise one. Evaluation chooses the same
   * way. While thread 1 scores the last epoch, the next trains on this thread alone
   * (train-ahead.ts). */
  trainThreads?: number | 'auto';
  /** Milliseconds clock for EpochRecord.seconds (default performance.now). */
  now?: () => number;
}

/** Sessions dropped without close() still let their worker threads end. */
const abandonedPools = new FinalizationRegistry<ThreadPool>((pool) => pool.close());

export class FastSession implements TrainingSession {
  private readonly plan: MemoryPlan;
  private readonly views: MemoryViews;
  private readonly pool: ThreadPool;
  private readonly trainer: EpochTrainer;
  private readonly ahead: TrainAhead;
  private readonly scorer: SplitScorer;
  private readonly probe: KernelProbe;
  private epochStart: Float[] | null = null;
  private epochCount: number;
  private divergedFlag: boolean;

  constructor(
    readonly config: RunConfig,
    data: LoadedDataset,
    private readonly start: StartState,
    options: FastOptions = {},
  ) {
    const threads = Math.max(1, Math.min(K.MAX_THREADS, options.threads ?? config.threads ?? 1));
    // The kernel trains on the expanded set; the train score covers the original examples, which
    // come first in it (expand.ts), as in the reference.
    const trained = config.expand ? expandTraining(data, config.expand) : data;
    const sizes = splitSizes(trained);
    const candidates = trainCandidates(
      config,
      trained,
      sizes,
      threads,
      options.trainThreads ?? 'auto',
    );
    const slices = Math.max(...candidates);
    this.plan = planMemory(config, trained, sizes, threads, slices, kernelHeapBase());
    const pages = this.plan.bytes / 65536;
    const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    this.views = viewsOf(memory);
    writeContext(this.views, this.plan, config);
    writeSnapshotContext(this.views, this.plan, data.train.count);
    writeData(this.views, this.plan, trained);
    writeRunState(this.views, this.plan, start);
    this.pool = new ThreadPool(memory, this.plan.ctx, threads);
    abandonedPools.register(this, this.pool);
    const now = options.now ?? (() => performance.now());
    const chooser = new ThreadChooser(candidates);
    this.trainer = new EpochTrainer(config, this.plan, this.views, this.pool, start, chooser, now);
    this.probe = new KernelProbe(this.plan, this.views, config.probeSize);
    const { pool, trainer, probe } = this;
    this.ahead = new TrainAhead(config, this.plan, this.views, pool, start, trainer, probe);
    this.scorer = new SplitScorer(data, this.plan, this.views, this.pool);
    this.epochCount = start.epoch;
    this.divergedFlag = start.diverged;
    if (this.finished) this.pool.close();
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

  /** Epochs so far that were trained while thread 1 scored the one before (train-ahead.ts). */
  get epochsTrainedAhead(): number {
    return this.ahead.count;
  }

  /** Of those, the epochs that went on on more threads once thread 1 was done scoring. */
  get epochsJoined(): number {
    return this.ahead.joinedCount;
  }

  /** Threads that train now (the faster choice so far, see FastOptions.trainThreads). */
  get trainingThreads(): number {
    return this.trainer.chooser.best();
  }

  /** z of the first weight layer for every example of split s: row i has the n₁ values of
   * example i. For tests of the sparse product. */
  firstLayerZ(s: number): Float32Array[] {
    const layer = this.plan.layers[0];
    return Array.from({ length: this.plan.splits[s].count }, (_, i) => {
      // Thread 0 evaluates example i in buffer row 0.
      this.pool.run(K.CMD_EVALUATE, s, i, 1, i + 1);
      return this.views.f32.slice(layer.z / 4, layer.z / 4 + layer.nOut);
    });
  }

  /** Worker threads end; the session keeps working on this thread alone (same results). */
  close(): void {
    this.pool.close();
  }

  measure(): EpochRecord {
    // The kernel must hold the recorded weights, not those of an epoch trained ahead.
    this.ahead.discard();
    return this.record(this.start.control.learningRate, 0, false);
  }

  trainEpoch(onProgress?: (p: BatchProgress) => void): EpochRecord {
    if (this.finished)
      throw new Error(`the run is finished (epoch ${this.epochCount} of ${this.config.epochs})`);
    const control = this.start.control;
    const eta = control.learningRate;
    const epoch = this.epochCount + 1;
    const trained =
      this.ahead.take(epoch, onProgress) ?? this.trainer.train(eta, epoch, onProgress);
    readRunState(this.views, this.plan, this.start);
    if (this.start.moments) this.start.moments.steps = trained.steps;
    this.epochCount = epoch;
    this.epochStart = trained.epochStart;
    const scoredAhead = this.ahead.wanted(trained, epoch);
    if (scoredAhead) this.ahead.trainNextWhileScoring(eta, epoch);
    const record = this.record(eta, trained.seconds, scoredAhead);
    this.divergedFlag = trained.diverged || !Number.isFinite(record.trainCost);
    afterEpoch(this.config, control, record);
    this.ahead.keepIf(!this.finished, control.learningRate);
    if (this.finished) this.pool.close();
    return record;
  }

  checkpoint(): Uint8Array {
    // While the next epoch is trained ahead, the random stream has already drawn its shuffle.
    const rng = this.ahead.committedStream();
    return checkpointOf({ ...this.start, rng }, this.epochCount, this.divergedFlag);
  }

  weights(): WeightsJson {
    return toWeightsJson(this.start.net);
  }

  /** The record of the epoch in the mirror network: every split scored and the probe measured
   * in the kernel (unless thread 1 already did both: `scored`), the statistics made from the
   * probe's sums with the reference's code. */
  private record(learningRate: number, seconds: number, scored: boolean): EpochRecord {
    const scores = this.scorer.scoreAll(scored);
    if (!scored) this.probe.measure(this.pool);
    const stats = this.probe.stats(this.start.net, this.epochStart);
    return epochRecord(this.epochCount, scores, learningRate, seconds, stats);
  }
}
