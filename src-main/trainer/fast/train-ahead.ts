/**
 * Training ahead: when a second thread is there, thread 1 scores epoch k from a snapshot of its
 * weights (CMD_EVALUATE_SNAPSHOT) while this thread trains epoch k + 1, which the next trainEpoch
 * call then takes instead of training it. Once thread 1 is done scoring, the rest of epoch k + 1
 * trains on the thread count the chooser picks (results do not depend on it), so no core waits
 * while the other works: the epoch's turnaround is about scoring on one thread plus the rest of
 * the training on the faster count, never training and then scoring. The run stays exactly
 * the one-thread run: the epoch trained ahead is dropped (the kernel gets the recorded weights
 * back, the random stream its state from before that epoch's shuffle) whenever its rate turns out
 * wrong, the run ends, or the caller measures; checkpoints keep the stream of the recorded epoch.
 * An epoch trained ahead keeps its progress every 1% as any epoch does (the batch-cost samples
 * come from it) and hands it over when it is taken.
 */
import { controlIgnoresRecords, scheduledRate } from '../../../src-shared/engine/schedule';
import { Rng, type RngState } from '../../../src-shared/engine/rng';
import type { StartState } from '../../../src-shared/engine/start-state';
import type { RunConfig } from '../../../src-shared/experiment/config';
import type { MemoryViews } from './context';
import type { BatchProgress } from '../../../src-shared/engine/session';
import type { EpochTrainer, OnProgress, TrainedEpoch } from './epoch-trainer';
import type { MemoryPlan } from './memory-plan';
import type { KernelProbe } from './probe';
import { takeSnapshot } from './snapshot';
import type { ThreadPool } from './threads';
import { writeRunState } from './weights';

/** Epochs longer than this (seconds) are not trained ahead: their progress is worth showing. */
const AHEAD_MAX_SECONDS = 1;

export class TrainAhead {
  /** The next epoch, trained while thread 1 scored the last one. */
  private ahead: TrainedEpoch | null = null;
  /** Its progress as it trained, in the same pieces (about 1% of the epoch) as any epoch's. */
  private aheadProgress: BatchProgress[] = [];
  /** The random stream's state before the shuffle of the epoch trained ahead. */
  private committedRng: RngState | null = null;
  private taken = 0;
  private joined = 0;

  constructor(
    private readonly config: RunConfig,
    private readonly plan: MemoryPlan,
    private readonly views: MemoryViews,
    private readonly pool: ThreadPool,
    private readonly start: StartState,
    private readonly trainer: EpochTrainer,
    /** Thread 1 measures the probe of the epoch it scores too. */
    private readonly probe: KernelProbe,
  ) {}

  /** Epochs so far that were trained while thread 1 scored the one before. */
  get count(): number {
    return this.taken;
  }

  /** Of those, the epochs whose training went on on more threads once the scoring was done. */
  get joinedCount(): number {
    return this.joined;
  }

  /**
   * Whether the epoch after `trained` (now epoch `epoch` of the run) should train while thread 1
   * scores it: a second thread is there, the next epoch will run whatever this one's record says
   * (no plateau schedule or early stopping), and epochs are short, so that no one waits for
   * progress within them (an epoch trained ahead reports its progress only when done).
   */
  wanted(trained: TrainedEpoch, epoch: number): boolean {
    return (
      this.plan.snapshot !== null &&
      this.pool.canScoreSnapshots &&
      !trained.diverged &&
      epoch < this.config.epochs &&
      controlIgnoresRecords(this.config) &&
      trained.seconds < AHEAD_MAX_SECONDS
    );
  }

  /** Thread 1 scores epoch `epoch` (trained with `eta`) into the splits' arrays and measures its
   * probe while this thread trains the next one, on more threads once thread 1 is done; returns
   * when both are done. The mirror network keeps epoch `epoch`. */
  trainNextWhileScoring(eta: number, epoch: number): void {
    const snapshot = this.plan.snapshot;
    if (!snapshot) throw new Error('fast engine: no snapshot context to score from');
    takeSnapshot(this.views, this.plan);
    this.probe.zero();
    this.pool.scoreSnapshot(snapshot.ctx, this.probe.split, this.probe.count);
    this.committedRng = this.start.rng.state();
    const nextEta = scheduledRate(this.config, eta, epoch);
    // This thread alone while thread 1 scores (untimed: the chooser's trials would need it), then
    // as the chooser picks. Progress is kept so the epoch has its batch-cost samples, and its
    // pieces (about 1% of the epoch) are when thread 1 is looked at; they leave the arithmetic
    // unchanged.
    const progress: BatchProgress[] = [];
    const alone = () => this.pool.stillScoring();
    this.ahead = this.trainer.train(nextEta, epoch + 1, (p) => progress.push(p), alone);
    this.aheadProgress = progress;
    this.pool.waitSnapshot();
    if (this.ahead.threads > 1) this.joined++;
  }

  /** The epoch trained ahead, if any (it is always the next one); its progress is reported now,
   * every piece of it, each with its share of the epoch's training time. */
  take(epoch: number, onProgress?: OnProgress): TrainedEpoch | null {
    const ahead = this.ahead;
    if (!ahead) return null;
    const progress = this.aheadProgress;
    this.ahead = null;
    this.aheadProgress = [];
    this.committedRng = null;
    this.taken++;
    for (const p of progress)
      onProgress?.({ ...p, epoch, trainedSeconds: (ahead.seconds * p.batch) / p.batches });
    return ahead;
  }

  /** Drops the epoch trained ahead unless it is still the next one at rate `eta`. */
  keepIf(next: boolean, eta: number): void {
    if (this.ahead && (!next || this.ahead.eta !== eta)) this.discard();
  }

  /** Forgets the epoch trained ahead: the kernel gets the mirror's weights back and the random
   * stream its state from before that epoch's shuffle. */
  discard(): void {
    if (!this.ahead) return;
    this.ahead = null;
    this.aheadProgress = [];
    writeRunState(this.views, this.plan, this.start);
    if (this.committedRng) this.start.rng = Rng.restore(this.committedRng);
    this.committedRng = null;
  }

  /** The random stream as of the last recorded epoch (for checkpoints). */
  committedStream(): Rng {
    return this.committedRng ? Rng.restore(this.committedRng) : this.start.rng;
  }
}
