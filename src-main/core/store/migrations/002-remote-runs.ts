/**
 * Runs sent to a Redis queue (BullMQ workers on other machines). One row per run that was ever
 * dispatched: how many times it was sent (the BullMQ job id is run-<id>-<dispatch>), the attempt
 * whose records the owner accepts, and the position in the run's Redis stream up to which the
 * owner has applied entries, so an owner that was closed reads on from there.
 */
import type { Migration } from './migration';

export const migration002: Migration = {
  version: 2,
  name: 'remote-runs',
  up(db) {
    db.exec(`
      CREATE TABLE remote_runs (
        run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        dispatch INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        stream_position TEXT NOT NULL DEFAULT '0-0',
        open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1))
      );
      CREATE INDEX remote_runs_open ON remote_runs (open) WHERE open = 1;
    `);
  },
};
