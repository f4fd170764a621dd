/**
 * The first schema. Scalar epoch metrics live in narrow rows (one run's curve is a primary-key
 * range scan); the bulky per-layer statistics sit in their own table so lists and curves never
 * read them. SQLite stores ±Infinity in REAL columns but turns NaN into NULL, so `nan_mask` keeps
 * one bit per scalar metric that was NaN (bit order: see EPOCH_SCALARS in ../epochs-repo.ts).
 */
import type { Migration } from './migration';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('single', 'sweep', 'fix-test')),
        spec TEXT,
        created_at TEXT NOT NULL
      );

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
          ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'diverged', 'interrupted')),
        seed INTEGER NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        error TEXT,
        exit_code INTEGER,
        exit_signal TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        starred INTEGER NOT NULL DEFAULT 0,
        deleted_at TEXT,
        host TEXT,
        engine_version TEXT NOT NULL,
        final TEXT
      );
      CREATE INDEX runs_queue ON runs (status, priority DESC, position);
      CREATE INDEX runs_experiment ON runs (experiment_id);

      CREATE TABLE epochs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        train_cost REAL,
        train_accuracy REAL,
        validation_cost REAL,
        validation_accuracy REAL,
        test_cost REAL,
        test_accuracy REAL,
        learning_rate REAL,
        seconds REAL,
        nan_mask INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, epoch)
      ) WITHOUT ROWID;

      CREATE TABLE epoch_details (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch)
      );

      CREATE TABLE findings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        rule TEXT NOT NULL,
        severity TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (run_id, position)
      );

      CREATE TABLE checkpoints (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, epoch)
      );

      CREATE TABLE weights (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        data BLOB NOT NULL
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
};
