/**
 * The owner's bookkeeping for runs sent to Redis (table remote_runs, migration 002): dispatch
 * count, accepted attempt, stream position, and whether the owner still follows the run's stream.
 * What the numbers mean is the Redis protocol's (src-main/core/remote/protocol.ts).
 */
import type Database from 'better-sqlite3';

export interface RemoteRun {
  runId: number;
  /** How many times the run was sent to Redis; the current BullMQ job is run-<id>-<dispatch>. */
  dispatch: number;
  /** The attempt whose entries are applied; attemptOf(dispatch, 0) until a worker starts it. */
  attempt: number;
  /** Stream id of the last entry applied ('0-0' = none). */
  position: string;
  /** True while the owner follows the stream (until an end or stopped entry, or a cancel). */
  open: boolean;
}

interface Row {
  run_id: number;
  dispatch: number;
  attempt: number;
  stream_position: string;
  open: number;
}

const toRemoteRun = (row: Row): RemoteRun => ({
  runId: row.run_id,
  dispatch: row.dispatch,
  attempt: row.attempt,
  position: row.stream_position,
  open: row.open === 1,
});

export function createRemoteRunsRepo(db: Database.Database) {
  const selectOne = db.prepare('SELECT * FROM remote_runs WHERE run_id = ?');
  const selectOpen = db.prepare('SELECT * FROM remote_runs WHERE open = 1 ORDER BY run_id');
  const upsert =
    db.prepare(`INSERT INTO remote_runs (run_id, dispatch, attempt, stream_position, open)
    VALUES (?, ?, ?, '0-0', 1)
    ON CONFLICT (run_id) DO UPDATE SET dispatch = excluded.dispatch, attempt = excluded.attempt,
      stream_position = '0-0', open = 1`);
  const setPositionRow = db.prepare('UPDATE remote_runs SET stream_position = ? WHERE run_id = ?');
  const setAttemptRow = db.prepare('UPDATE remote_runs SET attempt = ? WHERE run_id = ?');
  const closeRow = db.prepare('UPDATE remote_runs SET open = 0 WHERE run_id = ?');

  return {
    get(runId: number): RemoteRun | undefined {
      const row = selectOne.get(runId) as Row | undefined;
      return row && toRemoteRun(row);
    },

    /** Runs whose streams the owner follows, by run id. */
    open(): RemoteRun[] {
      return (selectOpen.all() as Row[]).map(toRemoteRun);
    },

    /** Starts the next dispatch of a run: a new job id, no attempt accepted yet, the stream read
     * from its beginning (a new dispatch follows a stream that was deleted or never existed). */
    beginDispatch(runId: number, firstAttempt: (dispatch: number) => number): RemoteRun {
      const dispatch = (this.get(runId)?.dispatch ?? 0) + 1;
      upsert.run(runId, dispatch, firstAttempt(dispatch));
      return this.get(runId)!;
    },

    setPosition(runId: number, position: string): void {
      setPositionRow.run(position, runId);
    },

    setAttempt(runId: number, attempt: number): void {
      setAttemptRow.run(attempt, runId);
    },

    /** The owner stops following the run's stream. */
    close(runId: number): void {
      closeRow.run(runId);
    },
  };
}

export type RemoteRunsRepo = ReturnType<typeof createRemoteRunsRepo>;
