/**
 * The fast TrainingSession: the same run as the reference engine (reference-session.ts) with the
 * hot loops in the WebAssembly kernel. Everything around them is the reference's own code: the
 * initialization and its Rng draws, the per-epoch shuffle, the schedule and early stopping, the
 * checkpoint format (a fast checkpoint restores in either engine) and the probe's layer
 * statistics, computed by probeStats on a float32 Network that mirrors the kernel's weights, so
 * the instrumentation is identical. Costs and accuracies of the splits come from the kernel.
 */
import type { LoadedDataset } from '../../../src-shared/datasets/types';
import { probeStats } from '../../../src-shared/diagnostics/layer-stats';
import type { Float } from '../../../src-shared/engine/activations';
import { epochRecord, type SplitScore } from '../../../src-shared/engine/evaluate';
import { ExampleReader } from '../../../src-shared/engine/examples';
import type { EpochRecord, WeightsJson } from '../../../src-shared/engine/records';
import {
  afterEpoch,
  controlIgnoresRecords,
  scheduledRate,
} from '../../../src-shared/engine/schedule';
import { Rng, type RngState } from '../../../src-shared/engine/rng';
import type { BatchProgress, TrainingSession } from '../../../src-shared/engine/session';
import type { RunConfig } from '../../../src-shared/experiment/config';
import * as K from '../kernels/assembly/_layout';
import { FORMAT_BYTES } from './encode';
import {
  setLearningRate,
  takeSnapshot,
  viewsOf,
  writeContext,
  writeData,
  writeSnapshotContext,
  type MemoryViews,
} from './context';
import {
  paddedHidden,
  planMemory,
  splitSizes,
  type MemoryPlan,
  type SnapshotPlan,
  type SplitSizes,
} from './memory-plan';
import { ThreadChooser } from './thread-chooser';
import { ThreadPool } from './threads';
import { kernelHeapBase, wasm } from './kernel-module';
import { readArrays, writeArrays } from './weights';
import { checkpointOf, type StartState } from '../../../src-shared/engine/start-state';
import { toWeightsJson } from '../../../src-shared/engine/network';

export interface FastOptions {
  /** Threads of the session (default config.threads, else 1). */
  threads?: number;
  /** Threads that train: a number, or 'auto' — when a mini-batch has enough work to share, the
   * session times all threads against one on pieces of each epoch and uses the faster (results
   * are bit-identical either way); otherwise one. Evaluation chooses the same way. */
  trainThreads?: number | 'auto';
  /** Milliseconds clock for EpochRecord.seconds (default performance.now). */
  now?: () => number;
}

/** Below this many multiply-adds of the first layer per mini-batch, one thread trains alone without
 * trying more: two barriers per batch cost more than half the work (online learning on 784-15-10,
 * 2,400, was slower on two threads even on an idle machine; batch 10 on 784-30-10, 48,000, can
 * be faster, so the chooser tries it). */
export const MIN_SHARED_WORK = 20_000;

/** Epochs longer than this (seconds) are not trained ahead: their progress is worth showing. */
const AHEAD_MAX_SECONDS = 1;

/** An epoch trained in the kernel, not yet recorded. */
interface TrainedEpoch {
  eta: number;
  seconds: number;
  diverged: boolean;
  /** The weights before it (the probe measures how far they moved). */
  epochStart: Float[];
}

/** Examples an evaluation trial on a thread count takes. */
const EVAL_PROBE = 4096;

/** Sessions dropped without close() still let their worker threads end. */
const abandonedPools = new FinalizationRegistry<ThreadPool>((pool) => pool.close());

export class FastSession implements TrainingSession {
  private readonly plan: MemoryPlan;
  private readonly views: MemoryViews;
  private readonly pool: ThreadPool;
  private readonly probe: ExampleReader;
  private readonly trainChooser: ThreadChooser;
  private readonly evalChooser: ThreadChooser;
  private readonly now: () => number;
  private epochStart: Float[] | null = null;
  /** The next epoch, trained while thread 1 scored the last one (see shouldTrainAhead). */
  private ahead: TrainedEpoch | null = null;
  /** The random stream's state before the shuffle of the epoch trained ahead. */
  private committedRng: RngState | null = null;
  private aheadCount = 0;
  private epochCount: number;
  private divergedFlag: boolean;

  constructor(
    readonly config: RunConfig,
    private readonly data: LoadedDataset,
    private readonly start: StartState,
    options: FastOptions = {},
  ) {
    const threads = Math.max(1, Math.min(K.MAX_THREADS, options.threads ?? config.threads ?? 1));
    const memoryPages = (plan: MemoryPlan) => plan.bytes / 65536;
    const sizes = splitSizes(data);
    const candidates = trainCandidates(
      config,
      data,
      sizes,
      threads,
      options.trainThreads ?? 'auto',
    );
    const slices = Math.max(...candidates);
    this.plan = planMemory(config, data, sizes, threads, slices, kernelHeapBase());
    const memory = new wasm.Memory({
      initial: memoryPages(this.plan),
      maximum: memoryPages(this.plan),
      shared: true,
    });
    this.views = viewsOf(memory);
    writeContext(this.views, this.plan, config);
    writeSnapshotContext(this.views, this.plan);
    writeData(this.views, this.plan, data);
    this.writeState();
    this.pool = new ThreadPool(memory, this.plan.ctx, threads);
    abandonedPools.register(this, this.pool);
    this.trainChooser = new ThreadChooser(candidates);
    this.evalChooser = new ThreadChooser(threads > 1 ? [threads, 1] : [1]);
    const probeSplit = data.validation.count > 0 ? data.validation : data.train;
    this.probe = new ExampleReader(probeSplit, data.outputSize, 'float32');
    this.epochCount = start.epoch;
    this.divergedFlag = start.diverged;
    this.now = options.now ?? (() => performance.now());
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

  /** Epochs so far that were trained while thread 1 scored the one before (shouldTrainAhead). */
  get epochsTrainedAhead(): number {
    return this.aheadCount;
  }

  /** Threads that train now (the faster choice so far, see FastOptions.trainThreads). */
  get trainingThreads(): number {
    return this.trainChooser.best();
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
    if (this.ahead) this.discardAhead();
    return this.record(this.start.control.learningRate, 0);
  }

  trainEpoch(onProgress?: (p: BatchProgress) => void): EpochRecord {
    if (this.finished)
      throw new Error(`the run is finished (epoch ${this.epochCount} of ${this.config.epochs})`);
    const control = this.start.control;
    const eta = control.learningRate;
    const epoch = this.epochCount + 1;
    const trained = this.takeAhead(epoch, onProgress) ?? this.trainOne(eta, epoch, onProgress);
    this.readState();
    this.epochCount = epoch;
    this.epochStart = trained.epochStart;
    const record = this.shouldTrainAhead(trained)
      ? this.recordWhileTrainingAhead(eta, trained.seconds)
      : this.record(eta, trained.seconds);
    this.divergedFlag = trained.diverged || !Number.isFinite(record.trainCost);
    afterEpoch(this.config, control, record);
    if (this.ahead && (this.finished || this.ahead.eta !== control.learningRate))
      this.discardAhead();
    if (this.finished) this.pool.close();
    return record;
  }

  checkpoint(): Uint8Array {
    // While the next epoch is trained ahead, the random stream has already drawn its shuffle.
    const rng = this.committedRng ? Rng.restore(this.committedRng) : this.start.rng;
    return checkpointOf({ ...this.start, rng }, this.epochCount, this.divergedFlag);
  }

  weights(): WeightsJson {
    return toWeightsJson(this.start.net);
  }

  /** Trains one epoch in the kernel (the mirror network keeps the weights from before it), on
   * `threads` threads, or as the chooser picks. */
  private trainOne(
    eta: number,
    epoch: number,
    onProgress?: (p: BatchProgress) => void,
    threads?: number,
  ): TrainedEpoch {
    const epochStart = this.start.net.weights.map((w) => w.slice());
    const t0 = this.now();
    const diverged = this.runEpoch(eta, epoch, onProgress, threads);
    return { eta, seconds: (this.now() - t0) / 1000, diverged, epochStart };
  }

  /**
   * Whether the next epoch should train while thread 1 scores this one: a second thread is there
   * and training does not use it (one thread trains faster: there is too little work to share, see
   * trainCandidates, or the chooser timed both and one won), the next epoch
   * will run whatever this one's record says (no plateau schedule or early stopping), and epochs
   * are short, so that no one waits for progress within them (an epoch trained ahead reports
   * its progress only when done).
   */
  private shouldTrainAhead(trained: TrainedEpoch): boolean {
    return (
      this.plan.snapshot !== null &&
      this.pool.canScoreSnapshots &&
      !trained.diverged &&
      this.epochCount < this.config.epochs &&
      controlIgnoresRecords(this.config) &&
      this.trainChooser.decided &&
      this.trainChooser.best() === 1 &&
      trained.seconds < AHEAD_MAX_SECONDS
    );
  }

  /** The record of the epoch just trained, scored by thread 1 from a snapshot of its weights
   * while this thread trains the next epoch (kept in `ahead` for the next call). The mirror
   * network still holds this epoch's weights for the probe. */
  private recordWhileTrainingAhead(eta: number, seconds: number): EpochRecord {
    const snapshot = this.plan.snapshot as SnapshotPlan;
    takeSnapshot(this.views, this.plan);
    this.pool.scoreSnapshot(snapshot.ctx);
    this.committedRng = this.start.rng.state();
    const nextEta = scheduledRate(this.config, eta, this.epochCount);
    // This thread alone: thread 1 is busy, and the chooser's trials would need it.
    this.ahead = this.trainOne(nextEta, this.epochCount + 1, undefined, 1);
    this.pool.waitSnapshot();
    return this.record(eta, seconds, true);
  }

  /** The epoch trained ahead, if it is this one; its progress is reported now, in one step. */
  private takeAhead(epoch: number, onProgress?: (p: BatchProgress) => void): TrainedEpoch | null {
    const ahead = this.ahead;
    if (!ahead) return null;
    this.ahead = null;
    this.committedRng = null;
    this.aheadCount++;
    const done = this.views.i32[this.plan.ctx / 4 + K.S_BATCHES_DONE];
    if (done > 0) onProgress?.({ ...this.progressAt(epoch, done), trainedSeconds: ahead.seconds });
    return ahead;
  }

  /** Progress after `batch` mini-batches of the epoch in the kernel (its mean cost so far). */
  private progressAt(epoch: number, batch: number): BatchProgress {
    const n = this.plan.splits[0].count;
    const { batchSize } = this.config;
    const cost = this.views.f64[(this.plan.ctx + 4 * K.S_EPOCH_COST) / 8];
    return {
      epoch,
      batch,
      batches: Math.ceil(n / batchSize),
      cost: cost / Math.min(n, batch * batchSize),
    };
  }

  /** Forgets the epoch trained ahead: the kernel gets the mirror's weights back and the random
   * stream its state from before that epoch's shuffle. */
  private discardAhead(): void {
    this.ahead = null;
    this.writeState();
    if (this.committedRng) this.start.rng = Rng.restore(this.committedRng);
    this.committedRng = null;
  }

  /** One epoch in the kernel: the reference's shuffle, then the mini-batches in pieces of about
   * 1% of the epoch when progress is wanted (as sgd.ts reports it). Returns true on divergence.
   * The mirror network is not updated (readState). `threads` fixes the thread count (no trials). */
  private runEpoch(
    eta: number,
    epoch: number,
    onProgress?: (p: BatchProgress) => void,
    threads?: number,
  ): boolean {
    const { config, plan, views } = this;
    const n = plan.splits[0].count;
    const order = new Int32Array(views.buffer, plan.order, n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (config.shuffle) this.start.rng.shuffle(order);
    setLearningRate(views, plan, config, eta);
    const ctx = plan.ctx / 4;
    views.f64[(plan.ctx + 4 * K.S_EPOCH_COST) / 8] = 0;
    views.i32[ctx + K.S_DIVERGED] = 0;
    views.i32[ctx + K.S_BATCHES_DONE] = 0;
    const batches = Math.ceil(n / config.batchSize);
    const regular = this.pieceSize(batches, onProgress !== undefined, threads !== undefined);
    const probe = Math.max(1, Math.min(regular, Math.ceil(batches / 64)));
    for (let from = 0; from < batches;) {
      const pick = threads !== undefined ? { threads, probe: false } : this.trainChooser.next();
      const to = Math.min(batches, from + (pick.probe ? probe : regular));
      const train = () => this.pool.run(K.CMD_TRAIN, from, to, pick.threads);
      if (threads !== undefined) train();
      else this.timed(this.trainChooser, pick.threads, to - from, train);
      if (views.i32[ctx + K.S_DIVERGED] !== 0) break;
      onProgress?.(this.progressAt(epoch, to));
      from = to;
    }
    return views.i32[ctx + K.S_DIVERGED] !== 0;
  }

  /** Batches per kernel call: about 1% of the epoch when progress is reported (as sgd.ts does),
   * 1/8 while the thread count is being chosen (trials take 1/64), else the whole epoch. */
  private pieceSize(batches: number, progress: boolean, fixed: boolean): number {
    if (progress) return Math.max(1, Math.floor(batches / 100));
    return this.trainChooser.choosing && !fixed ? Math.max(1, Math.ceil(batches / 8)) : batches;
  }

  /** Runs `work` and tells the chooser how long `units` of it took on `threads` threads. */
  private timed(chooser: ThreadChooser, threads: number, units: number, work: () => void): void {
    const t0 = performance.now();
    work();
    if (chooser.choosing) chooser.record(threads, units, (performance.now() - t0) / 1000);
  }

  /** Scores every split in the kernel (unless thread 1 already did: `scored`) and the probe
   * with the reference's probeStats. */
  private record(learningRate: number, seconds: number, scored = false): EpochRecord {
    const [train, validation, test] = [0, 1, 2].map((s) => this.score(s, scored));
    const probeCount = Math.min(this.config.probeSize, this.probe.split.count);
    const stats = probeStats(
      this.start.net,
      this.probe,
      probeCount,
      this.config.cost,
      this.epochStart,
    );
    return epochRecord(this.epochCount, { train, validation, test }, learningRate, seconds, stats);
  }

  /** Mean cost and accuracy of split s (as evaluate.ts: sums in example order), evaluated here
   * unless `scored`. */
  private score(s: number, scored: boolean): SplitScore | null {
    const p = this.plan.splits[s];
    if (p.count === 0) return null;
    for (let from = 0; from < p.count && !scored;) {
      const pick = this.evalChooser.next();
      const to = pick.probe ? Math.min(p.count, from + EVAL_PROBE) : p.count;
      this.timed(this.evalChooser, pick.threads, to - from, () =>
        this.pool.run(K.CMD_EVALUATE, s, from, pick.threads, to),
      );
      from = to;
    }
    const costs = new Float64Array(this.views.buffer, p.costs, p.count);
    const predictions = new Int32Array(this.views.buffer, p.predictions, p.count);
    const labels = [this.data.train, this.data.validation, this.data.test][s].labels;
    let total = 0;
    let labelled = 0;
    let right = 0;
    for (let i = 0; i < p.count; i++) {
      total += costs[i];
      if (labels[i] >= 0) {
        labelled++;
        if (predictions[i] === labels[i]) right++;
      }
    }
    return { cost: total / p.count, accuracy: labelled > 0 ? right / labelled : null };
  }

  /** Start state (weights, biases, velocities) into the kernel memory. */
  private writeState(): void {
    const { net, velocities } = this.start;
    writeArrays(this.views, this.plan, { w: net.weights, b: net.biases }, 'params');
    if (velocities) writeArrays(this.views, this.plan, velocities, 'velocities');
  }

  /** Kernel memory back into the mirror network (and velocities). */
  private readState(): void {
    const { net, velocities } = this.start;
    readArrays(this.views, this.plan, { w: net.weights, b: net.biases }, 'params');
    if (velocities) readArrays(this.views, this.plan, velocities, 'velocities');
  }
}

/** Thread counts training may use: the wanted number, or for 'auto' all threads and one when a
 * mini-batch has enough work to share (see MIN_SHARED_WORK), else just one. The first layer gets
 * as many slices as the largest. */
function trainCandidates(
  config: RunConfig,
  data: LoadedDataset,
  sizes: SplitSizes,
  threads: number,
  wanted: number | 'auto',
): number[] {
  if (wanted !== 'auto') return [Math.max(1, Math.min(threads, wanted))];
  const train = sizes[0];
  const perPair = train.format === FORMAT_BYTES ? 2 : 8;
  const nonZero = data.train.count > 0 ? train.bytes / perPair / data.train.count : 0;
  const work = config.batchSize * nonZero * paddedHidden(config.layers[1], threads);
  return threads > 1 && work >= MIN_SHARED_WORK ? [threads, 1] : [1];
}
