/**
 * Runs logged through the logging API: the client's key and config of each (logged_runs) and
 * their metrics (run_metrics). A non-finite value is kept as text, since SQLite turns NaN into
 * NULL; reading gives back exactly the numbers that were logged.
 */
import type Database from 'better-sqlite3';
import type { LoggedMetric, TrackingPoint } from '../../../src-shared/contract/types';
import { readJson, writeJson } from './json-column';

interface MetricRow {
  key: string;
  step: number;
  epoch: number | null;
  value: number | null;
  special: 'NaN' | 'Infinity' | '-Infinity' | null;
  time: number;
}

const SPECIAL: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

export function createLoggedRunsRepo(db: Database.Database) {
  const insertRow = db.prepare(
    'INSERT INTO logged_runs (run_id, run_key, experiment, params) VALUES (?, ?, ?, ?)',
  );
  const selectByKey = db.prepare('SELECT run_id FROM logged_runs WHERE run_key = ?').pluck();
  const selectIds = db.prepare('SELECT run_id FROM logged_runs').pluck();
  const upsertMetric = db.prepare(`INSERT INTO run_metrics
      (run_id, key, step, epoch, value, special, time) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id, key, step) DO UPDATE SET
      epoch = excluded.epoch, value = excluded.value, special = excluded.special,
      time = excluded.time`);
  const selectMetrics = db.prepare(
    'SELECT key, step, epoch, value, special, time FROM run_metrics WHERE run_id = ? ORDER BY key, step',
  );

  return {
    insert(runId: number, key: string, experiment: string | null, params: object): void {
      insertRow.run(runId, key, experiment, writeJson(params));
    },
    /** The run logged under the client's key, if any (deleted runs included: the key is taken). */
    idByKey(key: string): number | undefined {
      return selectByKey.get(key) as number | undefined;
    },
    /** Every logged run's id (the owner's recovery leaves them alone: their trainer is the
     * user's process, not ours). */
    ids(): Set<number> {
      return new Set(selectIds.all() as number[]);
    },
    /** Stores each value of each point; call inside a transaction. Returns the count. */
    log(runId: number, points: TrackingPoint[]): number {
      let stored = 0;
      for (const point of points) {
        for (const [key, value] of Object.entries(point.values)) {
          const finite = Number.isFinite(value);
          upsertMetric.run(
            runId,
            key,
            point.step,
            point.epoch ?? null,
            finite ? value : null,
            finite ? null : String(value),
            point.time,
          );
          stored++;
        }
      }
      return stored;
    },
    metrics(runId: number): LoggedMetric[] {
      return (selectMetrics.all(runId) as MetricRow[]).map((row) => ({
        key: row.key,
        step: row.step,
        epoch: row.epoch,
        value: row.special === null ? (row.value as number) : SPECIAL[row.special],
        time: row.time,
      }));
    },
  };
}

export type LoggedRunsRepo = ReturnType<typeof createLoggedRunsRepo>;

/** The `logged` part of a run summary from the summary query's JSON column. */
export function loggedInfoOf(column: string | null) {
  if (column === null) return undefined;
  const row = JSON.parse(column) as {
    key: string;
    experiment: string | null;
    params: string;
    lastStep: number | null;
    lastEpoch: number | null;
    lastValues: Record<string, number | string> | null;
  };
  return {
    key: row.key,
    experiment: row.experiment,
    params: readJson<Record<string, unknown>>(row.params),
    lastStep: row.lastStep,
    lastEpoch: row.lastEpoch,
    // A non-finite value is stored as its text ('NaN', 'Infinity', '-Infinity'): Number reads it.
    lastValues: Object.fromEntries(
      Object.entries(row.lastValues ?? {}).map(([key, value]) => [key, Number(value)]),
    ),
  };
}
