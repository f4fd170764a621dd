/**
 * The x axes a comparison can use, and where each run's x values come from. Nothing is
 * interpolated: an axis a run has no data for leaves the run out (missingNote says so).
 * - epoch: the epoch records (trained) or the epoch each logged value names;
 * - step: mini-batches trained, epoch e ends at e · ⌈trainSize / batchSize⌉ (the engine cuts a
 *   last, smaller batch); a logged run's own steps;
 * - examples seen: e · trainSize, for trained runs whose training-set size is known;
 * - time (s): seconds from the run's start: the sum of its epochs' training seconds (trained), or
 *   the logging calls' wall time minus the first one's (logged).
 */
import type { RunConfig } from '../../../src-shared/experiment/config';

export const compareAxes = ['epoch', 'step', 'examples', 'time'] as const;
export type CompareAxis = (typeof compareAxes)[number];

export const axisLabels: Record<CompareAxis, string> = {
  epoch: 'epoch',
  step: 'step',
  examples: 'examples seen',
  time: 'time (s)',
};

export function isCompareAxis(value: unknown): value is CompareAxis {
  return compareAxes.includes(value as CompareAxis);
}

/** What a trained run's epochs need to be placed on the other axes. */
export interface RunScale {
  /** Training examples per epoch, null when the run's config does not say and the dataset is
   * not a built-in one of known size. */
  trainSize: number | null;
  batchSize: number;
  /** Seconds of training up to the end of each epoch, by epoch (epoch 0 → 0). */
  elapsed: Map<number, number>;
}

/**
 * Training-set size of a trained run: the config's trainSize, a built-in dataset's default
 * (from the datasets service), an inline dataset's example count; else null.
 */
export function trainSizeOf(
  config: Pick<RunConfig, 'trainSize' | 'dataset' | 'validationSize' | 'testSize'>,
  builtinTrainCount: (id: string) => number | undefined,
): number | null {
  if (config.trainSize !== undefined) return config.trainSize;
  const d = config.dataset;
  if (typeof d === 'string') return builtinTrainCount(d) ?? null;
  if (d.kind === 'inline')
    return d.inputs.length - (config.validationSize ?? 0) - (config.testSize ?? 0);
  return null;
}

/** Cumulative training seconds at the end of each epoch (records ordered by epoch). */
export function elapsedByEpoch(records: readonly { epoch: number; seconds: number }[]) {
  const out = new Map<number, number>();
  let total = 0;
  for (const r of records) {
    total += Number.isFinite(r.seconds) ? r.seconds : 0;
    out.set(r.epoch, total);
  }
  return out;
}

/** x of each epoch on `axis`, or null when the run lacks what the axis needs. */
export function epochsOn(
  axis: CompareAxis,
  epochs: readonly number[],
  scale: RunScale | undefined,
): number[] | null {
  if (axis === 'epoch') return [...epochs];
  if (!scale) return null;
  if (axis === 'time') {
    const xs = epochs.map((e) => scale.elapsed.get(e));
    return xs.every((x) => x !== undefined) ? (xs as number[]) : null;
  }
  if (scale.trainSize === null) return null;
  const perEpoch = axis === 'step' ? Math.ceil(scale.trainSize / scale.batchSize) : scale.trainSize;
  return epochs.map((e) => e * perEpoch);
}
