/**
 * The owner's side of the BullMQ queue: sends queued runs to Redis (one job per dispatch, data =
 * the run config and the newest stored checkpoint), keeps their BullMQ priorities in the queue's
 * order, asks workers to stop runs, and reconciles: every followed run is checked against its job,
 * and a run whose job Redis forgot (restarted without persistence, data lost) is dispatched again
 * from the newest checkpoint in SQLite.
 */
import type { Job } from 'bullmq';
import type { Store } from '../store/store';
import type { EntryApplier } from './apply-entry';
import { planPriorities } from './dispatch-order';
import { ackKey, attemptOf, jobIdOf, stopKey, streamKey, type RemoteJobData } from './protocol';
import type { RemoteRunsRepo } from '../store/remote-runs-repo';
import type { RedisLinks } from './redis-links';

export interface DispatchContext {
  store: Store;
  remote: RemoteRunsRepo;
  applier: EntryApplier;
  links: RedisLinks;
  inScope(runId: number): boolean;
  fireChanged(runId: number): void;
  log(line: string): void;
}

/** Job states in which a run is still on its way (waiting for, or held by, a worker). */
const LIVE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'paused', 'waiting-children'];
const FAILED_JOB_TTL_SECONDS = 7 * 24 * 3600;
/** Stop requests expire: a worker that never comes back must not leave keys for ever. */
const STOP_TTL_SECONDS = 24 * 3600;

export function createDispatcher(ctx: DispatchContext) {
  const { store, remote, links } = ctx;
  /** BullMQ priority of each dispatched waiting run, as last sent. */
  const sent = new Map<number, number>();
  /** Runs being dispatched right now (their job may not exist yet). */
  const dispatching = new Set<number>();

  /** Sends one run: a new dispatch in SQLite, a fresh stream, then the job. */
  async function dispatch(runId: number, priority: number): Promise<void> {
    const run = store.runs.get(runId);
    if (!run) return;
    dispatching.add(runId);
    try {
      const checkpoint = store.checkpoints.latest(runId);
      const row = store.atomically(() => {
        ctx.applier.discardAfter(runId, checkpoint?.epoch ?? -1);
        return remote.beginDispatch(runId, (dispatch) => attemptOf(dispatch, 0));
      });
      const data: RemoteJobData = {
        runId,
        dispatch: row.dispatch,
        engineVersion: run.engineVersion,
        config: run.config,
        checkpoint: checkpoint && Buffer.from(checkpoint.data).toString('base64'),
        checkpointEpoch: checkpoint?.epoch,
      };
      // The stop key stays: it names the dispatch it stops, and an older one may still be running.
      await links.commands.del(streamKey(runId), ackKey(runId));
      await links.queue.add('train', data, {
        jobId: jobIdOf(runId, row.dispatch),
        priority,
        removeOnComplete: true,
        // Kept for the owner to read why it failed (see reconcileRun), which removes it; a week
        // at most, should no owner come back for it.
        removeOnFail: { age: FAILED_JOB_TTL_SECONDS },
      });
      sent.set(runId, priority);
    } finally {
      dispatching.delete(runId);
    }
  }

  async function setPriority(runId: number, priority: number): Promise<void> {
    const row = remote.get(runId)!;
    const job = await links.queue.getJob(jobIdOf(runId, row.dispatch));
    // A job a worker took meanwhile keeps its place; only waiting ones can be reordered.
    await job?.changePriority({ priority }).catch(() => undefined);
    sent.set(runId, priority);
  }

  /** Every queued run in scope gets a job, in queue order. */
  async function pass(): Promise<void> {
    const order = store.runs.queuedIds().filter(ctx.inScope);
    const queued = new Set(order);
    const known = new Map([...sent].filter(([id]) => queued.has(id)));
    const plan = planPriorities(order, known);
    for (const [i, runId] of order.entries()) {
      const row = remote.get(runId);
      if (!row?.open) await dispatch(runId, plan[i]);
      else if (known.get(runId) !== plan[i]) await setPriority(runId, plan[i]);
    }
  }

  return {
    pass,

    stop,
    withdraw,

    /** Withdraws the jobs of queued runs in the trash (whatever the scope: a run in the trash
     * must not train, whoever deleted it), checks every other followed run in scope against its
     * job (see reconcileRun), then sends what is queued. */
    async reconcile(): Promise<void> {
      for (const row of remote.open()) {
        if (dispatching.has(row.runId)) continue;
        if (queuedInTrash(row.runId)) await withdraw(row.runId, row.dispatch);
        else if (ctx.inScope(row.runId)) await reconcileRun(row.runId, row.dispatch);
      }
      await pass();
    },

    requeue,

    /** Forgets what is known about a run's job (it ended). */
    forget(runId: number): void {
      sent.delete(runId);
    },
  };

  /**
   * Asks the worker (if any) to stop dispatch `dispatch` of the run; a job still waiting is
   * simply removed. The dispatch is the one current when the owner decided to stop it: a later
   * dispatch (the run was resumed or sent again meanwhile) is left alone.
   */
  async function stop(runId: number, dispatch: number, kind: 'pause' | 'cancel') {
    if (remote.get(runId)?.dispatch === dispatch) sent.delete(runId);
    await links.commands.set(stopKey(runId), `${dispatch} ${kind}`, 'EX', STOP_TTL_SECONDS);
    const job = await links.queue.getJob(jobIdOf(runId, dispatch));
    const state = job ? await job.getState() : 'unknown';
    if (state === 'active') return 'asked';
    const removed = await job?.remove().then(
      () => true,
      () => false, // a worker took it between the two calls: the stop key reaches it
    );
    return removed === false ? 'asked' : 'removed';
  }

  /** A run in the trash that is still queued: its job must leave Redis (see withdraw). */
  function queuedInTrash(runId: number): boolean {
    return store.runs.getDeleted(runId)?.status === 'queued';
  }

  /**
   * Takes back dispatch `dispatch` of a queued run that went to the trash. A waiting job is
   * removed; one a worker already took is stopped as a *cancel*, not a pause: a cancel kills the
   * trainer at once and the worker writes nothing more, whereas a pause would keep the worker's
   * core busy to the end of the epoch only to send an epoch the owner does not apply (entries of
   * a run in the trash never are, apply-entry) and a `stopped` entry to wait for. So the owner
   * closes the dispatch itself, as a cancel does, and the run stays queued in the trash: restored,
   * the next pass sends it anew from its newest stored checkpoint. Until this has reached Redis
   * the dispatch stays open, so an owner that closes first (or cannot reach Redis) leaves it to
   * the next reconcile, and purge waits (runs-repo). Nothing is done for a run restored before
   * this ran, or already sent again: its current job simply stays.
   */
  async function withdraw(runId: number, dispatch: number): Promise<void> {
    const row = remote.get(runId);
    if (!row?.open || row.dispatch !== dispatch || !queuedInTrash(runId)) return;
    await stop(runId, dispatch, 'cancel');
    if (remote.get(runId)?.dispatch === dispatch) remote.close(runId);
    await links.commands.del(streamKey(runId), ackKey(runId));
  }

  /**
   * A job that is waiting or active is fine. A finished or missing one is judged only once the
   * stream holds nothing unread (its end entry may still be on the way): failed → the run fails
   * with BullMQ's reason (e.g. stalled more than allowed); gone → Redis forgot it: dispatch again.
   */
  async function reconcileRun(runId: number, current: number): Promise<void> {
    const job = await links.queue.getJob(jobIdOf(runId, current));
    const state = job ? await job.getState() : 'unknown';
    if (LIVE_STATES.includes(state)) {
      if (job && !sent.has(runId) && state !== 'active') sent.set(runId, job.opts.priority ?? 0);
      return;
    }
    const row = remote.get(runId);
    if (!row?.open || row.dispatch !== current || (await hasUnread(runId, row.position))) return;
    if (state === 'failed' && job) return failFromJob(runId, job);
    requeue(runId, 'Redis no longer has its job (restarted or lost its data)');
  }

  /** The run's current dispatch is given up: a queued or running run is queued again (the next
   * pass sends it from its newest stored checkpoint); a paused or cancelled one stays so. */
  function requeue(runId: number, why: string): void {
    remote.close(runId);
    sent.delete(runId);
    const status = store.runs.get(runId)?.status;
    if (status !== 'queued' && status !== 'running') return;
    const from = store.checkpoints.latest(runId)?.epoch;
    const where = from === undefined ? 'the start' : `epoch ${from}`;
    ctx.log(`Run ${runId}: ${why}; queued again from ${where}`);
    store.runs.setStatus(runId, 'queued');
    ctx.fireChanged(runId);
  }

  async function hasUnread(runId: number, position: string): Promise<boolean> {
    const start = position === '0-0' ? '-' : `(${position}`;
    const next = await links.commands.xrange(streamKey(runId), start, '+', 'COUNT', 1);
    return next.length > 0;
  }

  async function failFromJob(runId: number, job: Job<RemoteJobData>): Promise<void> {
    const reason = job.failedReason || 'no reason given';
    ctx.applier.fail(runId, `The run's job failed in the Redis queue: ${reason}`);
    sent.delete(runId);
    await job.remove().catch(() => undefined);
    await links.commands.del(streamKey(runId), ackKey(runId), stopKey(runId));
  }
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
