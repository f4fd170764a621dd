/**
 * `backprop worker`: a BullMQ worker that pulls training jobs from the owner's Redis queue and
 * trains each in a trainer process on this machine (./train-job.ts). It accepts only jobs whose
 * config passes the run-config schema; any other job fails at once with the reason, and the owner
 * marks the run failed. Ctrl+C hands its running jobs back to the queue (another worker resumes
 * them from the newest checkpoint the owner stored).
 */
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { cpus, hostname } from 'node:os';
import type { RunProgress } from '../../src-shared/contract/types';
import { describeIssues, parseOrThrow } from '../../src-shared/base/validation';
import type { EpochRecord } from '../../src-shared/base/records';
import { runConfigSchema, type RunConfig } from '../../src-shared/experiment/config';
import { ENGINE_VERSION } from '../../src-shared/engine/version';
import {
  attemptOf,
  encodeEntry,
  QUEUE_NAME,
  REDIS_PREFIX,
  remoteJobDataSchema,
  stopKey,
  streamKey,
  TRIES_PER_DISPATCH,
  type RemoteJobData,
  type StreamEntry,
} from '../core/remote/protocol';
import { connectionOf } from '../core/remote/redis-links';
import {
  DEFAULT_STALL_SETTINGS,
  stallBoundMs,
  type StallSettings,
} from '../core/remote/stall-settings';
import { createForkTrainerHost } from '../core/runner/fork-host';
import type { TrainerHost } from '../core/runner/trainer-host';
import { DEFAULT_HANG_TIMEOUT_SECONDS, threadsPerRun } from '../core/lifecycle/queue-core';
import { resumePoint, type ResumePoint } from './resume';
import { trainJob, type JobOutcome } from './train-job';

/** At most one progress update per job per this many ms reaches Redis (the owner's live view). */
export const PROGRESS_TO_REDIS_MS = 1000;
const SHUTDOWN = 'worker shutting down';
/** How long close() waits for running jobs to be handed back to the queue. */
const CLOSE_GRACE_MS = 5000;
const LOCK_LOST = 'lock lost';

export interface WorkerView {
  progress(runId: number, progress: RunProgress): void;
  epoch(runId: number, record: EpochRecord, epochs: number): void;
  finished(runId: number, line: string): void;
}

export interface WorkerOptions {
  redisUrl: string;
  /** Runs trained at the same time on this machine. */
  concurrency: number;
  /** Threads per run; default: this machine's cores shared by `concurrency` runs. */
  threads?: number;
  stall?: Partial<StallSettings>;
  trainerHost?: TrainerHost;
  view: WorkerView;
  log(line: string): void;
}

export interface RunningWorker {
  name: string;
  threads: number;
  stallBoundMs: number;
  /** Hands running jobs back to the queue and disconnects. */
  close(): Promise<void>;
}

export function startWorker(options: WorkerOptions): RunningWorker {
  const stall: StallSettings = {
    lockDurationMs: options.stall?.lockDurationMs ?? DEFAULT_STALL_SETTINGS.lockDurationMs,
    stalledIntervalMs: options.stall?.stalledIntervalMs ?? DEFAULT_STALL_SETTINGS.stalledIntervalMs,
    maxStalledCount: options.stall?.maxStalledCount ?? DEFAULT_STALL_SETTINGS.maxStalledCount,
  };
  const name = `${hostname()}:${process.pid}`;
  // --threads N stands for N cores per run: the cores of this machine otherwise.
  const cores = options.threads ? options.threads * options.concurrency : cpus().length;
  const threads = threadsPerRun(cores, options.concurrency);
  const commands = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const processor = jobProcessor({ ...options, commands, cores });
  const worker = new Worker<RemoteJobData, JobOutcome>(QUEUE_NAME, processor, {
    connection: connectionOf(options.redisUrl),
    prefix: REDIS_PREFIX,
    name,
    concurrency: options.concurrency,
    lockDuration: stall.lockDurationMs,
    stalledInterval: stall.stalledIntervalMs,
    maxStalledCount: stall.maxStalledCount,
    // An idle worker long-polls for 1 s instead of 5: a job handed back by a stopping worker
    // (moveToWait) is picked up within a second (one cheap blocking call a second when idle).
    drainDelay: 1,
  });
  worker.on('lockRenewalFailed', (ids) => ids.forEach((id) => worker.cancelJob(id, LOCK_LOST)));
  reportErrors(worker, commands, options.log);
  return {
    name,
    threads,
    stallBoundMs: stallBoundMs(stall),
    async close() {
      worker.cancelAllJobs(SHUTDOWN);
      // Running jobs go back to the queue first; with Redis gone that cannot happen: cut after
      // a grace period (the jobs then stall and are retried once Redis is back).
      const closed = worker.close().then(() => true);
      const cut = new Promise<boolean>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS, false));
      if (!(await Promise.race([closed, cut]))) void worker.disconnect().catch(() => undefined);
      commands.disconnect();
    },
  };
}

/** Connection trouble is said once per distinct message, not once per retry. */
function reportErrors(worker: Worker, commands: Redis, log: (line: string) => void): void {
  let last = '';
  const report = (error: Error) => {
    if (error.message === last) return;
    last = error.message;
    log(`Redis: ${error.message} (retrying)`);
  };
  worker.on('error', report);
  commands.on('error', report);
  commands.on('ready', () => (last = ''));
}

type ProcessorDeps = WorkerOptions & { commands: Redis; cores: number };

function jobProcessor(deps: ProcessorDeps) {
  return async (job: Job<RemoteJobData>, token?: string, signal?: AbortSignal) => {
    const data = parseJobData(job.data);
    const { runId, dispatch } = data;
    const attempt = attemptOf(dispatch, job.attemptsStarted);
    const append = async (entry: StreamEntry) => {
      await deps.commands.xadd(streamKey(runId), '*', ...encodeEntry(entry));
    };
    const config = await admitConfig(data, attempt, append);
    const stopRequest = () => readStop(deps.commands, runId, dispatch);
    const resume = await beginAttempt(deps, data, { attempt, config, append, stopRequest });
    if (resume === 'paused' || resume === 'cancelled') return resume;
    const outcome = await trainJob({
      runId,
      attempt,
      config,
      threads: threadsPerRun(deps.cores, deps.concurrency, config.threads),
      hangSeconds: DEFAULT_HANG_TIMEOUT_SECONDS,
      resume,
      trainerHost: deps.trainerHost ?? createForkTrainerHost(),
      append,
      progress: throttledProgress(job, runId, attempt, deps.view),
      epoch: (record) => deps.view.epoch(runId, record, config.epochs),
      stopRequest,
      signal: signal ?? new AbortController().signal,
    });
    deps.view.finished(runId, `run ${runId} ${outcome} here`);
    if (outcome !== 'aborted') return outcome;
    if (signal?.reason === SHUTDOWN && token) {
      await job.moveToWait(token);
      throw new WaitingError();
    }
    throw new Error('The job was taken from this worker (its lock could not be renewed)');
  };
}

interface AttemptStart {
  attempt: number;
  config: RunConfig;
  append(entry: StreamEntry): Promise<void>;
  stopRequest(): Promise<'pause' | 'cancel' | null>;
}

/** Before training: honour a stop the owner asked for meanwhile, find where to resume, and
 * announce the attempt (the owner then marks the run running on this host). */
async function beginAttempt(
  deps: ProcessorDeps,
  data: RemoteJobData,
  { attempt, config, append, stopRequest }: AttemptStart,
): Promise<ResumePoint | 'paused' | 'cancelled'> {
  const early = await stopRequest();
  if (early === 'cancel') return 'cancelled';
  if (early === 'pause') {
    await append({ kind: 'stopped', attempt, reason: 'pause' });
    return 'paused';
  }
  const resume = await resumePoint(deps.commands, data);
  await append({ kind: 'start', attempt, host: hostname(), fromEpoch: resume.epoch });
  const from = resume.epoch >= 0 ? ` from epoch ${resume.epoch}` : '';
  const tryNo = attempt % TRIES_PER_DISPATCH;
  deps.log(`run ${data.runId} (${config.name || 'unnamed'}) started${from}, try ${tryNo}`);
  return resume;
}

/** The job's data parsed strictly (remoteJobDataSchema), or the job fails unretried naming the
 * field: without a valid run id there is no stream to tell the owner on. */
function parseJobData(data: unknown): RemoteJobData {
  const parsed = remoteJobDataSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new UnrecoverableError(
    `The job's data is not a workbench job's: ${describeIssues(parsed.error, 'job data')}`,
  );
}

/** The config, or the run fails (end entry for the owner) and the job with it, unretried:
 * a config the schema rejects, or a run made with another engine version. */
async function admitConfig(
  data: RemoteJobData,
  attempt: number,
  append: (entry: StreamEntry) => Promise<void>,
): Promise<RunConfig> {
  try {
    if (data.engineVersion !== ENGINE_VERSION) {
      throw new Error(
        `it runs engine ${ENGINE_VERSION} and the run needs engine ${String(data.engineVersion)}` +
          ' (update the project on this machine)',
      );
    }
    return parseOrThrow(runConfigSchema, data.config, 'config');
  } catch (error) {
    const message = `The worker on ${hostname()} refused the job: ${(error as Error).message}`;
    await append({ kind: 'end', attempt, status: 'failed', message });
    throw new UnrecoverableError(message);
  }
}

async function readStop(redis: Redis, runId: number, dispatch: number) {
  const value = await redis.get(stopKey(runId));
  const [forDispatch, kind] = (value ?? '').split(' ');
  if (Number(forDispatch) !== dispatch) return null;
  return kind === 'pause' || kind === 'cancel' ? kind : null;
}

/** Every progress message to the terminal; one a second to Redis. */
function throttledProgress(job: Job, runId: number, attempt: number, view: WorkerView) {
  let lastSent = -Infinity;
  return (progress: RunProgress) => {
    view.progress(runId, progress);
    const now = Date.now();
    if (now - lastSent < PROGRESS_TO_REDIS_MS) return;
    lastSent = now;
    void job.updateProgress({ runId, attempt, progress }).catch(() => undefined);
  };
}
