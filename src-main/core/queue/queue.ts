/**
 * The persistent run queue, driven by the owner process. Queued runs start in order (priority,
 * then position) while fewer than `concurrency` are running, each in its own trainer process
 * with cores / concurrency threads. Every epoch the trainer reports is written in one transaction
 * with its checkpoint and the doctor's findings, so a run can always resume from what is stored:
 * after a pause, after a killed trainer, or after a killed owner (runs left 'running' become
 * 'interrupted' and, by default, queued again).
 */
import { cpus, hostname } from 'node:os';
import type { FromTrainer } from '../../../src-shared/contract/trainer-protocol';
import type {
  QueueState,
  RunProgress,
  RunStatus,
  RunSummary,
} from '../../../src-shared/contract/types';
import type { EpochRecord } from '../../../src-shared/engine/records';
import type { RunConfig } from '../../../src-shared/experiment/config';
import type { Store } from '../store/store';
import type { TrainerHost, TrainerProcess } from '../runner/trainer-host';
import type { RunQueueApi } from './queue-api';
import { createEmitter } from './emitter';
import { describeExit, diagnoseSafely, type Diagnose } from './run-outcome';

export interface QueueOptions {
  store: Store;
  trainerHost: TrainerHost;
  /** Runs at a time; overrides the stored `concurrency` setting (the CLI's --parallel). */
  concurrency?: number;
  cores?: number;
  diagnose?: Diagnose;
}

interface ActiveRun {
  id: number;
  config: RunConfig;
  trainer: TrainerProcess;
  /** Every stored record of the run, epoch 0 first (the doctor reads them all). */
  epochs: EpochRecord[];
  progress: RunProgress | null;
  /** Why the owner is stopping it: messages after a cancel are ignored; a pause keeps them. */
  stopping: 'cancel' | 'pause' | null;
  /** A terminal message (completed / failed / diverged) was handled. */
  ended: boolean;
  /** Seconds of silence after which the trainer counts as hung (setting read at start). */
  hangSeconds: number;
  /** Fires when the trainer has sent nothing for hangSeconds (see armWatchdog). */
  watchdog?: ReturnType<typeof setTimeout>;
}

/** Default of the `hangTimeoutSeconds` setting: a trainer silent this long is hung. Healthy
 * trainers send progress about 10 times a second while training, so this only has to cover the
 * longest silent step: loading a dataset and measuring a large network before epoch 1. */
export const DEFAULT_HANG_TIMEOUT_SECONDS = 120;

export const resumable: RunStatus[] = ['paused', 'interrupted', 'failed', 'cancelled'];
export const stoppable: RunStatus[] = ['queued', 'running', 'paused', 'interrupted'];

/** The run, or an error saying why it cannot be `verb` in its status. */
export function requireRunIn(
  store: Store,
  id: number,
  allowed: RunStatus[],
  verb: string,
): RunSummary {
  const run = store.runs.get(id);
  if (!run) throw new Error(`Run ${id} does not exist`);
  if (!allowed.includes(run.status)) {
    throw new Error(`Run ${id} is ${run.status}; only ${allowed.join(', ')} runs can be ${verb}`);
  }
  return run;
}

/** Runs at a time: the process's override (CLI --parallel), else the setting, else the cores. */
export function concurrencyOf(store: Store, override: number | undefined, cores: number): number {
  const stored = store.settings.all().concurrency;
  return override ?? (typeof stored === 'number' ? stored : cores);
}

/**
 * Runs a killed owner left 'running' become interrupted and, by the resumeInterrupted setting,
 * queued again. `keep` leaves some as they are (the Redis queue's runs, still on their workers).
 */
export function recoverInterruptedRuns(store: Store, keep: (id: number) => boolean = () => false) {
  const resume = store.settings.all().resumeInterrupted !== false;
  for (const id of store.runs.idsWithStatus('running')) {
    if (keep(id)) continue;
    store.runs.markEnded(id, {
      status: 'interrupted',
      error: 'The app stopped while this run was training',
    });
    if (resume) store.runs.setStatus(id, 'queued');
  }
}

export class RunQueue implements RunQueueApi {
  readonly cores: number;
  private readonly active = new Map<number, ActiveRun>();
  private readonly changed = createEmitter<RunSummary>();
  private readonly progressed = createEmitter<{ runId: number; progress: RunProgress }>();
  private readonly appended = createEmitter<{ runId: number; record: EpochRecord }>();
  private readonly idleWaiters: (() => void)[] = [];
  /** When set, only these runs are started (the CLI trains its own runs, not the whole queue). */
  private scope: Set<number> | null = null;
  private started = false;
  private closed = false;

  readonly onDidChangeRun = this.changed.event;
  readonly onDidProgress = this.progressed.event;
  readonly onDidAppendEpoch = this.appended.event;

  constructor(private readonly options: QueueOptions) {
    this.cores = options.cores ?? cpus().length;
  }

  /** Owner start: recover runs a killed owner left 'running', then work the whole queue. */
  start(): void {
    recoverInterruptedRuns(this.options.store);
    this.started = true;
    this.pump();
  }

  /** Works only the given runs (CLI `train` and `sweep`); resolves when none is queued or running. */
  runOnly(ids: number[]): Promise<void> {
    this.scope = new Set(ids);
    this.started = true;
    const idle = this.whenIdle();
    this.pump();
    return idle;
  }

  /** Resolves when no run is running and no run the queue may start is queued. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.checkIdle();
    });
  }

  state(): QueueState {
    return {
      concurrency: this.concurrency(),
      paused: this.isPaused(),
      cores: this.cores,
      queuedIds: this.options.store.runs.queuedIds(),
    };
  }

  setPaused(paused: boolean): QueueState {
    this.options.store.settings.set({ queuePaused: paused });
    this.pump();
    return this.state();
  }

  /** The run as stored, with its live progress while it trains. */
  summary(id: number): RunSummary | undefined {
    const run = this.options.store.runs.get(id);
    return run && { ...run, progress: this.active.get(id)?.progress ?? null };
  }

  /** Live progress of every running run, by id. */
  progressById(): Map<number, RunProgress> {
    const map = new Map<number, RunProgress>();
    for (const run of this.active.values()) if (run.progress) map.set(run.id, run.progress);
    return map;
  }

  /** Tells the queue that runs were added (or changed) so it starts what it can. */
  notifyQueued(ids: number[]): void {
    ids.forEach((id) => this.fireChanged(id));
    this.pump();
  }

  cancel(id: number): void {
    const run = this.requireRun(id, stoppable, 'cancelled');
    const active = this.active.get(id);
    if (active) {
      active.stopping = 'cancel';
      active.trainer.kill('SIGTERM');
    }
    this.options.store.runs.markEnded(id, { status: 'cancelled', error: run.error });
    this.fireChanged(id);
  }

  /** A running run stops after its next checkpoint; a queued one is held back. */
  pauseRun(id: number): void {
    this.requireRun(id, ['queued', 'running'], 'paused');
    const active = this.active.get(id);
    if (active && !active.stopping) {
      active.stopping = 'pause';
      active.trainer.send({ kind: 'cancel' });
    }
    this.options.store.runs.setStatus(id, 'paused');
    this.fireChanged(id);
  }

  /** Queues the run again; it continues from its newest checkpoint. */
  resumeRun(id: number): void {
    this.requireRun(id, resumable, 'resumed');
    this.options.store.runs.setStatus(id, 'queued');
    this.scope?.add(id);
    this.fireChanged(id);
    this.pump();
  }

  move(id: number, beforeId: number | null): void {
    this.options.store.runs.move(id, beforeId);
    this.fireChanged(id);
  }

  /** Stops every trainer. Their runs stay 'running' and are recovered by the next owner start. */
  close(): Promise<void> {
    this.closed = true;
    const exits = [...this.active.values()].map(
      (run) => new Promise<void>((resolve) => run.trainer.onExit(() => resolve())),
    );
    for (const run of this.active.values()) run.trainer.kill('SIGTERM');
    return Promise.all(exits).then(() => undefined);
  }

  private requireRun(id: number, allowed: RunStatus[], verb: string): RunSummary {
    return requireRunIn(this.options.store, id, allowed, verb);
  }

  private isPaused(): boolean {
    return this.options.store.settings.all().queuePaused === true;
  }

  private concurrency(): number {
    return concurrencyOf(this.options.store, this.options.concurrency, this.cores);
  }

  /** Threads for one run: the cores shared among the runs that may train at once. */
  private threadsFor(config: RunConfig): number {
    const budget = Math.max(1, Math.floor(this.cores / this.concurrency()));
    return Math.min(config.threads ?? budget, budget);
  }

  /** Starts queued runs while there is room. */
  private pump(): void {
    if (!this.started || this.closed) return;
    // The global pause holds the shared queue; a CLI working its own runs is not held by it.
    while ((this.scope || !this.isPaused()) && this.active.size < this.concurrency()) {
      const next = this.options.store.runs
        .queuedIds()
        .find((id) => !this.active.has(id) && (!this.scope || this.scope.has(id)));
      if (next === undefined) break;
      this.startRun(next);
    }
    this.checkIdle();
  }

  private checkIdle(): void {
    // Runs after every pump: query the store only when someone waits for idle.
    if (this.idleWaiters.length === 0 || this.active.size > 0) return;
    const waiting = this.options.store.runs
      .queuedIds()
      .some((id) => !this.scope || this.scope.has(id));
    if (waiting && (this.scope || !this.isPaused()) && this.started && !this.closed) return;
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /**
   * Starts one run in a new trainer, from its newest checkpoint if it has one. Records after that
   * checkpoint (none, normally: they are written together) are dropped so the run redoes them.
   */
  private startRun(id: number): void {
    const { store } = this.options;
    const run = store.runs.get(id)!;
    const checkpoint = store.checkpoints.latest(id);
    store.epochs.deleteAfter(id, checkpoint?.epoch ?? -1);
    store.runs.markRunning(id, hostname());
    const threads = this.threadsFor(run.config);
    let trainer: TrainerProcess;
    try {
      trainer = this.options.trainerHost.start({ threads });
    } catch (error) {
      store.runs.markEnded(id, {
        status: 'failed',
        error: `Could not start the trainer: ${messageOf(error)}`,
      });
      this.fireChanged(id);
      return;
    }
    const active: ActiveRun = {
      id,
      config: run.config,
      trainer,
      epochs: store.epochs.list(id),
      progress: null,
      stopping: null,
      ended: false,
      hangSeconds: this.hangTimeoutSeconds(),
    };
    this.active.set(id, active);
    this.armWatchdog(active);
    trainer.onMessage((message) => this.onMessage(active, message, checkpoint));
    trainer.onExit((code, signal) => this.onExit(active, code, signal));
    this.fireChanged(id);
  }

  private onMessage(
    run: ActiveRun,
    message: FromTrainer,
    checkpoint?: { epoch: number; data: Uint8Array },
  ) {
    this.armWatchdog(run);
    // After close() the store is shut: what a dying trainer still sends is redone on resume.
    if (this.closed || run.stopping === 'cancel' || run.ended) return;
    try {
      this.handleMessage(run, message, checkpoint);
    } catch (error) {
      // The store refused a write (disk full, ...): stop this run rather than lose epochs silently.
      run.trainer.kill('SIGTERM');
      try {
        this.finish(run, 'failed', `Could not store the run's results: ${messageOf(error)}`);
      } catch (again) {
        console.error(`Run ${run.id}: could not store its failure either:`, again);
      }
    }
  }

  private handleMessage(
    run: ActiveRun,
    message: FromTrainer,
    checkpoint?: { epoch: number; data: Uint8Array },
  ) {
    switch (message.kind) {
      case 'ready':
        run.trainer.send({
          kind: 'start',
          runId: run.id,
          config: run.config,
          checkpoint: checkpoint?.data,
          checkpointEpoch: checkpoint?.epoch,
          threads: this.threadsFor(run.config),
        });
        return;
      case 'progress':
        run.progress = message.progress;
        this.progressed.fire({ runId: run.id, progress: message.progress });
        return;
      case 'epoch':
        return this.writeEpoch(run, message);
      case 'completed':
        return this.finish(run, 'completed', null);
      case 'diverged':
        return this.finish(
          run,
          'diverged',
          `The cost became NaN or infinite at epoch ${message.epoch}`,
        );
      case 'failed':
        return this.finish(run, 'failed', message.message);
    }
  }

  /** One transaction: record, checkpoint, run summary and the doctor's findings. */
  private writeEpoch(run: ActiveRun, message: Extract<FromTrainer, { kind: 'epoch' }>): void {
    run.epochs.push(message.record);
    const findings = diagnoseSafely(this.options.diagnose, {
      config: run.config,
      epochs: run.epochs,
      status: 'running',
    });
    this.options.store.recordEpoch({
      runId: run.id,
      record: message.record,
      checkpoint: message.checkpoint,
      weights: message.weights,
      findings,
    });
    this.appended.fire({ runId: run.id, record: message.record });
    this.fireChanged(run.id);
  }

  /** A terminal message: final status, and the doctor once more with the end-of-run rules. */
  private finish(run: ActiveRun, status: RunStatus, error: string | null): void {
    run.ended = true;
    run.progress = null;
    const { store } = this.options;
    const findings = diagnoseSafely(this.options.diagnose, {
      config: run.config,
      epochs: run.epochs,
      status,
    });
    store.db.transaction(() => {
      store.runs.markEnded(run.id, { status, error });
      if (findings) store.findings.replace(run.id, findings);
    })();
    this.fireChanged(run.id);
  }

  /** The process is gone: an exit the owner did not ask for, without a terminal message, fails the run. */
  private onExit(run: ActiveRun, code: number | null, signal: string | null): void {
    clearTimeout(run.watchdog);
    this.active.delete(run.id);
    if (!run.ended && !run.stopping && !this.closed) {
      this.options.store.runs.markEnded(run.id, {
        status: 'failed',
        error: describeExit(code, signal, run.trainer.output?.()),
        exitCode: code,
        exitSignal: signal,
      });
      this.fireChanged(run.id);
    }
    this.pump();
  }

  private hangTimeoutSeconds(): number {
    const stored = this.options.store.settings.all().hangTimeoutSeconds;
    return typeof stored === 'number' && stored > 0 ? stored : DEFAULT_HANG_TIMEOUT_SECONDS;
  }

  /**
   * (Re)starts the run's watchdog; every message from the trainer calls this. A trainer that
   * stays silent for the hang timeout (an endless loop, a deadlock, a blocked event loop) is
   * killed with SIGKILL, which a blocked process cannot ignore, and its run fails as hung.
   */
  private armWatchdog(run: ActiveRun): void {
    if (run.watchdog) return void run.watchdog.refresh();
    const seconds = run.hangSeconds;
    run.watchdog = setTimeout(() => {
      if (!run.ended && !run.stopping && !this.closed) {
        this.finish(
          run,
          'failed',
          `The trainer hung: no message for ${seconds} s, so it was killed (the hangTimeoutSeconds setting)`,
        );
      }
      run.trainer.kill('SIGKILL');
    }, seconds * 1000);
    // The trainer process keeps the owner alive while it runs; the timer alone must not.
    run.watchdog.unref();
  }

  private fireChanged(id: number): void {
    const summary = this.summary(id);
    if (summary) this.changed.fire(summary);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
