/**
 * The imported_runs table (migration 003): which runs came from a bundle, their status when
 * exported, and the sender's dataset path until the user re-points the run at a file here.
 */
import type Database from 'better-sqlite3';
import type { DatasetSpec, RunConfig } from '../../../src-shared/experiment/config';
import type { RunStatus } from '../../../src-shared/base/run-status';
import { writeJson } from './json-column';
import { conflict } from '../../../src-shared/base/errors';

/** The file (CSV) or folder (idx) a dataset spec reads; null for built-in and inline sets. */
export function datasetPathOf(spec: DatasetSpec): string | null {
  if (typeof spec === 'string') return null;
  if (spec.kind === 'csv') return spec.path;
  if (spec.kind === 'idx') return spec.dir;
  return null;
}

/** The spec with its file or folder replaced by `path`. */
export function withDatasetPath(spec: DatasetSpec, path: string): DatasetSpec {
  if (typeof spec !== 'string' && spec.kind === 'csv') return { ...spec, path };
  if (typeof spec !== 'string' && spec.kind === 'idx') return { ...spec, dir: path };
  throw conflict('this dataset has no file or folder to point elsewhere');
}

export function createImportedRunsRepo(db: Database.Database) {
  const insertRow = db.prepare(
    'INSERT INTO imported_runs (run_id, status_when_exported, foreign_dataset_path) VALUES (?, ?, ?)',
  );
  const selectPath = db.prepare(
    'SELECT foreign_dataset_path AS path FROM imported_runs WHERE run_id = ?',
  );
  const setConfig = db.prepare('UPDATE runs SET config = ? WHERE id = ?');
  const clearPath = db.prepare(
    'UPDATE imported_runs SET foreign_dataset_path = NULL WHERE run_id = ?',
  );
  const relink = db.transaction((runId: number, config: RunConfig) => {
    setConfig.run(writeJson(config), runId);
    clearPath.run(runId);
  });

  return {
    /** Records that run `runId` came from a bundle; `datasetPath` is the sender's path, if any. */
    insert(runId: number, statusWhenExported: RunStatus, datasetPath: string | null): void {
      insertRow.run(runId, statusWhenExported, datasetPath);
    },

    /** The sender's dataset path of an imported run not yet re-pointed; null otherwise. */
    foreignDatasetPath(runId: number): string | null {
      const row = selectPath.get(runId) as { path: string | null } | undefined;
      return row?.path ?? null;
    },

    /** Points the run at a dataset on this machine (the caller has checked it): its config
     * changes, and its path is no longer the sender's. */
    relink(runId: number, config: RunConfig): void {
      relink.immediate(runId, config);
    },
  };
}

export type ImportedRunsRepo = ReturnType<typeof createImportedRunsRepo>;
