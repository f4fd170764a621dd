/** One schema step. Migrations run in version order inside one transaction (see ../migrate.ts). */
import type Database from 'better-sqlite3';

export interface Migration {
  /** The `user_version` the database has after this step (1, 2, 3, ... without gaps). */
  version: number;
  name: string;
  up(db: Database.Database): void;
}
