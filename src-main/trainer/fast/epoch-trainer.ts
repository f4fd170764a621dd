/**
 * One epoch of training in the kernel, as sgd.ts does it: the reference's shuffle with the run's
 * random stream, then the mini-batches in pieces (about 1% of the epoch when progress is wanted,
 * larger pieces while the thread count is being chosen, with dropout no more than its mask rows
 * hold, each piece's masks drawn just before it), each on the thread count the chooser picks —
 * or on this thread alone while the caller says the others are busy (train-ahead.ts).
 * The mirror network is not updated here (the session reads the kernel's weights back).
 */
import type { Float } from '../../../src-shared/engine/activations';
import type { BatchProgress } from '../../../src-shared/engine/session';
import type { StartState } from '../../../src-shared/engine/start-state';
import type { RunConfig } from '../../../src-shared/experiment/config';
import * as K from '../kernels/assembly/_layout';
import { setLearningRate, type MemoryViews } from './context';
import type { MemoryPlan } from './memory-plan';
import type { ThreadChooser } from './thread-chooser';
import { KernelMasks } from './dropout-masks';
import type { ThreadPool } from './threads';

/** An epoch trained in the kernel, not yet recorded. */
export interface TrainedEpoch {
  eta: number;
  seconds: number;
  diverged: boolean;
  /** The weights before it (the probe measures how far they moved). */
  epochStart: Float[];
  /** Optimizer steps taken after it (the run's moments.steps: Adam's t), one per batch whose
   * update was applied. */
  steps: number;
  /** The most threads any of its pieces trained on. */
  threads: number;
}

export type OnProgress = (p: BatchProgress) => void;

export class EpochTrainer {
  private readonly masks: KernelMasks;

  constructor(
    private readonly config: RunConfig,
    private readonly plan: MemoryPlan,
    private readonly views: MemoryViews,
    private readonly pool: ThreadPool,
    /** The run: its random stream shuffles, its network holds the weights before the epoch. */
    private readonly start: StartState,
    readonly chooser: ThreadChooser,
    private readonly now: () => number,
  ) {
    this.masks = new KernelMasks(plan, views);
  }

  /** Trains epoch `epoch` with rate `eta` on the thread counts the chooser picks; each piece
   * while `alone()` is true on this thread alone, untimed (the other threads are busy). */
  train(eta: number, epoch: number, onProgress?: OnProgress, alone?: () => boolean): TrainedEpoch {
    const epochStart = this.start.net.weights.map((w) => w.slice());
    const t0 = this.now();
    const { diverged, threads } = this.run(eta, epoch, onProgress, alone);
    const seconds = (this.now() - t0) / 1000;
    const steps = this.stepsBefore() + this.batchesDone;
    return { eta, seconds, diverged, epochStart, steps, threads };
  }

  /** Progress after `batch` mini-batches of the epoch in the kernel (its mean cost so far). */
  progressAt(epoch: number, batch: number): BatchProgress {
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

  /** Mini-batches of the last epoch whose updates were applied. */
  get batchesDone(): number {
    return this.views.i32[this.plan.ctx / 4 + K.S_BATCHES_DONE];
  }

  /** Optimizer steps of the run before the epoch now trained (0 without moments). */
  private stepsBefore(): number {
    return this.start.moments?.steps ?? 0;
  }

  /** Whether the epoch diverged, and the most threads a piece trained on. */
  private run(eta: number, epoch: number, onProgress?: OnProgress, alone?: () => boolean) {
    const batches = this.startEpoch(eta);
    const diverged = () => this.views.i32[this.plan.ctx / 4 + K.S_DIVERGED] !== 0;
    const B = this.config.batchSize;
    const n = this.plan.splits[0].count;
    const regular = Math.min(
      this.pieceSize(batches, onProgress !== undefined),
      this.masks.batchesPerCall(B),
    );
    const probe = Math.max(1, Math.min(regular, Math.ceil(batches / 64)));
    let most = 1;
    for (let from = 0; from < batches;) {
      const solo = alone?.() ?? false;
      const pick = solo ? { threads: 1, probe: false } : this.chooser.next();
      const to = Math.min(batches, from + (pick.probe ? probe : regular));
      if (this.masks.active) this.masks.draw(this.start.rng, from * B, Math.min(n, to * B));
      const train = () => this.pool.run(K.CMD_TRAIN, from, to, pick.threads);
      if (solo) train();
      else this.chooser.timed(pick.threads, to - from, train);
      most = Math.max(most, pick.threads);
      if (diverged()) break;
      onProgress?.(this.progressAt(epoch, to));
      from = to;
    }
    return { diverged: diverged(), threads: most };
  }

  /** The epoch's order (the reference's shuffle), η, and zeroed epoch sums; returns the number
   * of mini-batches. */
  private startEpoch(eta: number): number {
    const { config, plan, views } = this;
    const n = plan.splits[0].count;
    const order = new Int32Array(views.buffer, plan.order, n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (config.shuffle) this.start.rng.shuffle(order);
    setLearningRate(views, plan, config, eta, this.stepsBefore());
    views.f64[(plan.ctx + 4 * K.S_EPOCH_COST) / 8] = 0;
    views.i32[plan.ctx / 4 + K.S_DIVERGED] = 0;
    views.i32[plan.ctx / 4 + K.S_BATCHES_DONE] = 0;
    return Math.ceil(n / config.batchSize);
  }

  /** Batches per kernel call: about 1% of the epoch when progress is reported (as sgd.ts does),
   * 1/8 while the thread count is being chosen (trials take 1/64), else the whole epoch. */
  private pieceSize(batches: number, progress: boolean): number {
    if (progress) return Math.max(1, Math.floor(batches / 100));
    return this.chooser.choosing ? Math.max(1, Math.ceil(batches / 8)) : batches;
  }
}
