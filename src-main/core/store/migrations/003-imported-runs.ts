/**
 * Runs that came from a bundle written elsewhere: the status they had when exported, and the
 * dataset file or folder their config names while it is still the sender's path. A path here is
 * never opened (reports, "Test this fix" and resume refuse it) until the user points the
 * run at a file on this machine, which sets it to NULL.
 */
import type { Migration } from './migration';

export const migration003: Migration = {
  version: 3,
  name: 'imported-runs',
  up(db) {
    db.exec(`
      CREATE TABLE imported_runs (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        status_when_exported TEXT NOT NULL,
        foreign_dataset_path TEXT
      );
    `);
  },
};
