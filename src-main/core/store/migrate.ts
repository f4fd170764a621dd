/**
 * Brings a database to the newest schema this build knows. All pending migrations run in one
 * transaction that also sets `PRAGMA user_version`, so a crash leaves either the old schema or
 * the new one. A database written by a newer build is refused before anything is touched.
 */
import type Database from 'better-sqlite3';
import type { Migration } from './migrations/migration';

export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `${file} was written by a newer Backprop Workbench (schema ${found}, this version knows ${known}); ` +
        'update the app or open another database',
    );
  }
}

/** Applies the migrations above the current `user_version`; returns the versions applied. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new SchemaTooNewError(db.name, current, known);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) m.up(db);
    // PRAGMA takes no bound parameters; the value is an integer from our own list.
    db.pragma(`user_version = ${known}`);
  }).immediate();
  return pending.map((m) => m.version);
}
