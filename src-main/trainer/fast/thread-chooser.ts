/**
 * How many threads train the next piece of an epoch. Results are bit-identical for any count,
 * so the choice only affects speed, and it can be made by measuring: each candidate is timed on a
 * piece of the epoch, the faster one trains the following pieces, and the slower one is tried
 * again now and then (the machine's load changes: threads stop paying when another process
 * takes the second core, because every barrier then waits for a descheduled thread).
 */
import type { LoadedDataset } from '../../../src-shared/base/dataset';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { FORMAT_BYTES } from './encode';
import { paddedHidden, type SplitSizes } from './memory-plan';

/** Below this many multiply-adds of the first layer per mini-batch, one thread trains alone without
 * trying more: two barriers per batch cost more than half the work (online learning on 784-15-10,
 * 2,400, was slower on two threads even on an idle machine; batch 10 on 784-30-10, 48,000, can
 * be faster, so the chooser tries it). */
export const MIN_SHARED_WORK = 20_000;

/** Thread counts training may use: the wanted number, or for 'auto' all threads and one when a
 * mini-batch has enough work to share (see MIN_SHARED_WORK), else just one. The first layer gets
 * as many slices as the largest. */
export function trainCandidates(
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

/** Pieces between rechecks of the slower candidate at first; the interval doubles (up to
 * MAX_RECHECK) each time the recheck confirms the choice, so a busy machine pays for few slow
 * pieces, and it starts over when the choice changes. */
const RECHECK_EVERY = 12;
const MAX_RECHECK = 384;
/** Weight of the newest measurement in the running mean of seconds per batch. */
const NEWEST = 0.5;

export class ThreadChooser {
  private readonly perBatch = new Map<number, number>();
  /** Candidates that ran once: their first piece is not timed, because V8 runs the kernel in its
   * baseline tier at first and optimizes it in the background. */
  private readonly warm = new Set<number>();
  private sinceCheck = 0;
  private interval = RECHECK_EVERY;

  /** `candidates`: thread counts to choose from, e.g. [2, 1]. */
  constructor(private readonly candidates: number[]) {}

  /** True when there is a choice to make (more than one candidate). */
  get choosing(): boolean {
    return this.candidates.length > 1;
  }

  /** The fastest candidate measured so far (the first one before any measurement). */
  best(): number {
    let best = this.candidates[0];
    for (const p of this.candidates) {
      const t = this.perBatch.get(p);
      const b = this.perBatch.get(best);
      if (t !== undefined && (b === undefined || t < b)) best = p;
    }
    return best;
  }

  /** Threads for the next piece: an untimed candidate first (each runs once untimed to warm up),
   * then the best, rechecking the others now and then. `probe` marks a trial: the caller keeps
   * it small, since the candidate may be much slower. */
  next(): { threads: number; probe: boolean } {
    const untried =
      this.candidates.find((p) => !this.warm.has(p)) ??
      this.candidates.find((p) => !this.perBatch.has(p));
    if (untried !== undefined) return { threads: untried, probe: this.choosing };
    const best = this.best();
    if (this.sinceCheck + 1 >= this.interval) {
      const other = this.candidates.find((p) => p !== best) ?? best;
      return { threads: other, probe: other !== best };
    }
    return { threads: best, probe: false };
  }

  /** Runs `work` and, while choosing, records how long `units` of it took on `threads` threads. */
  timed(threads: number, units: number, work: () => void): void {
    const t0 = performance.now();
    work();
    if (this.choosing) this.record(threads, units, (performance.now() - t0) / 1000);
  }

  /** A piece of `batches` mini-batches took `seconds` on `threads` threads. */
  record(threads: number, batches: number, seconds: number): void {
    if (!this.warm.has(threads)) {
      this.warm.add(threads);
      return;
    }
    const before = this.best();
    const recheck = this.perBatch.has(threads) && threads !== before;
    const t = seconds / Math.max(1, batches);
    const old = this.perBatch.get(threads);
    this.perBatch.set(threads, old === undefined ? t : NEWEST * t + (1 - NEWEST) * old);
    this.sinceCheck++;
    if (!recheck) return;
    this.sinceCheck = 0;
    this.interval =
      this.best() === before ? Math.min(MAX_RECHECK, 2 * this.interval) : RECHECK_EVERY;
  }
}
