/**
 * A fingerprint of everything a database holds: the row count and a SHA-256 over every row of
 * every table (in primary-key order), so "bad input changes nothing" is one comparison.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export interface DatabaseFingerprint {
  rows: Record<string, number>;
  sha256: string;
}

export function fingerprint(db: Database.Database): DatabaseFingerprint {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const hash = createHash('sha256');
  const rows: Record<string, number> = {};
  for (const table of tables) {
    // ORDER BY 1, 2 is the primary key (or its prefix) in every table of the schema.
    const all = db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw().all() as unknown[][];
    rows[table] = all.length;
    hash.update(`${table}\n`);
    for (const row of all) {
      hash.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : v))));
    }
  }
  return { rows, sha256: hash.digest('hex') };
}
