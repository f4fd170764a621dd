/**
 * What the services and hosts use of a run queue. Two implementations: RunQueue (./queue.ts)
 * trains on this machine in trainer processes; RemoteRunQueue (../remote/remote-queue.ts) sends
 * runs to BullMQ workers on other machines through Redis. Both keep SQLite as the source of truth.
 */
import type { Event } from '../../../src-shared/contract/services';
import type { QueueState, RunProgress, RunSummary } from '../../../src-shared/contract/types';
import type { EpochRecord } from '../../../src-shared/base/records';

export interface RunQueueApi {
  readonly cores: number;
  readonly onDidChangeRun: Event<RunSummary>;
  readonly onDidProgress: Event<{ runId: number; progress: RunProgress }>;
  readonly onDidAppendEpoch: Event<{ runId: number; record: EpochRecord }>;
  /** Owner start: recover what a previous owner left, then work the whole queue. */
  start(): void;
  /** The store's lease was taken: mark what a previous owner left 'running' interrupted (and
   * queue it again with `requeue`). */
  recover(requeue: boolean): void;
  /** Works only the given runs; resolves when none of them is queued or running. */
  runOnly(ids: number[]): Promise<void>;
  /** From now on works only the runs queued through this process (a CLI command that owns the
   * store), not the whole queue. */
  workOnlyOwnRuns(ids?: number[]): void;
  /** Whether anything the queue may work on is queued or running now. */
  hasWork(): boolean;
  /** Resolves when nothing the queue may work on is queued or running. */
  whenIdle(): Promise<void>;
  state(): QueueState;
  setPaused(paused: boolean): QueueState;
  /** The run as stored, with its live progress while it trains. */
  summary(id: number): RunSummary | undefined;
  progressById(): Map<number, RunProgress>;
  /** Runs were added (or changed): start or send what can be. */
  notifyQueued(ids: number[]): void;
  cancel(id: number): void;
  /** These runs were just moved to the trash: a queued one must not train while it is there (it
   * stays queued; restored, it is queued again through notifyQueued). */
  withdraw(ids: number[]): void;
  pauseRun(id: number): void;
  resumeRun(id: number): void;
  move(id: number, beforeId: number | null): void;
  /** Stops working the queue; unfinished runs are picked up again by the next owner start. */
  close(): Promise<void>;
}
