/**
 * Mean cost and accuracy of every split from the kernel's per-example costs and predictions
 * (CMD_EVALUATE), summed in example order as evaluate.ts does, so the numbers are the reference's.
 * `data` is the dataset as loaded: with an expanded training set in the kernel, only its first
 * data.train.count examples (the original ones) are scored, as in the reference.
 * The evaluation runs on all threads or one, whichever the chooser finds faster.
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { SplitScore } from '../../../src-shared/engine/evaluate';
import * as K from '../kernels/assembly/_layout';
import type { MemoryViews } from './context';
import type { MemoryPlan } from './memory-plan';
import { ThreadChooser } from './thread-chooser';
import type { ThreadPool } from './threads';

/** Examples an evaluation trial on a thread count takes. */
const EVAL_PROBE = 4096;

export interface SplitScores {
  train: SplitScore | null;
  validation: SplitScore | null;
  test: SplitScore | null;
}

export class SplitScorer {
  private readonly chooser: ThreadChooser;

  constructor(
    private readonly data: LoadedDataset,
    private readonly plan: MemoryPlan,
    private readonly views: MemoryViews,
    private readonly pool: ThreadPool,
  ) {
    this.chooser = new ThreadChooser(pool.threads > 1 ? [pool.threads, 1] : [1]);
  }

  /** Every split, evaluated now unless thread 1 already did (`scored`: CMD_EVALUATE_SNAPSHOT
   * writes the same arrays). */
  scoreAll(scored: boolean): SplitScores {
    const [train, validation, test] = [0, 1, 2].map((s) => {
      if (!scored) this.evaluate(s);
      return this.score(s);
    });
    return { train, validation, test };
  }

  /** Costs and predictions of split s into its arrays, in pieces while the chooser times. */
  private evaluate(s: number): void {
    const count = this.countOf(s);
    for (let from = 0; from < count;) {
      const pick = this.chooser.next();
      const to = pick.probe ? Math.min(count, from + EVAL_PROBE) : count;
      this.chooser.timed(pick.threads, to - from, () =>
        this.pool.run(K.CMD_EVALUATE, s, from, pick.threads, to),
      );
      from = to;
    }
  }

  /** Mean cost and accuracy (over the labelled examples) of split s's arrays. */
  private score(s: number): SplitScore | null {
    const p = this.plan.splits[s];
    const count = this.countOf(s);
    if (count === 0) return null;
    const costs = new Float64Array(this.views.buffer, p.costs, count);
    const predictions = new Int32Array(this.views.buffer, p.predictions, count);
    const labels = this.splitOf(s).labels;
    let total = 0;
    let labelled = 0;
    let right = 0;
    for (let i = 0; i < count; i++) {
      total += costs[i];
      if (labels[i] >= 0) {
        labelled++;
        if (predictions[i] === labels[i]) right++;
      }
    }
    return { cost: total / count, accuracy: labelled > 0 ? right / labelled : null };
  }

  private splitOf(s: number): LoadedDataset['train'] {
    return [this.data.train, this.data.validation, this.data.test][s];
  }

  /** Examples scored of split s: the loaded dataset's (not an expanded training set's). */
  private countOf(s: number): number {
    return this.splitOf(s).count;
  }
}
