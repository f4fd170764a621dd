/**
 * Runs logged from outside through the logging API (tracking.*): the client's key and free-form
 * config of each, and their metrics by name and step. SQLite stores NaN as NULL, so a non-finite
 * value is kept as text in `special` and `value` stays NULL; a (run, key, step) holds one value,
 * so a retried or replayed log call stores once.
 */
import type { Migration } from './migration';

export const migration004: Migration = {
  version: 4,
  name: 'logged-runs',
  up(db) {
    db.exec(`
      CREATE TABLE logged_runs (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        run_key TEXT NOT NULL UNIQUE,
        experiment TEXT,
        params TEXT NOT NULL
      );
      CREATE TABLE run_metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        epoch INTEGER,
        value REAL,
        special TEXT CHECK (special IN ('NaN', 'Infinity', '-Infinity')),
        time REAL NOT NULL,
        PRIMARY KEY (run_id, key, step)
      ) WITHOUT ROWID;
    `);
  },
};
