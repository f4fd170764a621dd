/**
 * Opening the workbench database: one file, owned by one process. WAL lets readers (e.g. a CLI
 * `backprop runs` next to the app) read while the owner writes; busy_timeout waits instead of
 * failing with "database is locked" (a run's writes also retry beyond it, ./busy.ts); foreign keys keep epochs from outliving their run.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate';
import { migrations } from './migrations';
import { BUSY_TIMEOUT_MS } from './busy';

export interface OpenOptions {
  /** Path of a better-sqlite3 native build for another runtime (Electron keeps its own). */
  nativeBinding?: string;
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(
    path,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // In WAL mode NORMAL is durable across application crashes (only an OS crash can lose the
    // last commits), which is what "every acknowledged epoch survives a killed app" needs.
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
