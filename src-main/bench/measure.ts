/**
 * One timed measurement, meant to run alone in a fresh process (so its peak RSS is its own): load
 * MNIST, then run the workload as a trainer runs it (trainRun: epoch 0 measured, then every epoch
 * trained, scored, probed, checkpointed and sent with its batch progress) into an EpochSink that
 * stores each epoch as the owner does. Reported: the median training time of an epoch
 * (EpochRecord.seconds, as both engines define it), the wall time per epoch the trainer spent
 * (training, scoring every split, the probe, the checkpoint and the send) and the turnaround (the
 * median interval between two epochs stored).
 */
import { loadDataset } from '../datasets';
import { runConfigSchema, type RunConfig } from '../../src-shared/experiment/config';
import { createSession } from '../../src-shared/engine/reference-session';
import type { SessionFactory, TrainingSession } from '../../src-shared/engine/session';
import type { LoadedDataset } from '../../src-shared/base/dataset';
import { fastPathFactory } from '../trainer/fast/factory';
import { trainRun } from '../trainer/train-run';
import type { OwnerPort } from '../trainer/owner-port';
import type { EpochMessage, EpochSink } from './epoch-store';
import { sparseEpochFlops, workloadEpochFlops, workloads, type WorkloadId } from './workloads';

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
  /** Wall seconds per epoch in the trainer: training, scoring every split, the probe, the
   * checkpoint and handing the epoch over (median interval between two epochs sent). */
  wallSecondsPerEpoch: number;
  /** What a person waits per epoch: the median interval between two epochs stored, the store
   * write included. Null when the epoch was cut (scoring is not scaled with it). */
  turnaroundSecondsPerEpoch: number | null;
  /** Median seconds the trainer waited per epoch for the owner to take the epoch's message off
   * the channel (the owner reads it between its store writes). */
  handOverSecondsPerEpoch: number;
  examplesPerSecond: number;
  gflops: number;
  /** GFLOP/s of the work really done: the first dense layer only over non-zero inputs (a conv
   * net: as gflops). */
  sparseGflops: number;
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

/** The run config of a measurement. */
export function measuredConfig(spec: MeasureSpec): RunConfig {
  const workload = workloads[spec.workload];
  return runConfigSchema.parse({
    ...workload.config,
    ...workload.scoredSplits,
    epochs: spec.epochs,
    threads: spec.threads,
    engine: spec.engine,
    ...(spec.subset ? { trainSize: spec.subset } : {}),
    ...spec.overrides,
  });
}

/** Non-zero inputs per example. */
function meanNonZero(inputs: ArrayLike<number>, count: number): number {
  let n = 0;
  for (let i = 0; i < inputs.length; i++) if (inputs[i] !== 0) n++;
  return count > 0 ? n / count : 0;
}

/** Operations an epoch really takes: the first dense layer over non-zero inputs only; a conv net's
 * convolution visits every pixel, so its count is the dense-equivalent one. */
function workFlops(config: RunConfig, data: LoadedDataset, examples: number): number {
  if (config.features) return workloadEpochFlops(config, examples);
  const nonZero = meanNonZero(data.train.inputs, data.train.count);
  return sparseEpochFlops(config.layers, examples, nonZero);
}

/** Differences of consecutive values (ms) in seconds. */
const intervals = (ms: number[]) => ms.slice(1).map((t, i) => (t - ms[i]) / 1000);

export async function measureWorkload(spec: MeasureSpec, sink: EpochSink): Promise<Measurement> {
  const config = measuredConfig(spec);
  const data = loadDataset(config.dataset, config);
  const fullEpoch = spec.subset ? loadDataset(config.dataset, {}).train.count : data.train.count;
  const clock = cpuMarkingClock();
  const run = await trainMeasured(spec, config, data, clock.now, sink);
  const stored = await sink.finish();
  const seconds = run.records.slice(1).map((r) => r.seconds);
  const scale = fullEpoch / data.train.count;
  const secondsPerEpoch = median(seconds) * scale;
  return {
    id: spec.workload,
    engine: spec.engine,
    threads: spec.threads,
    threadMode: spec.trainThreads === null ? 'auto' : 'forced',
    trainingThreads: run.trainingThreads,
    secondsPerEpoch,
    epochSeconds: seconds,
    cpuSecondsPerEpoch: median(clock.epochCpuSeconds()) * scale,
    wallSecondsPerEpoch: median(intervals(run.sentAt)) * scale,
    turnaroundSecondsPerEpoch: scale === 1 ? median(intervals(stored)) : null,
    handOverSecondsPerEpoch: median(run.handOver.slice(1)),
    examplesPerSecond: fullEpoch / secondsPerEpoch,
    gflops: workloadEpochFlops(config, fullEpoch) / secondsPerEpoch / 1e9,
    sparseGflops: workFlops(config, data, fullEpoch) / secondsPerEpoch / 1e9,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    testAccuracy: run.records[1]?.testAccuracy ?? null,
    epochFraction: data.train.count / fullEpoch,
  };
}

/** The run through trainRun, with a port that hands epochs to `sink` and notes when each was
 * sent; the session is kept to read its thread choice. */
async function trainMeasured(
  spec: MeasureSpec,
  config: RunConfig,
  data: LoadedDataset,
  now: () => number,
  sink: EpochSink,
) {
  let session: TrainingSession<RunConfig> | null = null;
  const make = (c: RunConfig, d: LoadedDataset): TrainingSession<RunConfig> =>
    spec.engine === 'fast'
      ? fastPathFactory({ trainThreads: spec.trainThreads ?? 'auto', now }).create(c, d)
      : createSession(c, d, { now });
  const factory: SessionFactory<RunConfig> = {
    create: (c, d) => (session = make(c, d)),
    restore: () => {
      throw new Error('a bench measurement starts from scratch');
    },
  };
  const records: EpochMessage['record'][] = [];
  const sentAt: number[] = [];
  const handOver: number[] = [];
  let failure: string | null = null;
  const port: OwnerPort = {
    async send(message) {
      if (message.kind === 'failed') failure = message.message;
      if (message.kind !== 'epoch') return;
      const t0 = performance.now();
      sentAt.push(t0);
      records.push(message.record);
      await sink.send(message);
      handOver.push((performance.now() - t0) / 1000);
    },
    onMessage: () => undefined,
    onDisconnect: () => undefined,
  };
  const start = { kind: 'start' as const, runId: 1, config, threads: spec.threads };
  await trainRun(start, {
    port,
    loadData: () => Promise.resolve(data),
    chooseFactory: () => factory,
    cancelled: () => false,
  });
  if (failure) throw new Error(`measurement ${spec.workload}/${spec.engine}: ${failure}`);
  const s = session as TrainingSession<RunConfig> | null;
  const trainingThreads = s && 'trainingThreads' in s ? Number(s.trainingThreads) : 1;
  if (s && 'close' in s && typeof s.close === 'function') s.close();
  return { records, sentAt, handOver, trainingThreads };
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
