/**
 * The experiment store: one SQLite file owned by one process, with a repository per table and the
 * two writes that must be atomic — an epoch (record + checkpoint + run summary + findings +
 * sampled batch costs, one
 * transaction, so a killed owner never leaves an epoch without its checkpoint) and a bundle import.
 */
import type Database from 'better-sqlite3';
import type { EpochRecord, WeightsJson } from '../../../src-shared/base/records';
import type { Finding } from '../../../src-shared/base/findings';
import type { RunBundleEntry } from '../../../src-shared/contract/types';
import { openDatabase, type OpenOptions } from './database';
import { createRunsRepo } from './runs-repo';
import { createEpochsRepo } from './epochs-repo';
import { createExperimentsRepo } from './experiments-repo';
import { createFindingsRepo } from './findings-repo';
import { createCheckpointsRepo } from './checkpoints-repo';
import { createWeightsRepo } from './weights-repo';
import { createSettingsRepo } from './settings-repo';
import { createRemoteRunsRepo } from './remote-runs-repo';
import { finalOf, foldFinal } from './run-final';
import type { RunEnd } from './runs-repo';
import { importRuns, type ImportOrigin } from './import-runs';
import { createImportedRunsRepo } from './imported-runs-repo';
import { createLoggedRunsRepo } from './logged-runs-repo';
import { createMetricsRepo } from './metrics-repo';
import { createRunFilesRepo } from './run-files-repo';
import type { BatchCost } from '../../../src-shared/contract/trainer-protocol';

/** Everything written for one finished epoch. */
export interface EpochWrite {
  runId: number;
  record: EpochRecord;
  /** The engine's checkpoint taken right after this epoch. */
  checkpoint: Uint8Array;
  /** Present on the last epoch. */
  weights?: WeightsJson;
  /** The doctor's findings with this epoch included (replace the run's set). */
  findings?: Finding[];
  /** The epoch's sampled mini-batch cost (replaces what an earlier attempt stored for it). */
  batchCosts?: BatchCost[];
}

export function openStore(path: string, options: OpenOptions = {}) {
  const db = openDatabase(path, options);
  const repos = {
    runs: createRunsRepo(db),
    epochs: createEpochsRepo(db),
    experiments: createExperimentsRepo(db),
    findings: createFindingsRepo(db),
    checkpoints: createCheckpointsRepo(db),
    weights: createWeightsRepo(db),
    settings: createSettingsRepo(db),
    remoteRuns: createRemoteRunsRepo(db),
    importedRuns: createImportedRunsRepo(db),
    loggedRuns: createLoggedRunsRepo(db),
    metrics: createMetricsRepo(db),
    runFiles: createRunFilesRepo(db),
  };
  const recordEpoch = db.transaction((write: EpochWrite) => {
    const { runId, record } = write;
    repos.epochs.insert(runId, record);
    repos.checkpoints.save(runId, record.epoch, write.checkpoint);
    repos.runs.setFinal(runId, foldFinal(repos.runs.get(runId)?.final ?? null, record));
    if (write.weights) repos.weights.save(runId, write.weights);
    if (write.findings) repos.findings.replace(runId, write.findings);
    if (write.batchCosts) repos.metrics.recordBatchCosts(runId, record.epoch, write.batchCosts);
  });

  const recordEnd = db.transaction((runId: number, end: RunEnd, findings?: Finding[]) => {
    repos.runs.markEnded(runId, end);
    if (findings) repos.findings.replace(runId, findings);
  });
  const discardAfter = db.transaction((runId: number, epoch: number) => {
    repos.epochs.deleteAfter(runId, epoch);
    repos.checkpoints.deleteAfter(runId, epoch);
    repos.metrics.deleteAfter(runId, epoch);
    repos.runs.setFinal(runId, finalOf(repos.epochs.list(runId)));
  });

  return {
    db: db as Database.Database,
    path,
    ...repos,
    /** Writes one epoch atomically (see EpochWrite). */
    recordEpoch(write: EpochWrite): void {
      recordEpoch.immediate(write);
    },
    /** Runs `work` in one immediate transaction: every write in it lands, or none. */
    atomically<T>(work: () => T): T {
      return db.transaction(work).immediate();
    },
    /** Ends a run with the doctor's end-of-run findings, atomically. */
    recordEnd(runId: number, end: RunEnd, findings?: Finding[]): void {
      recordEnd.immediate(runId, end, findings);
    },
    /** Drops records, checkpoints and metrics after `epoch` (an abandoned attempt's) and recomputes the
     * run's summary from what is left. */
    discardAfter(runId: number, epoch: number): void {
      discardAfter.immediate(runId, epoch);
    },
    /** Recreates bundled runs in one transaction; returns the new run ids in entry order.
     * Dataset paths of a bundle (the default origin) are the sender's and stay unopened. */
    importRuns(entries: RunBundleEntry[], origin: ImportOrigin = 'bundle'): number[] {
      return db.transaction(() => importRuns(repos, entries, origin)).immediate();
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}

export type Store = ReturnType<typeof openStore>;
