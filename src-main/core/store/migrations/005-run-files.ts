/**
 * Files logged with a run through the logging API (tracking.logFile): NumPy .npy / .npz and JSON,
 * checked before they get here (core/tracking/logged-file.ts). One file per (run, name); its size
 * and SHA-256 are kept so a retried call with the same bytes is recognised, and its arrays' names,
 * types and shapes (from the .npy headers) so a list needs no unpacking.
 */
import type { Migration } from './migration';

export const migration005: Migration = {
  version: 5,
  name: 'run-files',
  up(db) {
    db.exec(`
      CREATE TABLE run_files (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('npy', 'npz', 'json')),
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        arrays TEXT NOT NULL,
        time REAL NOT NULL,
        content BLOB NOT NULL,
        PRIMARY KEY (run_id, name)
      );
    `);
  },
};
