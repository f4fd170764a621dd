/**
 * The half that both queue backends share — the local one (../queue/queue.ts: trainer processes
 * on this machine) and the Redis one (../remote/remote-queue.ts: BullMQ workers elsewhere): the
 * events the services forward, the live progress of running runs, the scope of a CLI that works
 * only its own runs, waiting for idle, and the rules of which run may be paused, cancelled or
 * resumed. Each backend adds only how runs are started and stopped.
 */
import { cpus } from 'node:os';
import type {
  QueueState,
  RunProgress,
  RunStatus,
  RunSummary,
} from '../../../src-shared/contract/types';
import type { EpochRecord } from '../../../src-shared/base/records';
import {
  isCancellable,
  isPausable,
  isResumable,
  requireStatus,
} from '../../../src-shared/base/run-status';
import type { RunQueueApi } from '../queue/queue-api';
import { createEmitter } from '../queue/emitter';
import type { Store } from '../store/store';
import type { RunEnd } from '../store/runs-repo';
import { createRunRecorder, type EpochArrival, type RunRecorder } from './run-recorder';
import type { Diagnose } from './run-outcome';
import { requireLocalDataset } from '../services/foreign-dataset';
import { notFound, conflict } from '../../../src-shared/base/errors';

export interface QueueCoreOptions {
  store: Store;
  /** Runs at a time; overrides the stored `concurrency` setting (the CLI's --parallel). */
  concurrency?: number;
  cores?: number;
  diagnose?: Diagnose;
}

/** Default of the `hangTimeoutSeconds` setting: a trainer silent this long is hung. Healthy
 * trainers send progress about 10 times a second while training, so this only has to cover the
 * longest silent step: loading a dataset and measuring a large network before epoch 1. */
export const DEFAULT_HANG_TIMEOUT_SECONDS = 120;

/** The `hangTimeoutSeconds` setting, or its default. */
export function hangTimeoutOf(store: Store): number {
  const stored = store.settings.all().hangTimeoutSeconds;
  return typeof stored === 'number' && stored > 0 ? stored : DEFAULT_HANG_TIMEOUT_SECONDS;
}

/** Runs at a time: the process's override (CLI --parallel), else the setting, else the cores. */
export function concurrencyOf(store: Store, override: number | undefined, cores: number): number {
  const stored = store.settings.all().concurrency;
  return override ?? (typeof stored === 'number' ? stored : cores);
}

/**
 * Threads for one run, decided here for every trainer: the cores shared among the runs that may
 * train at once, or fewer if the run's config asks for fewer.
 */
export function threadsPerRun(cores: number, concurrency: number, requested?: number): number {
  const budget = Math.max(1, Math.floor(cores / Math.max(1, concurrency)));
  return Math.min(requested ?? budget, budget);
}

/** The run, or an error saying why it cannot be `verb` in its status. */
export function requireRunIn(
  store: Store,
  id: number,
  allowed: (status: RunStatus) => boolean,
  verb: string,
): RunSummary {
  const run = store.runs.get(id);
  if (!run) throw notFound(`Run ${id} does not exist`);
  requireStatus(run, allowed, verb);
  return run;
}

/**
 * A run can continue only from a checkpoint of its own or from scratch: one that has epochs but no
 * checkpoint (a run imported from a bundle) would lose them, so it is refused with the reason.
 */
export function requireResumable(store: Store, id: number): RunSummary {
  const run = requireRunIn(store, id, isResumable, 'resumed');
  requireLocalDataset(store, id);
  if (!store.checkpoints.latest(id) && store.epochs.count(id) > 0) {
    throw conflict(
      `Run ${id} has stored epochs but no checkpoint to continue from (it was imported); ` +
        'train a new run with its config instead',
    );
  }
  return run;
}

/**
 * Runs a previous owner left 'running' (logged runs aside) become interrupted and, when `requeue` and the
 * resumeInterrupted setting say so, queued again. `keep` leaves some as they are (the Redis
 * queue's runs, still on their workers). Only the holder of the store's lease may call this.
 */
export function recoverInterruptedRuns(
  store: Store,
  keep: (id: number) => boolean = () => false,
  requeue = true,
) {
  const resume = requeue && store.settings.all().resumeInterrupted !== false;
  // A logged run trains in the user's own process, which outlives this owner: it stays running.
  const logged = store.loggedRuns.ids();
  for (const id of store.runs.idsWithStatus('running')) {
    if (keep(id) || logged.has(id)) continue;
    store.runs.markEnded(id, {
      status: 'interrupted',
      error: 'The app stopped while this run was training',
    });
    if (resume) store.runs.setStatus(id, 'queued');
  }
}

export abstract class QueueCore implements RunQueueApi {
  readonly cores: number;
  protected readonly store: Store;
  protected readonly recorder: RunRecorder;
  /** When set, only these runs are worked on (the CLI trains its own runs, not the whole queue). */
  protected scope: Set<number> | null = null;
  protected closed = false;
  /** start() was called: this process works the whole queue, not only its own runs. */
  protected owning = false;
  private readonly changed = createEmitter<RunSummary>();
  private readonly progressed = createEmitter<{ runId: number; progress: RunProgress }>();
  private readonly appended = createEmitter<{ runId: number; record: EpochRecord }>();
  private readonly progress = new Map<number, RunProgress>();
  private readonly idleWaiters: (() => void)[] = [];

  readonly onDidChangeRun = this.changed.event;
  readonly onDidProgress = this.progressed.event;
  readonly onDidAppendEpoch = this.appended.event;

  constructor(protected readonly coreOptions: QueueCoreOptions) {
    this.cores = coreOptions.cores ?? cpus().length;
    this.store = coreOptions.store;
    this.recorder = createRunRecorder(coreOptions.store, coreOptions.diagnose);
  }

  /** Begins working: after start() or runOnly(). */
  protected abstract work(): void;
  /** Starts or sends what it may now, if it is working (after a change). */
  protected abstract wake(): void;
  /** What the backend adds to the queue state. */
  protected abstract backendState(): Pick<QueueState, 'queuedIds' | 'backend'>;
  abstract setPaused(paused: boolean): QueueState;
  abstract cancel(id: number): void;
  abstract withdraw(ids: number[]): void;
  abstract pauseRun(id: number): void;
  abstract resumeRun(id: number): void;
  abstract move(id: number, beforeId: number | null): void;
  abstract close(): Promise<void>;
  /** Whether the queue still has work it may do (decides when whenIdle resolves; false once
   * closed unless trainers are still stopping). */
  protected abstract busy(): boolean;

  /** Owner start: recover what a previous owner left 'running', then work the whole queue. */
  start(): void {
    this.recover(true);
    this.owning = true;
    this.work();
  }

  /** Works only the given runs (CLI `train`, `sweep`, `resume`), and those queued through this
   * process later; resolves when none of them is queued or running. */
  runOnly(ids: number[]): Promise<void> {
    this.workOnlyOwnRuns(ids);
    return this.whenIdle();
  }

  /** From now on works only `ids` and the runs handed to this process (queued through it), not
   * the whole queue: an owner that is a CLI command. */
  workOnlyOwnRuns(ids: number[] = []): void {
    const scope = (this.scope ??= new Set());
    ids.forEach((id) => scope.add(id));
    this.work();
  }

  state(): QueueState {
    return {
      concurrency: this.concurrency(),
      paused: this.isPaused(),
      cores: this.cores,
      ...this.backendState(),
    };
  }

  /**
   * This process took the store's lease: runs a previous owner left 'running' become interrupted;
   * queued again as well with `requeue` (an owner that works the whole queue).
   */
  recover(requeue: boolean): void {
    recoverInterruptedRuns(this.store, (id) => this.stillTraining(id), requeue);
  }

  /** A run a previous owner left 'running' that is still training elsewhere (Redis workers). */
  protected stillTraining(_id: number): boolean {
    return false;
  }

  /** Runs were queued through this process (or changed): a process that works only its own runs
   * takes them on too, then starts or sends what it can. */
  notifyQueued(ids: number[]): void {
    ids.forEach((id) => {
      this.scope?.add(id);
      this.fireChanged(id);
    });
    this.wake();
  }

  hasWork(): boolean {
    return this.busy();
  }

  /** Resolves when nothing the queue may work on is queued or running. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  /** The run as stored, with its live progress while it trains. */
  summary(id: number): RunSummary | undefined {
    const run = this.store.runs.get(id);
    return run && { ...run, progress: this.progress.get(id) ?? null };
  }

  progressById(): Map<number, RunProgress> {
    return new Map(this.progress);
  }

  protected inScope(id: number): boolean {
    return !this.scope || this.scope.has(id);
  }

  protected isPaused(): boolean {
    return this.store.settings.all().queuePaused === true;
  }

  protected concurrency(): number {
    return concurrencyOf(this.store, this.coreOptions.concurrency, this.cores);
  }

  protected requireCancellable(id: number): RunSummary {
    return requireRunIn(this.store, id, isCancellable, 'cancelled');
  }

  protected requirePausable(id: number): RunSummary {
    return requireRunIn(this.store, id, isPausable, 'paused');
  }

  protected setProgress(runId: number, progress: RunProgress): void {
    this.progress.set(runId, progress);
    this.progressed.fire({ runId, progress });
  }

  protected clearProgress(runId: number): void {
    this.progress.delete(runId);
  }

  /** An epoch arrived: recorded with its checkpoint and the doctor's findings (retried while
   * another program holds the database's lock), then announced. */
  protected async recordEpochWhenFree(runId: number, arrival: EpochArrival): Promise<void> {
    await this.recorder.epochWhenFree(runId, arrival);
    this.epochAppended(runId, arrival.record);
    this.fireChanged(runId);
  }

  /** The run ended (completed, diverged, failed): stored with the doctor's end-of-run findings,
   * retried while another program holds the database's lock. */
  protected async recordEndWhenFree(runId: number, end: RunEnd): Promise<void> {
    this.clearProgress(runId);
    await this.recorder.finishWhenFree(runId, end);
    this.fireChanged(runId);
  }

  protected epochAppended(runId: number, record: EpochRecord): void {
    this.appended.fire({ runId, record });
  }

  protected fireChanged(id: number): void {
    const summary = this.summary(id);
    if (summary) this.changed.fire(summary);
    this.checkIdle();
  }

  protected checkIdle(): void {
    // Called after every change: query the store only when someone waits for idle.
    if (this.idleWaiters.length === 0) return;
    if (this.busy()) return;
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }
}
