/**
 * One run in the trainer process: load the data, create (or restore) the session, then stream an
 * epoch message per epoch (record + checkpoint; weights with the last) and throttled batch
 * progress, and finish with exactly one of completed / diverged / failed.
 */
import type { BatchCost, ToTrainer } from '../../src-shared/contract/trainer-protocol';
import type { RunProgress } from '../../src-shared/contract/types';
import type { LoadedDataset } from '../../src-shared/base/dataset';
import type {
  BatchProgress,
  SessionFactory,
  TrainingSession,
} from '../../src-shared/engine/session';
import type { RunConfig } from '../../src-shared/experiment/config';
import type { OwnerPort } from './owner-port';
import { messageOf } from '../../src-shared/base/errors';

/** At most one progress message per this many milliseconds (about 10 a second). */
export const PROGRESS_INTERVAL_MS = 100;

/** While the engine scores the splits, a message at most this often tells the owner's hang
 * watchdog the trainer is alive (a conv net on the reference engine scores for minutes). */
export const HEARTBEAT_MS = 10_000;

export interface TrainDeps {
  port: OwnerPort;
  loadData(config: RunConfig): Promise<LoadedDataset>;
  chooseFactory(engine: RunConfig['engine']): SessionFactory<RunConfig>;
  /** True once the owner asked to stop; checked between epochs. */
  cancelled(): boolean;
  now?: () => number;
}

type StartMessage = Extract<ToTrainer, { kind: 'start' }>;

export async function trainRun(start: StartMessage, deps: TrainDeps): Promise<void> {
  const { runId } = start;
  const config: RunConfig = { ...start.config, threads: start.threads };
  try {
    const data = await deps.loadData(config);
    const factory = deps.chooseFactory(config.engine);
    const session = start.checkpoint
      ? factory.restore(config, data, start.checkpoint)
      : factory.create(config, data);
    if (!start.checkpoint) {
      const alive = heartbeat(runId, deps);
      await deps.port.send({
        kind: 'epoch',
        runId,
        record: session.measure(alive),
        checkpoint: session.checkpoint(),
      });
    }
    await trainEpochs(runId, session, data, deps);
    if (deps.cancelled()) return;
    if (session.diverged) await deps.port.send({ kind: 'diverged', runId, epoch: session.epoch });
    else await deps.port.send({ kind: 'completed', runId });
  } catch (error) {
    const message = messageOf(error);
    await deps.port.send({ kind: 'failed', runId, message });
  }
}

async function trainEpochs(
  runId: number,
  session: TrainingSession<RunConfig>,
  data: LoadedDataset,
  deps: TrainDeps,
) {
  while (!session.finished && !deps.cancelled()) {
    const report = progressReporter(runId, session.config, data.train.count, deps);
    // Wall time for the samples, not deps.now: reading that clock is what paces progress.
    const sampler = batchCostSampler(session.config.batchSize, data.train.count);
    const alive = heartbeat(runId, deps);
    const record = session.trainEpoch((p) => {
      sampler.add(p);
      report(p);
    }, alive);
    const weights = session.finished ? session.weights() : undefined;
    await deps.port.send({
      kind: 'epoch',
      runId,
      record,
      checkpoint: session.checkpoint(),
      weights,
      batchCosts: sampler.points,
    });
    // Let 'cancel' and 'disconnect' be handled between epochs.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Sends 'alive' when HEARTBEAT_MS have passed since the last one (or since it was made): a
 * message of its own, so the live progress keeps its last real point (no repeat, no NaN cost). */
function heartbeat(runId: number, deps: TrainDeps): () => void {
  const now = deps.now ?? Date.now;
  let last = now();
  return () => {
    const t = now();
    if (t - last < HEARTBEAT_MS) return;
    last = t;
    void deps.port.send({ kind: 'alive', runId }).catch(() => undefined);
  };
}

/**
 * Samples the mini-batch cost from every batch callback of one epoch. The engine reports the
 * mean cost over the examples done so far (Σ C_x / done), so the batches since the previous
 * callback have mean cost (Σ_now − Σ_before) / (done_now − done_before).
 */
export function batchCostSampler(batchSize: number, trainCount: number, now = Date.now) {
  const points: BatchCost[] = [];
  let doneBefore = 0;
  let sumBefore = 0;
  return {
    points,
    add(p: BatchProgress): void {
      const done = Math.min(p.batch * batchSize, trainCount);
      if (done <= doneBefore) return;
      const sum = p.cost * done;
      const step = (p.epoch - 1) * p.batches + p.batch;
      points.push({ step, cost: (sum - sumBefore) / (done - doneBefore), time: now() / 1000 });
      [doneBefore, sumBefore] = [done, sum];
    },
  };
}

/**
 * Turns the engine's batch callbacks into at most one progress message per PROGRESS_INTERVAL_MS.
 * Rate = examples done this epoch / seconds this epoch; ETA = examples left in the run / rate.
 */
function progressReporter(runId: number, config: RunConfig, trainCount: number, deps: TrainDeps) {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  let lastSent = -Infinity;
  return (p: BatchProgress) => {
    const t = now();
    if (t - lastSent < PROGRESS_INTERVAL_MS && p.batch < p.batches) return;
    lastSent = t;
    const done = Math.min(p.batch * config.batchSize, trainCount);
    const seconds = p.trainedSeconds ?? (t - startedAt) / 1000;
    const examplesPerSecond = seconds > 0 ? done / seconds : 0;
    const left = trainCount - done + (config.epochs - p.epoch) * trainCount;
    const progress: RunProgress = {
      epoch: p.epoch,
      epochs: config.epochs,
      batch: p.batch,
      batches: p.batches,
      cost: p.cost,
      examplesPerSecond,
      etaSeconds: examplesPerSecond > 0 ? left / examplesPerSecond : null,
    };
    void deps.port.send({ kind: 'progress', runId, progress }).catch(() => undefined);
  };
}
