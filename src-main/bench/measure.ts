/**
 * One timed measurement, meant to run alone in a fresh process (so its peak RSS is its own):
 * load MNIST, create the session for the engine and thread count, train `epochs` epochs and
 * report the median of EpochRecord.seconds (the training time of an epoch, as both engines
 * define it; the per-epoch evaluation of all splits is not included).
 */
import { loadDataset } from '../datasets';
import { runConfigSchema } from '../../src-shared/experiment/config';
import { createSession } from '../../src-shared/engine/reference-session';
import type { TrainingSession } from '../../src-shared/engine/session';
import { fastSessionFactory } from '../trainer/fast/factory';
import { epochFlops, workloads, type WorkloadId } from './workloads';

export interface MeasureSpec {
  workload: WorkloadId;
  engine: 'fast' | 'reference';
  threads: number;
  epochs: number;
  /** Train on the first `subset` training examples and scale the time to the full epoch. */
  subset: number | null;
  /** Fast path: threads that train (null: the fast path decides). */
  trainThreads: number | null;
  /** Internal, for kernel work: run-config fields laid over the workload's (e.g. shuffle). */
  overrides?: Record<string, unknown>;
}

export interface Measurement {
  id: WorkloadId;
  engine: 'fast' | 'reference';
  threads: number;
  /** 'forced': the fast path trained on all threads; 'auto': it chose (see FastOptions). */
  threadMode: 'auto' | 'forced';
  /** Threads that trained in the end (auto: the faster choice measured). */
  trainingThreads: number;
  secondsPerEpoch: number;
  /** Seconds of every epoch, as measured (unscaled). */
  epochSeconds: number[];
  /** Median CPU seconds of the process (all its threads) per epoch of training, scaled like
   * secondsPerEpoch: less disturbed by other processes than wall time. */
  cpuSecondsPerEpoch: number;
  /** Seconds per epoch including the evaluation of every split after it (median). */
  wallSecondsPerEpoch: number;
  examplesPerSecond: number;
  gflops: number;
  peakRssMb: number;
  /** Test accuracy after the first epoch. */
  testAccuracy: number | null;
  /** Fraction of the epoch that was trained and timed (1 = the whole epoch). */
  epochFraction: number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function measureWorkload(spec: MeasureSpec): Measurement {
  const workload = workloads[spec.workload];
  const config = runConfigSchema.parse({
    ...workload.config,
    epochs: spec.epochs,
    threads: spec.threads,
    engine: spec.engine,
    ...(spec.subset ? { trainSize: spec.subset } : {}),
    ...spec.overrides,
  });
  const data = loadDataset(config.dataset, config);
  const fullEpoch = spec.subset ? loadDataset(config.dataset, {}).train.count : data.train.count;
  const clock = cpuMarkingClock();
  const session: TrainingSession =
    spec.engine === 'fast'
      ? fastSessionFactory({ trainThreads: spec.trainThreads ?? 'auto', now: clock.now }).create(
          config,
          data,
        )
      : createSession(config, data, { now: clock.now });
  const seconds: number[] = [];
  const wall: number[] = [];
  let testAccuracy: number | null = null;
  for (let e = 0; e < spec.epochs; e++) {
    const t0 = performance.now();
    const record = session.trainEpoch();
    wall.push((performance.now() - t0) / 1000);
    seconds.push(record.seconds);
    if (e === 0) testAccuracy = record.testAccuracy;
  }
  const trainingThreads = 'trainingThreads' in session ? Number(session.trainingThreads) : 1;
  if ('close' in session && typeof session.close === 'function') session.close();
  const scale = fullEpoch / data.train.count;
  const secondsPerEpoch = median(seconds) * scale;
  return {
    id: spec.workload,
    engine: spec.engine,
    threads: spec.threads,
    threadMode: spec.trainThreads === null ? 'auto' : 'forced',
    trainingThreads,
    secondsPerEpoch,
    epochSeconds: seconds,
    cpuSecondsPerEpoch: median(clock.epochCpuSeconds()) * scale,
    wallSecondsPerEpoch: median(wall) * scale,
    examplesPerSecond: fullEpoch / secondsPerEpoch,
    gflops: epochFlops(config.layers, fullEpoch) / secondsPerEpoch / 1e9,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    testAccuracy,
    epochFraction: data.train.count / fullEpoch,
  };
}

/**
 * The sessions' clock for EpochRecord.seconds (wall milliseconds), which also notes the process's
 * CPU time at each call: both engines call it exactly twice per epoch, before and after training.
 */
function cpuMarkingClock() {
  const marks: number[] = [];
  return {
    now(): number {
      const { user, system } = process.cpuUsage();
      marks.push((user + system) / 1e6);
      return performance.now();
    },
    epochCpuSeconds(): number[] {
      const out: number[] = [];
      for (let i = 0; i + 1 < marks.length; i += 2) out.push(marks[i + 1] - marks[i]);
      return out;
    },
  };
}
