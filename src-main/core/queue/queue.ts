/**
 * The persistent run queue on this machine. Queued runs start in order (priority, then position)
 * while fewer than `concurrency` are running and their memory estimates fit the budget together
 * (./memory-admission.ts), each in its own trainer process driven by
 * ../lifecycle/trainer-driver.ts and recorded by ../lifecycle/run-recorder.ts, so a run can always
 * resume from what is stored: after a pause, a killed trainer, or a killed owner (runs left
 * 'running' become 'interrupted' and, by default, queued again).
 */
import { hostname } from 'node:os';
import type { QueueState } from '../../../src-shared/contract/types';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { messageOf } from '../../../src-shared/base/errors';
import {
  hangTimeoutOf,
  QueueCore,
  requireResumable,
  threadsPerRun,
  type QueueCoreOptions,
} from '../lifecycle/queue-core';
import { driveTrainer, type DriveListener, type DrivenTrainer } from '../lifecycle/trainer-driver';
import type { TrainerHost } from '../runner/trainer-host';
import { estimateRunBytes, fitsBeside, memoryBudgetBytes } from './memory-admission';

export interface QueueOptions extends QueueCoreOptions {
  trainerHost: TrainerHost;
  /** How long close() waits for trainers to exit after SIGTERM before SIGKILL (default
   * SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number;
  /** The memory the running runs may take together (default: memoryBudgetBytes()). */
  memoryBudgetBytes?: number;
  /** Where close() says it killed a trainer (default: stderr). */
  log?: (line: string) => void;
}

/** A trainer that has not exited this long after SIGTERM when the owner closes is killed with
 * SIGKILL: one that is stopped (SIGSTOP, a debugger) or stuck never handles SIGTERM, and the
 * owner must not wait for the hang watchdog (up to its 120 s) to let Ctrl+C finish. */
export const SHUTDOWN_GRACE_MS = 5000;

export class RunQueue extends QueueCore {
  private readonly active = new Map<number, DrivenTrainer>();
  /** The estimated bytes of each running run (memory-admission.ts). */
  private readonly runningBytes = new Map<number, number>();
  /** Trainers may start (after start() or runOnly()). */
  private started = false;

  constructor(private readonly options: QueueOptions) {
    super(options);
  }

  protected work(): void {
    this.started = true;
    this.pump();
  }

  protected wake(): void {
    this.pump();
  }

  protected backendState() {
    return { queuedIds: this.store.runs.queuedIds() };
  }

  setPaused(paused: boolean): QueueState {
    this.store.settings.set({ queuePaused: paused });
    this.pump();
    return this.state();
  }

  cancel(id: number): void {
    const run = this.requireCancellable(id);
    // Stored first: when the store refuses (a lock held too long), the run trains on unchanged.
    this.store.runs.markEnded(id, { status: 'cancelled', error: run.error });
    this.active.get(id)?.stop('cancel');
    this.clearProgress(id);
    this.fireChanged(id);
  }

  /** Nothing to do: a queued run is only taken when pump() picks it from queuedIds, which
   * leaves out runs in the trash, so a deleted run is never started here. */
  withdraw(_ids: number[]): void {}

  /** A running run stops after its next checkpoint; a queued one is held back. */
  pauseRun(id: number): void {
    this.requirePausable(id);
    this.store.runs.setStatus(id, 'paused');
    this.active.get(id)?.stop('pause');
    this.fireChanged(id);
  }

  /** Queues the run again; it continues from its newest checkpoint. */
  resumeRun(id: number): void {
    requireResumable(this.store, id);
    this.store.runs.setStatus(id, 'queued');
    this.scope?.add(id);
    this.fireChanged(id);
    this.pump();
  }

  move(id: number, beforeId: number | null): void {
    this.store.runs.move(id, beforeId);
    this.fireChanged(id);
  }

  /** Stops every trainer (SIGTERM, then SIGKILL after the grace period). Their runs stay
   * 'running' and are recovered by the next owner start. */
  async close(): Promise<void> {
    this.closed = true;
    const graceMs = this.options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
    const log = this.options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    await Promise.all(
      [...this.active].map(async ([id, trainer]) => {
        trainer.stop('abort');
        const timer = setTimeout(() => {
          log(
            `The trainer of run ${id} (pid ${trainer.pid}) did not exit within ${graceMs / 1000} s ` +
              'of SIGTERM; killed it with SIGKILL.',
          );
          trainer.stop('abort', 'SIGKILL');
        }, graceMs);
        await trainer.exited;
        clearTimeout(timer);
      }),
    );
  }

  protected busy(): boolean {
    if (this.active.size > 0) return true;
    if (!this.started || this.closed || (!this.scope && this.isPaused())) return false;
    return this.store.runs.queuedIds().some((id) => this.inScope(id));
  }

  /** Starts queued runs while there is room. */
  private pump(): void {
    if (!this.started || this.closed) return;
    // The global pause holds the shared queue; a CLI working its own runs is not held by it.
    while ((this.scope || !this.isPaused()) && this.active.size < this.concurrency()) {
      const next = this.store.runs
        .queuedIds()
        .find((id) => !this.active.has(id) && this.inScope(id));
      if (next === undefined || !this.fitsMemory(next)) break;
      this.startRun(next);
    }
    this.checkIdle();
  }

  /** Whether `id` fits the memory budget beside the running runs. The queue's order holds: a
   * run that must wait for memory is not overtaken by a smaller one behind it. */
  private fitsMemory(id: number): boolean {
    const config = this.store.runs.get(id)?.config;
    if (!config) return true;
    const budget = this.options.memoryBudgetBytes ?? memoryBudgetBytes();
    return fitsBeside([...this.runningBytes.values()], estimateRunBytes(config), budget);
  }

  /** Starts one run in a new trainer, from its newest checkpoint if it has one. */
  private startRun(id: number): void {
    const { config } = this.store.runs.get(id)!;
    const from = this.recorder.begin(id, hostname());
    let trainer: DrivenTrainer;
    try {
      trainer = driveTrainer(
        {
          host: this.options.trainerHost,
          start: {
            runId: id,
            config,
            checkpoint: from.checkpoint,
            checkpointEpoch: from.checkpoint ? from.epoch : undefined,
            threads: this.threadsFor(config),
          },
          hangSeconds: hangTimeoutOf(this.store),
        },
        this.listenerFor(id),
      );
    } catch (error) {
      const message = `Could not start the trainer: ${messageOf(error)}`;
      this.recorder.finish(id, { status: 'failed', error: message });
      this.fireChanged(id);
      return;
    }
    this.active.set(id, trainer);
    this.runningBytes.set(id, estimateRunBytes(config));
    void trainer.exited.then(() => {
      this.active.delete(id);
      this.runningBytes.delete(id);
      this.clearProgress(id);
      this.pump();
    });
    this.fireChanged(id);
  }

  /** What a trainer's messages do here: progress is live only, epochs and the end are stored. */
  private listenerFor(id: number): DriveListener {
    return {
      progress: (progress) => this.setProgress(id, progress),
      epoch: (message) => this.recordEpochWhenFree(id, message),
      end: (end) => this.recordEndWhenFree(id, end),
    };
  }

  private threadsFor(config: RunConfig): number {
    return threadsPerRun(this.cores, this.concurrency(), config.threads);
  }
}
