/**
 * Metrics of runs trained here, in the run_metrics table the logged runs use (logged-runs-repo
 * reads both back): the sampled mini-batch cost under key "batch_cost", written with the epoch it
 * belongs to and dropped with it when an attempt's later epochs are discarded. A non-finite value
 * is kept as text, as for logged runs.
 */
import type Database from 'better-sqlite3';
import type { BatchCost } from '../../../src-shared/contract/trainer-protocol';

export const BATCH_COST_KEY = 'batch_cost';

export function createMetricsRepo(db: Database.Database) {
  const deleteEpoch = db.prepare(
    'DELETE FROM run_metrics WHERE run_id = ? AND key = ? AND epoch = ?',
  );
  const deleteAfterEpoch = db.prepare('DELETE FROM run_metrics WHERE run_id = ? AND epoch > ?');
  const upsert = db.prepare(`INSERT OR REPLACE INTO run_metrics
      (run_id, key, step, epoch, value, special, time) VALUES (?, ?, ?, ?, ?, ?, ?)`);

  return {
    /** Replaces epoch `epoch`'s batch costs with `points`. Call inside the epoch's transaction. */
    recordBatchCosts(runId: number, epoch: number, points: BatchCost[]): void {
      deleteEpoch.run(runId, BATCH_COST_KEY, epoch);
      for (const { step, cost, time } of points) {
        const finite = Number.isFinite(cost);
        upsert.run(
          runId,
          BATCH_COST_KEY,
          step,
          epoch,
          finite ? cost : null,
          finite ? null : String(cost),
          time,
        );
      }
    },
    /** Drops every metric of epochs after `epoch` (an abandoned attempt's). */
    deleteAfter(runId: number, epoch: number): void {
      deleteAfterEpoch.run(runId, epoch);
    },
  };
}
