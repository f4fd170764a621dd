/**
 * Training checkpoints (the engine's opaque bytes: weights, velocities, PRNG and schedule state).
 * Only the newest KEEP_CHECKPOINTS per run are kept; a resumed run starts from the newest.
 */
import type Database from 'better-sqlite3';

export const KEEP_CHECKPOINTS = 3;

export function createCheckpointsRepo(db: Database.Database) {
  const insertRow = db.prepare(
    'INSERT OR REPLACE INTO checkpoints (run_id, epoch, data, created_at) VALUES (?, ?, ?, ?)',
  );
  const prune = db.prepare(`DELETE FROM checkpoints WHERE run_id = ? AND epoch NOT IN
    (SELECT epoch FROM checkpoints WHERE run_id = ? ORDER BY epoch DESC LIMIT ${KEEP_CHECKPOINTS})`);
  const selectLatest = db.prepare(
    'SELECT epoch, data FROM checkpoints WHERE run_id = ? ORDER BY epoch DESC LIMIT 1',
  );
  const selectEpochs = db.prepare('SELECT epoch FROM checkpoints WHERE run_id = ? ORDER BY epoch');
  const deleteAfterRows = db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND epoch > ?');

  return {
    /** Saves the checkpoint taken after `epoch` and drops the older ones beyond the limit. */
    save(runId: number, epoch: number, data: Uint8Array): void {
      insertRow.run(
        runId,
        epoch,
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        new Date().toISOString(),
      );
      prune.run(runId, runId);
    },

    latest(runId: number): { epoch: number; data: Uint8Array } | undefined {
      const row = selectLatest.get(runId) as { epoch: number; data: Buffer } | undefined;
      return row && { epoch: row.epoch, data: new Uint8Array(row.data) };
    },

    /** Drops the checkpoints taken after `epoch` (an abandoned attempt's). */
    deleteAfter(runId: number, epoch: number): void {
      deleteAfterRows.run(runId, epoch);
    },

    epochs(runId: number): number[] {
      return (selectEpochs.all(runId) as { epoch: number }[]).map((r) => r.epoch);
    },
  };
}

export type CheckpointsRepo = ReturnType<typeof createCheckpointsRepo>;
