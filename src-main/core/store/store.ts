/**
 * The experiment store: one SQLite file owned by one process, with a repository per table and the
 * two writes that must be atomic — an epoch (record + checkpoint + run summary + findings, one
 * transaction, so a killed owner never leaves an epoch without its checkpoint) and a bundle import.
 */
import type Database from 'better-sqlite3';
import type { EpochRecord, WeightsJson } from '../../../src-shared/engine/records';
import type { Finding } from '../../../src-shared/diagnostics/findings';
import type { RunBundleEntry, RunDetail } from '../../../src-shared/contract/types';
import { openDatabase, type OpenOptions } from './database';
import { createRunsRepo } from './runs-repo';
import { createEpochsRepo } from './epochs-repo';
import { createExperimentsRepo } from './experiments-repo';
import { createFindingsRepo } from './findings-repo';
import { createCheckpointsRepo } from './checkpoints-repo';
import { createWeightsRepo } from './weights-repo';
import { createSettingsRepo } from './settings-repo';
import { foldFinal } from './run-final';
import { importRuns } from './import-runs';

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
  };
  const recordEpoch = db.transaction((write: EpochWrite) => {
    const { runId, record } = write;
    repos.epochs.insert(runId, record);
    repos.checkpoints.save(runId, record.epoch, write.checkpoint);
    repos.runs.setFinal(runId, foldFinal(repos.runs.get(runId)?.final ?? null, record));
    if (write.weights) repos.weights.save(runId, write.weights);
    if (write.findings) repos.findings.replace(runId, write.findings);
  });

  return {
    db: db as Database.Database,
    path,
    ...repos,
    /** Writes one epoch atomically (see EpochWrite). */
    recordEpoch(write: EpochWrite): void {
      recordEpoch.immediate(write);
    },
    /** A run with its epochs and findings, or undefined when it does not exist (or is deleted). */
    runDetail(id: number): RunDetail | undefined {
      const summary = repos.runs.get(id);
      return (
        summary && { ...summary, epochs: repos.epochs.list(id), findings: repos.findings.list(id) }
      );
    },
    /** Recreates bundled runs in one transaction; returns the new run ids in entry order. */
    importRuns(entries: RunBundleEntry[]): number[] {
      return db.transaction(() => importRuns(repos, entries)).immediate();
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}

export type Store = ReturnType<typeof openStore>;
