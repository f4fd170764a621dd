/** Experiments: a named group of runs (one run, a sweep, or a doctor's fix test). */
import type Database from 'better-sqlite3';
import type { ExperimentSummary } from '../../../src-shared/contract/types';

type Kind = ExperimentSummary['kind'];

interface ExperimentRow {
  id: number;
  name: string;
  kind: Kind;
  created_at: string;
  run_ids: string | null;
}

export function createExperimentsRepo(db: Database.Database) {
  const insertRow = db.prepare(
    'INSERT INTO experiments (name, kind, spec, created_at) VALUES (?, ?, ?, ?)',
  );
  const selectAll = db.prepare(`SELECT e.id, e.name, e.kind, e.created_at,
      (SELECT group_concat(r.id) FROM (SELECT id FROM runs
        WHERE experiment_id = e.id AND deleted_at IS NULL ORDER BY id) r) AS run_ids
    FROM experiments e ORDER BY e.id DESC`);
  const selectFixTests = db.prepare(`SELECT id, spec FROM experiments
    WHERE kind = 'fix-test' AND json_extract(spec, '$.fixTest.sourceRunId') = ? ORDER BY id`);
  const selectByName = db.prepare(
    'SELECT id FROM experiments WHERE name = ? ORDER BY id DESC LIMIT 1',
  );

  return {
    /** Creates an experiment; `spec` is the sweep spec (or fix-test request) that made it. */
    insert(
      name: string,
      kind: Kind,
      spec: unknown = null,
      createdAt = new Date().toISOString(),
    ): number {
      const result = insertRow.run(
        name,
        kind,
        spec === null ? null : JSON.stringify(spec),
        createdAt,
      );
      return Number(result.lastInsertRowid);
    },

    /** Every experiment, newest first, with its (not deleted) runs in id order. */
    list(): ExperimentSummary[] {
      return (selectAll.all() as ExperimentRow[]).map((row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind,
        createdAt: row.created_at,
        runIds: row.run_ids ? row.run_ids.split(',').map(Number) : [],
      }));
    },

    /** The fix tests started from run `sourceRunId`'s findings, oldest first, each with the
     * sweep spec that made it (its fixTest names the rule and the fix). */
    fixTestsOf(sourceRunId: number): { id: number; spec: unknown }[] {
      return (selectFixTests.all(sourceRunId) as { id: number; spec: string }[]).map((row) => ({
        id: row.id,
        spec: JSON.parse(row.spec) as unknown,
      }));
    },

    idByName(name: string): number | undefined {
      return (selectByName.get(name) as { id: number } | undefined)?.id;
    },
  };
}

export type ExperimentsRepo = ReturnType<typeof createExperimentsRepo>;
