/** The doctor's findings for a run: the whole set is replaced each time the doctor runs. */
import type Database from 'better-sqlite3';
import type { Finding } from '../../../src-shared/base/findings';
import { readJson, writeJson } from './json-column';

export function createFindingsRepo(db: Database.Database) {
  const deleteAll = db.prepare('DELETE FROM findings WHERE run_id = ?');
  const insertRow = db.prepare(
    'INSERT INTO findings (run_id, position, rule, severity, epoch, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectAll = db.prepare('SELECT body FROM findings WHERE run_id = ? ORDER BY position');

  return {
    /** Replaces the run's findings. Call inside a transaction when it must pair with other writes. */
    replace(runId: number, findings: Finding[]): void {
      deleteAll.run(runId);
      findings.forEach((f, i) =>
        insertRow.run(runId, i, f.rule, f.severity, f.epoch, writeJson(f)),
      );
    },

    list(runId: number): Finding[] {
      return (selectAll.all(runId) as { body: string }[]).map((r) => readJson<Finding>(r.body));
    },
  };
}

export type FindingsRepo = ReturnType<typeof createFindingsRepo>;
