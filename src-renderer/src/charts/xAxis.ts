/**
 * The x axes a curve can use, on Compare and on a run's page (one implementation for both), and
 * where a run's x values come from. Nothing is interpolated: an axis a run has no data for gives
 * null, and the caller says so (Compare's missingNote, the run page's axis choice).
 * - epoch: the epoch records (trained) or the epoch each logged value names;
 * - step: mini-batches trained, epoch e ends at e · ⌈trainSize / batchSize⌉ (the engine cuts a
 *   last, smaller batch); a logged run's own steps;
 * - examples seen: e · trainSize, for trained runs whose training-set size is known;
 * - time (s): seconds from the run's start: the sum of its epochs' training seconds (trained), or
 *   the logging calls' wall time minus the first one's (logged).
 */
import type { RunConfig } from '../../../src-shared/experiment/config';
import type { LoggedMetric } from '../../../src-shared/contract/types';

export const xAxes = ['epoch', 'step', 'examples', 'time'] as const;
export type XAxis = (typeof xAxes)[number];

export const axisLabels: Record<XAxis, string> = {
  epoch: 'epoch',
  step: 'step',
  examples: 'examples seen',
  time: 'time (s)',
};

export function isXAxis(value: unknown): value is XAxis {
  return xAxes.includes(value as XAxis);
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
  axis: XAxis,
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

/** Why a logged run has no x on `axis`, or null when it may have one. */
export const loggedAxisProblem = (axis: XAxis): string | null =>
  axis === 'examples' ? 'Logged runs do not say how many examples they saw.' : null;

/**
 * One logged metric's points (a single key, ordered by step) on `axis`, or null when it has none
 * there: by step its steps; by time the seconds since `start` (the run's first logged value); by
 * epoch each epoch's value at its last step (points without an epoch left out); never by
 * examples seen.
 */
export function loggedOn(
  axis: XAxis,
  points: readonly LoggedMetric[],
  start: number,
): { x: number[]; y: number[] } | null {
  if (loggedAxisProblem(axis)) return null;
  const usable = axis === 'epoch' ? points.filter((m) => m.epoch !== null) : points;
  if (!usable.length) return null;
  if (axis === 'step') return { x: usable.map((m) => m.step), y: usable.map((m) => m.value) };
  if (axis === 'time') {
    const byTime = [...usable].sort((a, b) => a.time - b.time);
    return { x: byTime.map((m) => m.time - start), y: byTime.map((m) => m.value) };
  }
  const byEpoch = new Map<number, number>();
  for (const m of usable) byEpoch.set(m.epoch as number, m.value); // ordered by step: last wins
  const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
  return { x: epochs, y: epochs.map((e) => byEpoch.get(e) as number) };
}

/** Seconds of the first logged value of a run (time 0 on the time axis). */
export const loggedStart = (metrics: readonly LoggedMetric[]): number =>
  Math.min(...metrics.map((m) => m.time));
