/**
 * Writes that outlast another writer. Another program (a CLI, a backup, sqlite3 in a terminal)
 * may hold the database's write lock for longer than busy_timeout; the owner's writes for a
 * training run then retry with backoff for up to BUSY_RETRY_MS instead of failing the run with
 * "database is locked". Each try waits for the lock only briefly (TRY_BUSY_TIMEOUT_MS, set on the
 * connection for that try), so the event loop is never held for long: between tries it serves
 * the UI and the trainers' messages.
 */
import type Database from 'better-sqlite3';

/** How long a run's write keeps retrying while the database is locked, in total. */
export const BUSY_RETRY_MS = 30_000;
/** busy_timeout of the connection outside these tries (database.ts sets it at open). */
export const BUSY_TIMEOUT_MS = 5000;
/** busy_timeout during one try of a retried write. */
const TRY_BUSY_TIMEOUT_MS = 100;
const FIRST_PAUSE_MS = 20;
const MAX_PAUSE_MS = 1000;

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, …): another connection has the lock. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export interface RetryOptions {
  totalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `work` (synchronous SQLite writes) until it does not fail with SQLITE_BUSY, pausing
 * 20 ms, 40 ms, … 1 s between tries, for up to `totalMs`; then throws saying how long it tried. */
export async function retryWhileBusy<T>(
  db: Database.Database,
  work: () => T,
  { totalMs = BUSY_RETRY_MS, sleep = pause }: RetryOptions = {},
): Promise<T> {
  const deadline = Date.now() + totalMs;
  for (let wait = FIRST_PAUSE_MS; ; wait = Math.min(2 * wait, MAX_PAUSE_MS)) {
    try {
      return withBusyTimeout(db, TRY_BUSY_TIMEOUT_MS, work);
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() + wait > deadline) {
        throw new Error(
          `the database stayed locked by another program for ${Math.round(totalMs / 1000)} s`,
          { cause: error },
        );
      }
    }
    await sleep(wait);
  }
}

/** `work` with the connection's busy_timeout set to `ms`, restored after (better-sqlite3 is
 * synchronous, so nothing else uses the connection meanwhile). */
function withBusyTimeout<T>(db: Database.Database, ms: number, work: () => T): T {
  db.pragma(`busy_timeout = ${ms}`);
  try {
    return work();
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}
