/**
 * The run queue on Redis: the owner (desktop app, `serve`, or a CLI sweep) keeps SQLite as the
 * source of truth and sends queued runs to BullMQ; `backprop worker` processes on any machine
 * train them (./protocol.ts describes the keys and entries). The owner follows each run's epochs
 * stream from its stored position and writes every epoch like a local run, so remote runs appear
 * in Queue and Runs exactly like local ones, with the worker's host name.
 *
 * Faults: a worker killed mid-run is noticed by another worker's stalled check (bound in
 * ./stall-settings.ts) and the run resumes there from the newest stored checkpoint; Redis lost or
 * restarted is noticed through the connection's events, and every followed run is reconciled
 * against its job (and every 10 s besides): what Redis forgot is dispatched again from SQLite.
 */
import type { z } from 'zod';
import type { QueueState } from '../../../src-shared/contract/types';
import { isActive } from '../../../src-shared/base/run-status';
import { QueueCore, requireResumable, type QueueCoreOptions } from '../lifecycle/queue-core';
import { createEntryApplier, type EntryApplier, type FollowUp } from './apply-entry';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { ackKey, decodeEntry, jobIdOf, remoteProgressSchema, stopKey, streamKey } from './protocol';
import { messageOf } from '../../../src-shared/base/errors';
import { isBusy } from '../store/busy';
import { describeIssues } from '../../../src-shared/base/validation';
import { openRedisLinks, type RedisLinks } from './redis-links';
import { followStreams, type Follower } from './stream-follower';

/** How long close() waits for the Redis-side work already scheduled. */
const CLOSE_CHAIN_GRACE_MS = 2000;

export interface RemoteQueueOptions extends QueueCoreOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  redisUrl: string;
  /** How often every followed run is checked against its BullMQ job (default 10 s). */
  reconcileIntervalMs?: number;
  log?: (line: string) => void;
}

export class RemoteRunQueue extends QueueCore {
  private readonly remote = this.store.remoteRuns;
  private readonly applier: EntryApplier;
  private readonly log: (line: string) => void;
  private links: RedisLinks | null = null;
  private dispatcher: Dispatcher | null = null;
  private follower: Follower | null = null;
  /** Redis-side work runs one task at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly options: RemoteQueueOptions) {
    super(options);
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.applier = createEntryApplier({
      store: this.store,
      recorder: this.recorder,
      onAppended: (runId, record) => this.epochAppended(runId, record),
      onChanged: (runId) => this.fireChanged(runId),
    });
  }

  protected work(): void {
    this.connect();
  }

  protected wake(): void {
    this.schedule(() => this.dispatcher?.pass());
  }

  protected backendState() {
    return {
      backend: {
        kind: 'redis' as const,
        url: this.links?.label ?? '',
        connected: this.links?.connected() ?? false,
      },
    };
  }

  /** Runs a previous owner left 'running' without an open remote dispatch were training locally:
   * they become interrupted (and queued, by the resumeInterrupted setting: sent to Redis). */
  protected override stillTraining(id: number): boolean {
    return this.remote.get(id)?.open === true;
  }

  setPaused(paused: boolean): QueueState {
    this.store.settings.set({ queuePaused: paused });
    this.schedule(() => this.applyPause());
    this.checkIdle();
    return this.state();
  }

  cancel(id: number): void {
    this.requireCancellable(id);
    const row = this.remote.get(id);
    this.store.atomically(() => {
      this.store.runs.markEnded(id, { status: 'cancelled', error: null });
      if (row?.open) this.remote.close(id);
    });
    this.clearProgress(id);
    this.fireChanged(id);
    if (row) {
      this.schedule(async () => {
        await this.dispatcher?.stop(id, row.dispatch, 'cancel');
        await this.links?.commands.del(streamKey(id), ackKey(id));
      });
    }
  }

  /** Queued runs moved to the trash leave Redis (dispatcher.withdraw: a job a worker already
   * took is cancelled there); they stay queued in the trash. Entries their workers still send are
   * not applied: apply-entry accepts entries of live runs only. */
  withdraw(ids: number[]): void {
    for (const id of ids) {
      const row = this.remote.get(id);
      if (!row?.open || this.store.runs.getDeleted(id)?.status !== 'queued') continue;
      this.clearProgress(id);
      this.schedule(() => this.dispatcher?.withdraw(id, row.dispatch));
    }
  }

  /** A running run stops after its current epoch (its worker is asked); a queued one is held. */
  pauseRun(id: number): void {
    this.requirePausable(id);
    this.store.runs.setStatus(id, 'paused');
    this.clearProgress(id);
    this.fireChanged(id);
    const row = this.remote.get(id);
    if (!row?.open) return;
    this.schedule(async () => {
      const stopped = await this.dispatcher?.stop(id, row.dispatch, 'pause');
      // Removed before a worker took it: no worker will confirm; unless resumed meanwhile.
      const now = this.remote.get(id);
      if (stopped === 'removed' && now?.open && now.dispatch === row.dispatch)
        this.remote.close(id);
    });
  }

  /** Queued again; the next dispatch continues from the newest stored checkpoint. */
  resumeRun(id: number): void {
    requireResumable(this.store, id);
    // Entries of the previous dispatch, if its worker still sends any, are no longer applied.
    if (this.remote.get(id)?.open) this.remote.close(id);
    this.store.runs.setStatus(id, 'queued');
    this.scope?.add(id);
    this.fireChanged(id);
    this.schedule(() => this.dispatcher?.pass());
  }

  move(id: number, beforeId: number | null): void {
    this.store.runs.move(id, beforeId);
    this.fireChanged(id);
    this.schedule(() => this.dispatcher?.pass());
  }

  /** Stops following and closes the connections; workers keep training, and the next owner
   * start reads on from the stored positions. What was decided just before (a command's delete,
   * cancel or pause) still reaches Redis if it is up; a Redis that is down holds the close for
   * a moment only (a withdrawal left undone is redone by the next owner's reconcile). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.follower?.stop();
    const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_CHAIN_GRACE_MS).unref());
    await Promise.race([this.chain, grace]);
    await this.links?.close();
    await this.follower?.done;
  }

  /** Opens the connections once; the first `ready` dispatches and reconciles (see onUp). */
  private connect(): void {
    if (this.links) return void this.schedule(() => this.dispatcher?.pass());
    const links = openRedisLinks(this.options.redisUrl, {
      onLost: (reason) => this.onLost(reason),
      onUp: () => this.onUp(),
    });
    this.links = links;
    this.dispatcher = createDispatcher({
      store: this.store,
      remote: this.remote,
      applier: this.applier,
      links,
      inScope: (id) => this.inScope(id),
      fireChanged: (id) => this.fireChanged(id),
      log: this.log,
    });
    links.events.on('progress', ({ data }) => this.onProgress(data));
    links.events.on('failed', () => this.schedule(() => this.dispatcher?.reconcile()));
    this.follower = followStreams({
      reader: links.reader,
      followed: () => this.remote.open().filter((r) => this.inScope(r.runId)),
      apply: (runId, entries) => this.applyEntries(runId, entries),
      closed: () => this.closed,
      log: this.log,
    });
    this.timer = setInterval(
      () => this.schedule(() => this.dispatcher?.reconcile()),
      this.options.reconcileIntervalMs ?? 10_000,
    );
    this.timer.unref();
  }

  private onLost(reason: string): void {
    if (this.closed) return;
    this.log(
      `No connection to Redis at ${this.links?.label} (${reason}). Runs sent there keep their ` +
        'state here, workers keep training them; retrying…',
    );
  }

  /** Connected (again): re-apply the pause, reconcile every followed run, send what is queued. */
  private onUp(): void {
    if (this.closed) return;
    this.log(`Connected to Redis at ${this.links?.label}; checking every run sent there.`);
    this.schedule(async () => {
      if (this.owning) await this.applyPause();
      await this.dispatcher?.reconcile();
    });
    this.follower?.wake();
  }

  private async applyPause(): Promise<void> {
    if (!this.owning || !this.links) return;
    if (this.isPaused()) await this.links.queue.pause();
    else await this.links.queue.resume();
  }

  /** A worker's progress, for the live view only: one that does not parse is dropped (said
   * once per run), as the epochs stream, not progress, is what the owner stores. */
  private onProgress(raw: unknown): void {
    const parsed = remoteProgressSchema.safeParse(raw);
    if (!parsed.success) return this.badProgress(raw, parsed.error);
    const data = parsed.data;
    const row = this.remote.get(data.runId);
    if (!row?.open || row.attempt !== data.attempt || !this.inScope(data.runId)) return;
    this.setProgress(data.runId, data.progress);
  }

  private readonly progressWarned = new Set<string>();

  private badProgress(raw: unknown, error: z.ZodError): void {
    const runId = String((raw as { runId?: unknown } | null)?.runId ?? '?');
    if (this.progressWarned.has(runId)) return;
    this.progressWarned.add(runId);
    this.log(
      `Ignored a job progress of run ${runId} that does not parse: ${describeIssues(error, 'progress')}`,
    );
  }

  /** Applies a run's new entries in order; an unreadable entry fails the run with the reason. */
  private applyEntries(runId: number, entries: [string, Buffer[]][]): void {
    for (const [entryId, fields] of entries) {
      let followUp: FollowUp;
      try {
        followUp = this.applier.apply(runId, entryId, decodeEntry(fields));
      } catch (error) {
        // Another program holds the database's lock: nothing was applied and the position did
        // not move, so the next read brings this entry again; the run stays healthy.
        if (isBusy(error)) {
          this.log(
            `Run ${runId}: the database is locked by another program; retrying its entries.`,
          );
          return;
        }
        this.applier.fail(
          runId,
          `Its Redis stream holds an entry the owner refuses (${entryId}): ${messageOf(error)}`,
        );
        followUp = { kind: 'finished' };
      }
      this.followUp(runId, followUp);
      // The rest of this batch belongs to a stream the owner no longer follows.
      if (followUp.kind === 'finished' || followUp.kind === 'lost') break;
    }
  }

  /** Redis side of an applied entry: acknowledge the epoch, or clean up a finished run. */
  private followUp(runId: number, followUp: FollowUp): void {
    const commands = this.links?.commands;
    if (!commands || followUp.kind === 'none') return;
    if (followUp.kind === 'lost') return this.resend(runId, followUp.stored);
    const failed = (error: Error) =>
      this.log(`Run ${runId}: Redis follow-up failed: ${error.message}`);
    if (followUp.kind === 'ack') {
      const dispatch = this.remote.get(runId)?.dispatch ?? 0;
      const ack = { dispatch, attempt: followUp.attempt, epoch: followUp.epoch };
      void commands
        .pipeline()
        .hset(ackKey(runId), { ...ack, entry: followUp.entryId })
        .xtrim(streamKey(runId), 'MINID', followUp.entryId)
        .exec()
        .catch(failed);
      return;
    }
    this.clearProgress(runId);
    this.dispatcher?.forget(runId);
    const row = this.remote.get(runId);
    void commands.del(streamKey(runId), ackKey(runId), stopKey(runId)).catch(failed);
    if (row) void this.links?.queue.remove(jobIdOf(runId, row.dispatch)).catch(() => undefined);
    // A run resumed while its previous dispatch was stopping is sent now.
    this.schedule(() => this.dispatcher?.pass());
  }

  /** Entries of the run's stream were lost: stop its current dispatch, send it again. */
  private resend(runId: number, stored: number): void {
    const given = this.remote.get(runId)?.dispatch ?? 0;
    this.clearProgress(runId);
    this.dispatcher?.requeue(runId, `epochs after ${stored} never arrived (Redis lost them)`);
    this.schedule(async () => {
      await this.dispatcher?.stop(runId, given, 'cancel');
      await this.dispatcher?.pass();
    });
  }

  private schedule(task: () => Promise<unknown> | undefined): void {
    if (this.closed) return;
    this.chain = this.chain
      .then(task)
      .then(() => undefined)
      .catch((error: Error) => {
        if (!this.closed) this.log(`Redis queue: ${error.message}`);
      });
  }

  protected busy(): boolean {
    if (this.closed) return false;
    if (this.scope) return [...this.scope].some((id) => isActiveRun(this.store, id));
    return (
      this.store.runs.idsWithStatus('running').length > 0 ||
      (!this.isPaused() && this.store.runs.queuedIds().length > 0)
    );
  }
}

const isActiveRun = (store: QueueCoreOptions['store'], id: number) => {
  const status = store.runs.get(id)?.status;
  return status !== undefined && isActive(status);
};
