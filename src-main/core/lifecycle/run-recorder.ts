/**
 * Every write the owner makes for a run that trains, in one place for local and remote runs:
 * the start of an attempt, each epoch (record, layer statistics, checkpoint, summary, sampled
 * batch costs and the doctor's findings in one transaction), and the end (status with the doctor's end-of-run
 * findings). The SQL is in the store; this module decides what is written when.
 *
 * The doctor reads every record of a run, so the recorder keeps them per run while it trains
 * (loaded from the store on first use, dropped at the end).
 */
import type { RunStatus } from '../../../src-shared/contract/types';
import type { EpochRecord, WeightsJson } from '../../../src-shared/base/records';
import type { BatchCost } from '../../../src-shared/contract/trainer-protocol';
import type { Store } from '../store/store';
import type { RunEnd } from '../store/runs-repo';
import { retryWhileBusy } from '../store/busy';
import { diagnoseSafely, type Diagnose } from './run-outcome';

export interface EpochArrival {
  record: EpochRecord;
  checkpoint: Uint8Array;
  weights?: WeightsJson;
  /** The epoch's sampled mini-batch cost, stored in the epoch's transaction. */
  batchCosts?: BatchCost[];
}

/** Where an attempt starts: the newest stored checkpoint, or none (from scratch, epoch -1). */
export interface StartPoint {
  checkpoint?: Uint8Array;
  epoch: number;
}

export function createRunRecorder(store: Store, diagnose?: Diagnose) {
  const epochsByRun = new Map<number, EpochRecord[]>();
  const epochsOf = (runId: number): EpochRecord[] => {
    let epochs = epochsByRun.get(runId);
    if (!epochs) epochsByRun.set(runId, (epochs = store.epochs.list(runId)));
    return epochs;
  };

  const recorder = {
    /**
     * A trainer takes the run on this host: records after its newest checkpoint (none, normally:
     * they are written together) are dropped so the attempt redoes them. Returns where it starts.
     */
    begin(runId: number, host: string): StartPoint {
      const latest = store.checkpoints.latest(runId);
      const epoch = latest?.epoch ?? -1;
      store.atomically(() => {
        recorder.discardAfter(runId, epoch);
        store.runs.markRunning(runId, host);
      });
      return { checkpoint: latest?.data, epoch };
    },

    /** Writes one epoch with the doctor's findings so far; an epoch stored before is replaced. */
    epoch(runId: number, arrival: EpochArrival): void {
      const run = store.runs.get(runId);
      if (!run) throw new Error(`Run ${runId} no longer exists`);
      const epochs = epochsOf(runId).filter((e) => e.epoch < arrival.record.epoch);
      epochs.push(arrival.record);
      epochsByRun.set(runId, epochs);
      const findings = diagnoseSafely(diagnose, { config: run.config, epochs, status: 'running' });
      const { record, checkpoint, weights, batchCosts } = arrival;
      store.recordEpoch({ runId, record, checkpoint, weights, batchCosts, findings });
    },

    /** epoch(), retried while another program holds the database's lock (./store/busy.ts): the
     * promise resolves once the epoch is stored; rejects if it cannot be. The local queue's
     * writes go through here, one run's in the order its trainer sent them. */
    epochWhenFree(runId: number, arrival: EpochArrival): Promise<void> {
      return retryWhileBusy(store.db, () => recorder.epoch(runId, arrival));
    },

    /** finish(), retried while another program holds the database's lock. */
    finishWhenFree(runId: number, end: RunEnd & { status: RunStatus }): Promise<void> {
      return retryWhileBusy(store.db, () => recorder.finish(runId, end));
    },

    /** Ends the run with the doctor's end-of-run findings, atomically, and forgets its records. */
    finish(runId: number, end: RunEnd & { status: RunStatus }): void {
      const run = store.runs.get(runId);
      const findings =
        run &&
        diagnoseSafely(diagnose, {
          config: run.config,
          epochs: epochsOf(runId),
          status: end.status,
        });
      store.recordEnd(runId, end, findings);
      epochsByRun.delete(runId);
    },

    /** Drops records and checkpoints after `epoch` (an abandoned attempt's). */
    discardAfter(runId: number, epoch: number): void {
      store.discardAfter(runId, epoch);
      epochsByRun.delete(runId);
    },

    /** The newest stored epoch of a run, -1 for none. */
    lastEpoch(runId: number): number {
      return epochsOf(runId).at(-1)?.epoch ?? -1;
    },

    /** Forgets the records kept for a run (it is no longer followed). */
    forget(runId: number): void {
      epochsByRun.delete(runId);
    },
  };
  return recorder;
}

export type RunRecorder = ReturnType<typeof createRunRecorder>;
