/**
 * Reads a workbench database file the way a restarting owner finds it after a crash, and lists
 * everything that would show a lost or half-written write. An epoch is whole when its metrics row
 * (epochs), its layer statistics (epoch_details), the run summary (runs.final) and the checkpoint
 * taken after it were all written by the one transaction of Store.recordEpoch; so:
 * - epochs and epoch_details hold the same (run, epoch) pairs,
 * - each run's epochs are 0…max without a gap, final.epochs = max, the checkpoint of max exists,
 *   no checkpoint is newer than max, at most KEEP_CHECKPOINTS are kept,
 * - a completed run has its final weights and every epoch of its config.
 */
import Database from 'better-sqlite3';
import { KEEP_CHECKPOINTS } from '../core/store/checkpoints-repo';

export interface DatabaseAudit {
  /** PRAGMA integrity_check: "ok" or SQLite's first complaint. */
  integrity: string;
  /** Rows PRAGMA foreign_key_check reports (children without their parent). */
  foreignKeyViolations: number;
  /** Every stored epoch as "run:epoch". */
  epochKeys: Set<string>;
  /** Status of every run, by id. */
  statuses: Map<number, string>;
  /** One sentence per broken invariant; empty when the database is whole. */
  problems: string[];
}

interface RunRow {
  id: number;
  status: string;
  config: string;
  final: string | null;
  hasWeights: number;
}

const keysOf = (db: Database.Database, table: string): string[] =>
  db
    .prepare(`SELECT run_id || ':' || epoch FROM ${table} ORDER BY run_id, epoch`)
    .pluck()
    .all() as string[];

/** Problems of one run, given its stored epochs and checkpoints in ascending order. */
function runProblems(run: RunRow, epochs: number[], checkpoints: number[]): string[] {
  const problems: string[] = [];
  const max = epochs.at(-1);
  const gap = epochs.findIndex((e, i) => e !== i);
  if (gap >= 0) problems.push(`run ${run.id}: epochs ${epochs.join(',')} have a gap at ${gap}`);
  const final = run.final === null ? null : (JSON.parse(run.final) as { epochs: number });
  if ((final?.epochs ?? undefined) !== max)
    problems.push(`run ${run.id}: final.epochs is ${final?.epochs} but the newest epoch is ${max}`);
  if (max !== undefined && !checkpoints.includes(max))
    problems.push(`run ${run.id}: no checkpoint for its newest epoch ${max}`);
  if (checkpoints.some((c) => max === undefined || c > max))
    problems.push(`run ${run.id}: checkpoints ${checkpoints.join(',')} beyond its epochs`);
  if (checkpoints.length > KEEP_CHECKPOINTS)
    problems.push(`run ${run.id}: ${checkpoints.length} checkpoints kept`);
  if (run.status === 'completed') {
    const planned = (JSON.parse(run.config) as { epochs: number }).epochs;
    if (!run.hasWeights) problems.push(`run ${run.id}: completed without final weights`);
    if (max !== planned) problems.push(`run ${run.id}: completed at epoch ${max} of ${planned}`);
  }
  return problems;
}

/** A database whose owner died before its schema was committed: it must then be empty. */
function unmigrated(db: Database.Database, integrity: string): DatabaseAudit {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  return {
    integrity,
    foreignKeyViolations: 0,
    epochKeys: new Set(),
    statuses: new Map(),
    problems: tables.length ? [`user_version 0 but tables ${tables.join(', ')} exist`] : [],
  };
}

/** Opens `path` (recovering its WAL like any restarting owner would), audits it, closes it. */
export function auditDatabase(path: string): DatabaseAudit {
  const db = new Database(path);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    if (db.pragma('user_version', { simple: true }) === 0) return unmigrated(db, integrity);
    const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
    const metrics = keysOf(db, 'epochs');
    const details = new Set(keysOf(db, 'epoch_details'));
    const problems = metrics
      .filter((k) => !details.has(k))
      .map((k) => `epoch ${k} has metrics but no layer statistics`);
    const metricSet = new Set(metrics);
    for (const k of details)
      if (!metricSet.has(k)) problems.push(`epoch ${k} has layer statistics but no metrics`);
    const runs = db
      .prepare(
        `SELECT id, status, config, final,
           EXISTS (SELECT 1 FROM weights w WHERE w.run_id = runs.id) AS hasWeights
         FROM runs ORDER BY id`,
      )
      .all() as RunRow[];
    const epochsOf = db.prepare('SELECT epoch FROM epochs WHERE run_id = ? ORDER BY epoch').pluck();
    const checkpointsOf = db
      .prepare('SELECT epoch FROM checkpoints WHERE run_id = ? ORDER BY epoch')
      .pluck();
    for (const run of runs) {
      problems.push(
        ...runProblems(
          run,
          epochsOf.all(run.id) as number[],
          checkpointsOf.all(run.id) as number[],
        ),
      );
    }
    const statuses = new Map(runs.map((r) => [r.id, r.status]));
    return { integrity, foreignKeyViolations, epochKeys: metricSet, statuses, problems };
  } finally {
    db.close();
  }
}

/** The audit as sentences (integrity, foreign keys, half-written epochs), with the epoch keys. */
export function databaseProblems(path: string): { problems: string[]; epochKeys: Set<string> } {
  const audit = auditDatabase(path);
  const problems = [...audit.problems];
  if (audit.integrity !== 'ok') problems.push(`integrity_check: ${audit.integrity}`);
  if (audit.foreignKeyViolations)
    problems.push(`${audit.foreignKeyViolations} foreign key violations`);
  return { problems, epochKeys: audit.epochKeys };
}

/** The epochs a reader sees right now ("run:epoch"), without disturbing the writer (WAL). */
export function visibleEpochs(path: string): Set<string> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return new Set(keysOf(db, 'epochs'));
  } finally {
    db.close();
  }
}
