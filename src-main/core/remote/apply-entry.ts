/**
 * The owner applies a run's stream entries to SQLite, each in one transaction together with the
 * new stream position, so an owner killed at any moment reads on from the entry after the last
 * one it applied. Rules (attempt = dispatch × 1000 + try, see ./protocol.ts):
 *
 * - entries of another dispatch than the run's current one are skipped (a stale job), and so are
 *   the entries of a run in the trash (its job is being withdrawn: RemoteRunQueue.withdraw);
 * - `start` of a newer attempt makes it the accepted one: records and checkpoints after the epoch
 *   it resumes from belonged to an abandoned attempt and are deleted; the run is marked running
 *   on the worker's host (attempts + 1);
 * - every entry was parsed strictly (decodeEntry); an epoch must also fit the run's network (its
 *   layer statistics, weights and checkpoint), or the run fails naming the field, nothing stored;
 * - `epoch` of the accepted attempt is written like a local epoch (record, checkpoint, summary,
 *   findings); of any other attempt it is discarded. Writing is an upsert by (run, epoch) within
 *   the accepted attempt, so an entry read twice is stored once;
 * - `end` of the accepted attempt ends the run; `stopped` confirms a pause or cancel;
 * - an epoch after a missing one, or an end whose last epoch is not the last stored one, means
 *   Redis lost entries (restarted without persistence): nothing is applied and the run is sent
 *   again from its newest stored checkpoint, so a completed run never has a hole.
 */
import type { RunStatus } from '../../../src-shared/contract/types';
import type { EpochRecord } from '../../../src-shared/base/records';
import type { RunConfig } from '../../../src-shared/experiment/config';
import { messageOf } from '../../../src-shared/base/errors';
import { recordShapeProblem, weightsShapeProblem } from '../../../src-shared/base/record-schema';
import { convParameterCounts } from '../../../src-shared/engine/layers/feature-stack';
import { readCheckpointFor } from '../../../src-shared/engine/start-state';
import type { EpochArrival, RunRecorder } from '../lifecycle/run-recorder';
import type { Store } from '../store/store';
import { dispatchOfAttempt, type StreamEntry } from './protocol';

export interface ApplyDeps {
  store: Store;
  recorder: RunRecorder;
  onAppended(runId: number, record: EpochRecord): void;
  onChanged(runId: number): void;
}

/** What the owner does in Redis after an entry was applied. */
export type FollowUp =
  /** Tell retries to resume from this entry's checkpoint and trim the stream before it. */
  | { kind: 'ack'; entryId: string; epoch: number; attempt: number }
  /** The stream is done: delete the run's keys. */
  | { kind: 'finished' }
  /** Entries of the accepted attempt never arrived (Redis lost them): the run must be sent
   * again from the newest stored checkpoint (epoch `stored`). */
  | { kind: 'lost'; stored: number }
  | { kind: 'none' };

const NONE: FollowUp = { kind: 'none' };

/**
 * What decodeEntry cannot know: an epoch must come from the run's own network. The record's layer
 * statistics and outputs, the weights and the checkpoint (read by the engine's checkpoint reader)
 * must match the run's layers; throws a sentence naming what does not.
 */
function checkFitsRun(config: RunConfig | undefined, arrival: EpochArrival): void {
  if (!config) return; // the run is gone: recorder.epoch says so
  if (arrival.record.epoch > config.epochs) {
    throw new Error(
      `epoch entry: epoch ${arrival.record.epoch} is beyond the run's ${config.epochs} epochs`,
    );
  }
  const convs = convParameterCounts(config.features);
  const problem =
    recordShapeProblem(arrival.record, config.layers, convs.length) ??
    (arrival.weights ? weightsShapeProblem(arrival.weights, config.layers, convs) : null);
  if (problem) throw new Error(`epoch entry: ${problem}`);
  try {
    readCheckpointFor(config, arrival.checkpoint);
  } catch (error) {
    throw new Error(`epoch entry field checkpoint: ${messageOf(error)}`, { cause: error });
  }
}

export function createEntryApplier({ store, recorder, ...deps }: ApplyDeps) {
  const remote = store.remoteRuns;

  /** Ends the run with the doctor's end-of-run findings, and stops following it. */
  function finish(runId: number, status: RunStatus, error: string | null): void {
    store.atomically(() => {
      recorder.finish(runId, { status, error });
      remote.close(runId);
    });
  }

  function applyStart(runId: number, entry: Extract<StreamEntry, { kind: 'start' }>): FollowUp {
    const status = store.runs.get(runId)?.status;
    recorder.discardAfter(runId, entry.fromEpoch);
    remote.setAttempt(runId, entry.attempt);
    // A run paused or cancelled meanwhile keeps that status; its worker is being stopped.
    if (status === 'queued' || status === 'running') store.runs.markRunning(runId, entry.host);
    return NONE;
  }

  function applyEpoch(
    runId: number,
    entryId: string,
    { record, checkpoint, weights, batchCosts, attempt }: Extract<StreamEntry, { kind: 'epoch' }>,
  ): FollowUp {
    checkFitsRun(store.runs.get(runId)?.config, { record, checkpoint, weights });
    recorder.epoch(runId, { record, checkpoint, weights, batchCosts });
    return { kind: 'ack', entryId, epoch: record.epoch, attempt };
  }

  /** A gap: an epoch after the next one, or an end after an epoch that never arrived. */
  function gapBefore(runId: number, entry: StreamEntry): boolean {
    const stored = recorder.lastEpoch(runId);
    if (entry.kind === 'epoch') return entry.record.epoch > stored + 1;
    return entry.kind === 'end' && entry.lastEpoch !== undefined && entry.lastEpoch !== stored;
  }

  function applyAccepted(runId: number, entryId: string, entry: StreamEntry): FollowUp {
    if (gapBefore(runId, entry)) {
      remote.close(runId); // this dispatch is given up; the queue sends the run again
      return { kind: 'lost', stored: recorder.lastEpoch(runId) };
    }
    switch (entry.kind) {
      case 'start':
        return applyStart(runId, entry);
      case 'epoch':
        return applyEpoch(runId, entryId, entry);
      case 'end':
        finish(runId, entry.status, entry.message);
        return { kind: 'finished' };
      case 'stopped':
        remote.close(runId);
        recorder.forget(runId);
        return { kind: 'finished' };
    }
  }

  /** Whether the entry belongs to the attempt the owner accepts (a start: a newer one). */
  function accepted(runId: number, entry: StreamEntry): boolean {
    const row = remote.get(runId);
    if (!row?.open || !store.runs.get(runId)) return false;
    if (dispatchOfAttempt(entry.attempt) !== row.dispatch) return false;
    return entry.kind === 'start' ? entry.attempt > row.attempt : entry.attempt === row.attempt;
  }

  return {
    /** Applies one entry and stores `entryId` as the run's position, in one transaction. */
    apply(runId: number, entryId: string, entry: StreamEntry): FollowUp {
      const followUp = store.atomically(() => {
        const result = accepted(runId, entry) ? applyAccepted(runId, entryId, entry) : NONE;
        remote.setPosition(runId, entryId);
        return result;
      });
      if (followUp.kind === 'ack' && entry.kind === 'epoch') deps.onAppended(runId, entry.record);
      if (followUp.kind !== 'none' || entry.kind === 'start') deps.onChanged(runId);
      return followUp;
    },

    /** A run whose stream cannot be read on is marked failed with the reason. */
    fail(runId: number, message: string): void {
      finish(runId, 'failed', message);
      deps.onChanged(runId);
    },

    /** Drops the records of an abandoned attempt after `epoch` (before a new dispatch). */
    discardAfter: recorder.discardAfter,

    /** Forgets the kept records of a run (it is no longer followed). */
    forget: recorder.forget,
  };
}

export type EntryApplier = ReturnType<typeof createEntryApplier>;
