/**
 * The owner's lease on a store: an exclusive SQLite lock on a small file beside it
 * (`workbench.db` → `workbench.db.owner-lock`). The operating system keeps the lock for as long as
 * the process lives and drops it when the process ends in any way — exit, crash, SIGKILL, power
 * loss — so there is no flag a crash could leave behind: whoever can take the lock is the only
 * process alive that writes the store.
 *
 * SQLite locks are POSIX advisory locks on Linux and macOS and LockFileEx on Windows; SQLite also
 * keeps them straight between two connections of one process, so a second acquire in the same
 * process is refused as it is in another.
 */
import Database from 'better-sqlite3';
import { lstatSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Lease {
  readonly path: string;
  /** Gives the lease up (the process ending does the same). */
  release(): void;
}

export const leasePathOf = (dbPath: string) => `${dbPath}.owner-lock`;

/** Takes the lease, or returns null when a live process holds it. Never waits. */
export function tryAcquireLease(dbPath: string, nativeBinding?: string): Lease | null {
  const path = leasePathOf(dbPath);
  mkdirSync(dirname(path), { recursive: true });
  // Only our own regular file: a link could make this lock another file (another store).
  const existing = lstatSync(path, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) {
    throw new Error(`${path} is not a regular file (a link, a FIFO or a device): delete it`);
  }
  const db = new Database(path, { timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    // EXCLUSIVE locking mode keeps the lock after the transaction; BEGIN EXCLUSIVE takes it now.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (isBusy(error)) return null;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new Error(`${path} is not the store's lock file: delete it (no process holds it)`, {
        cause: error,
      });
    }
    throw error;
  }
  return {
    path,
    release() {
      if (db.open) db.close();
    },
  };
}

/** Whether a live process holds the store's lease (without keeping it when none does). */
export function isLeaseHeld(dbPath: string, nativeBinding?: string): boolean {
  const lease = tryAcquireLease(dbPath, nativeBinding);
  lease?.release();
  return lease === null;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
