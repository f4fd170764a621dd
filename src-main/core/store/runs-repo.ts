/**
 * Run rows: the queue's job table (status, priority, position, attempts, error, exit code,
 * timestamps) and the user's notebook (name, tags, notes, star). Soft delete sets `deleted_at`
 * so a removal can be undone; deleted runs vanish from lists and from the queue, and are listed
 * only from the trash (`deleted: true`) until restored or purged for good.
 */
import type Database from 'better-sqlite3';
import type { RunConfig } from '../../../src-shared/experiment/config';
import type {
  RunFinal,
  RunPatch,
  RunQuery,
  RunStatus,
  RunSummary,
} from '../../../src-shared/contract/types';
import { isPurgeable, isTerminal, requireStatus } from '../../../src-shared/base/run-status';
import { readJson, writeJson } from './json-column';
import { loggedInfoOf } from './logged-runs-repo';
import { notFound, conflict } from '../../../src-shared/base/errors';

export interface NewRun {
  experimentId: number | null;
  name: string;
  config: RunConfig;
  status?: RunStatus;
  priority?: number;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
  attempts?: number;
  tags?: string[];
  notes?: string;
  starred?: boolean;
  host?: string | null;
  engineVersion: string;
  final?: RunFinal | null;
}

/** How a run left the running state. */
export interface RunEnd {
  status: RunStatus;
  error?: string | null;
  exitCode?: number | null;
  exitSignal?: string | null;
  /** When it ended (ISO), if not now: a logged run's own end time. */
  finishedAt?: string;
}

/** The stored form of each field of a run summary. */
interface RunColumns {
  id: number;
  experimentId: number | null;
  name: string;
  config: string;
  status: RunStatus;
  seed: number;
  priority: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  attempts: number;
  tags: string;
  notes: string;
  starred: number;
  host: string | null;
  engineVersion: string;
  final: string | null;
  doctorTags: string | null;
  logged: string | null;
  deletedAt: string | null;
}

/**
 * The summary's columns by field name, in SELECT order: the SQL and each field's index in a raw
 * row both come from this one list, so a row is read by name (col(row, 'host')) while the query
 * still returns arrays (raw mode: no per-row object with 19 keys to build when listing 10,000).
 */
const SUMMARY_SQL: Record<keyof RunColumns, string> = {
  id: 'id',
  experimentId: 'experiment_id',
  name: 'name',
  config: 'config',
  status: 'status',
  seed: 'seed',
  priority: 'priority',
  createdAt: 'created_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  error: 'error',
  attempts: 'attempts',
  tags: 'tags',
  notes: 'notes',
  starred: 'starred',
  host: 'host',
  engineVersion: 'engine_version',
  final: 'final',
  doctorTags: `(SELECT group_concat(rule, ' ') FROM findings
    WHERE findings.run_id = runs.id AND severity != 'info')`,
  logged: `(SELECT json_object('key', run_key, 'experiment', experiment, 'params', params,
      'lastStep', (SELECT max(step) FROM run_metrics WHERE run_metrics.run_id = runs.id),
      'lastEpoch', (SELECT max(epoch) FROM run_metrics WHERE run_metrics.run_id = runs.id),
      'lastValues', (SELECT json_group_object(m.key, coalesce(m.special, m.value))
        FROM run_metrics m WHERE m.run_id = runs.id AND m.step = (SELECT max(step)
          FROM run_metrics x WHERE x.run_id = m.run_id AND x.key = m.key)))
    FROM logged_runs WHERE logged_runs.run_id = runs.id)`,
  deletedAt: 'deleted_at',
};
const SUMMARY_FIELDS = Object.keys(SUMMARY_SQL) as (keyof RunColumns)[];
const SUMMARY_COLUMNS = SUMMARY_FIELDS.map((field) => SUMMARY_SQL[field]).join(', ');
const SUMMARY_INDEX = Object.fromEntries(SUMMARY_FIELDS.map((field, i) => [field, i])) as Record<
  keyof RunColumns,
  number
>;

/** A row of SUMMARY_COLUMNS in raw (array) mode. */
type RunRow = readonly unknown[];

/** The field `key` of a raw summary row. */
function col<K extends keyof RunColumns>(row: RunRow, key: K): RunColumns[K] {
  return row[SUMMARY_INDEX[key]] as RunColumns[K];
}

/**
 * Parsed configs by their JSON text. A run's config never changes after insert, so listing
 * 10,000 runs again parses nothing; the objects are frozen because every caller shares them.
 */
const configCache = new Map<string, RunConfig>();
const CONFIG_CACHE_LIMIT = 50_000;

function parseConfig(text: string): RunConfig {
  let config = configCache.get(text);
  if (!config) {
    if (configCache.size >= CONFIG_CACHE_LIMIT) configCache.clear();
    config = deepFreeze(readJson<RunConfig>(text));
    configCache.set(text, config);
  }
  return config;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export function toSummary(row: RunRow): RunSummary {
  const tags = col(row, 'tags');
  const doctorTags = col(row, 'doctorTags');
  const final = col(row, 'final');
  const logged = loggedInfoOf(col(row, 'logged'));
  const deletedAt = col(row, 'deletedAt');
  return {
    id: col(row, 'id'),
    name: col(row, 'name'),
    status: col(row, 'status'),
    experimentId: col(row, 'experimentId'),
    config: parseConfig(col(row, 'config')),
    createdAt: col(row, 'createdAt'),
    startedAt: col(row, 'startedAt'),
    finishedAt: col(row, 'finishedAt'),
    priority: col(row, 'priority'),
    seed: col(row, 'seed'),
    tags: tags === '[]' ? [] : (JSON.parse(tags) as string[]),
    doctorTags: doctorTags ? [...new Set(doctorTags.split(' '))] : [],
    notes: col(row, 'notes'),
    starred: col(row, 'starred') === 1,
    error: col(row, 'error'),
    attempts: col(row, 'attempts'),
    host: col(row, 'host'),
    engineVersion: col(row, 'engineVersion'),
    final: final === null ? null : readJson<RunFinal>(final),
    progress: null,
    ...(logged ? { logged } : {}),
    ...(deletedAt === null ? {} : { deletedAt }),
  };
}

const now = () => new Date().toISOString();

/** WHERE clause and parameters for a run query: live runs, or with `deleted` only the trash's. */
function whereOf(query: RunQuery): { sql: string; params: unknown[] } {
  const parts = [query.deleted ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL'];
  const params: unknown[] = [];
  if (query.status?.length) {
    parts.push(`status IN (${query.status.map(() => '?').join(', ')})`);
    params.push(...query.status);
  }
  if (query.experimentId !== undefined) {
    parts.push('experiment_id = ?');
    params.push(query.experimentId);
  }
  if (query.search) {
    // LIKE with escaped wildcards: the user's text is matched literally in name, tags and notes.
    const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push("(name LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\' OR notes LIKE ? ESCAPE '\\')");
    params.push(pattern, pattern, pattern);
  }
  if (query.starred !== undefined) {
    parts.push('starred = ?');
    params.push(query.starred ? 1 : 0);
  }
  return { sql: parts.join(' AND '), params };
}

export function createRunsRepo(db: Database.Database) {
  const insertRow =
    db.prepare(`INSERT INTO runs (experiment_id, name, config, status, seed, priority,
      position, created_at, started_at, finished_at, error, attempts, tags, notes, starred, host,
      engine_version, final)
    VALUES (@experimentId, @name, @config, @status, @seed, @priority,
      (SELECT COALESCE(MAX(position), 0) + 1 FROM runs), @createdAt, @startedAt, @finishedAt, @error,
      @attempts, @tags, @notes, @starred, @host, @engineVersion, @final)`);
  const selectOne = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id = ? AND deleted_at IS NULL`)
    .raw(true);
  const selectDeleted = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE id = ? AND deleted_at IS NOT NULL`)
    .raw(true);
  const selectQueuedOrder = db.prepare(`SELECT id, priority FROM runs
    WHERE status = 'queued' AND deleted_at IS NULL ORDER BY priority DESC, position, id`);
  const setPosition = db.prepare('UPDATE runs SET priority = ?, position = ? WHERE id = ?');
  const startRow = db.prepare(`UPDATE runs SET status = 'running', attempts = attempts + 1,
    started_at = COALESCE(started_at, ?), finished_at = NULL, error = NULL, exit_code = NULL,
    exit_signal = NULL, host = ? WHERE id = ?`);
  const endRow =
    db.prepare(`UPDATE runs SET status = @status, error = @error, exit_code = @exitCode,
    exit_signal = @exitSignal, finished_at = @finishedAt WHERE id = @id`);
  const setStatusRow = db.prepare('UPDATE runs SET status = ? WHERE id = ?');
  const setFinalRow = db.prepare('UPDATE runs SET final = ? WHERE id = ?');
  const selectByStatus = db.prepare('SELECT id FROM runs WHERE status = ?');
  const softDelete = db.prepare(
    'UPDATE runs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL',
  );
  const undelete = db.prepare('UPDATE runs SET deleted_at = NULL WHERE id = ?');
  const selectState = db.prepare(`SELECT id, status, deleted_at AS deletedAt,
      experiment_id AS experimentId,
      EXISTS (SELECT 1 FROM remote_runs WHERE run_id = runs.id AND open = 1) AS dispatched
    FROM runs WHERE id = ?`);
  // Every table holding a part of a run references runs(id) ON DELETE CASCADE (foreign keys are
  // on: database.ts), so deleting the row deletes its epochs, checkpoints, weights and the rest.
  const deleteRow = db.prepare('DELETE FROM runs WHERE id = ?');
  const deleteEmptyExperiment = db.prepare(`DELETE FROM experiments
    WHERE id = ? AND NOT EXISTS (SELECT 1 FROM runs WHERE experiment_id = experiments.id)`);

  const get = (id: number): RunSummary | undefined => {
    const row = selectOne.get(id) as RunRow | undefined;
    return row && toSummary(row);
  };

  return {
    get,

    /** The run when it is in the trash (with its deletedAt). */
    getDeleted(id: number): RunSummary | undefined {
      const row = selectDeleted.get(id) as RunRow | undefined;
      return row && toSummary(row);
    },

    /** Inserts a run at the end of the queue order; returns its id. */
    insert(run: NewRun): number {
      const result = insertRow.run({
        experimentId: run.experimentId,
        name: run.name,
        config: writeJson(run.config),
        status: run.status ?? 'queued',
        seed: run.config.seed,
        priority: run.priority ?? 0,
        createdAt: run.createdAt ?? now(),
        startedAt: run.startedAt ?? null,
        finishedAt: run.finishedAt ?? null,
        error: run.error ?? null,
        attempts: run.attempts ?? 0,
        tags: JSON.stringify(run.tags ?? []),
        notes: run.notes ?? '',
        starred: run.starred ? 1 : 0,
        host: run.host ?? null,
        engineVersion: run.engineVersion,
        final: run.final ? writeJson(run.final) : null,
      });
      return Number(result.lastInsertRowid);
    },

    /** Runs matching the query, newest first (the trash: most recently deleted first). */
    list(query: RunQuery = {}): RunSummary[] {
      const { sql, params } = whereOf(query);
      const order = query.deleted ? 'deleted_at DESC, id DESC' : 'id DESC';
      const limit = query.limit ? ` LIMIT ${Math.floor(query.limit)}` : '';
      const rows = db
        .prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE ${sql} ORDER BY ${order}${limit}`)
        .raw(true)
        .all(...params) as RunRow[];
      return rows.map(toSummary);
    },

    /** Queued runs in the order they will start: priority (high first), then position. */
    queuedIds(): number[] {
      return (selectQueuedOrder.all() as { id: number }[]).map((r) => r.id);
    },

    /** Puts queued run `id` just before queued run `beforeId`, taking its priority so the order
     * holds, or last (with the last run's priority) when `beforeId` is null. */
    move(id: number, beforeId: number | null): void {
      db.transaction(() => {
        const order = selectQueuedOrder.all() as { id: number; priority: number }[];
        if (!order.some((r) => r.id === id)) throw conflict(`Run ${id} is not queued`);
        const others = order.filter((r) => r.id !== id);
        const at = beforeId === null ? others.length : others.findIndex((r) => r.id === beforeId);
        if (at < 0) throw conflict(`Run ${beforeId} is not queued`);
        const neighbour = others[at] ?? others[at - 1];
        others.splice(at, 0, { id, priority: neighbour?.priority ?? 0 });
        // Renumber every queued run: positions stay small integers whatever the history of moves.
        others.forEach((r, i) => setPosition.run(r.priority, i + 1, r.id));
      })();
    },

    markRunning(id: number, host: string): void {
      startRow.run(now(), host, id);
    },

    /** Ends a run; terminal statuses get finished_at, paused/queued/interrupted do not. */
    markEnded(id: number, end: RunEnd): void {
      endRow.run({
        id,
        status: end.status,
        error: end.error ?? null,
        exitCode: end.exitCode ?? null,
        exitSignal: end.exitSignal ?? null,
        finishedAt: isTerminal(end.status) ? (end.finishedAt ?? now()) : null,
      });
    },

    setStatus(id: number, status: RunStatus): void {
      setStatusRow.run(status, id);
    },

    /** The run's summary of its epochs; null when it has none. */
    setFinal(id: number, final: RunFinal | null): void {
      setFinalRow.run(final ? writeJson(final) : null, id);
    },

    idsWithStatus(status: RunStatus): number[] {
      return (selectByStatus.all(status) as { id: number }[]).map((r) => r.id);
    },

    update(id: number, patch: RunPatch): void {
      const values: Record<string, unknown> = {
        name: patch.name,
        tags: patch.tags && JSON.stringify(patch.tags),
        notes: patch.notes,
        starred: patch.starred === undefined ? undefined : patch.starred ? 1 : 0,
      };
      const set = Object.entries(values).filter(([, v]) => v !== undefined);
      if (set.length === 0) return;
      db.prepare(`UPDATE runs SET ${set.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`).run(
        ...set.map(([, v]) => v),
        id,
      );
    },

    remove(ids: number[]): void {
      const at = now();
      db.transaction(() => ids.forEach((id) => softDelete.run(at, id)))();
    },

    restore(ids: number[]): void {
      db.transaction(() => ids.forEach((id) => undelete.run(id)))();
    },

    /** Deletes runs in the trash for good, with everything stored for them, in one transaction;
     * an experiment left without any run goes too. Every run is checked before anything is
     * deleted: one that does not exist, is not in the trash, trains, or still has a job on the
     * Redis queue is refused by name and nothing changes. A queued run in the trash is purged:
     * the local queue never starts a deleted run (queuedIds), and the Redis queue withdraws its
     * job when it goes to the trash (its dispatch is closed once Redis has done it). */
    purge(ids: number[]): void {
      db.transaction(() => {
        const runs = ids.map((id) =>
          requirePurgeable(id, selectState.get(id) as RunState | undefined),
        );
        for (const run of runs) deleteRow.run(run.id);
        for (const run of runs)
          if (run.experimentId !== null) deleteEmptyExperiment.run(run.experimentId);
      }).immediate();
    },
  };
}

interface RunState {
  id: number;
  status: RunStatus;
  deletedAt: string | null;
  experimentId: number | null;
  /** 1 while a job of the run is out on the Redis queue (remote_runs.open), for a queued run in
   * the trash: until the owner has withdrawn it. */
  dispatched: number;
}

/** The run's state when it may be purged, else the sentence saying why not. */
function requirePurgeable(id: number, run: RunState | undefined): RunState {
  if (!run) throw notFound(`Run ${id} does not exist`);
  if (run.deletedAt === null)
    throw conflict(`Run ${id} is not in the trash; move it there first, then purge it`);
  requireStatus(run, isPurgeable, 'deleted for good');
  // Withdrawing the job is pending (Redis not reached yet): purged now, a worker could still
  // train it.
  if (run.status === 'queued' && run.dispatched)
    throw conflict(
      `Run ${id} still has a job on the Redis queue, where a worker may take it: the owner withdraws it as soon as it reaches Redis; purge it after that`,
    );
  return run;
}

export type RunsRepo = ReturnType<typeof createRunsRepo>;
