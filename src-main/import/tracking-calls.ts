/**
 * An ImportedRun as the logging API's calls (tracking.createRun, log in batches, finish), so
 * `backprop import --from` writes it through the store's owner like any logged run. The run key
 * is derived from the run's identity in its source, so importing it again finds the same run
 * (createRun answers created: false, and log stores one value per metric and step).
 * Every call is checked against the contract's schemas before the first is sent
 * (`checkTrackingCalls`): an import that the owner would refuse halfway is refused whole, naming
 * the file.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  trackingCreateRunSchema,
  trackingFinishSchema,
  trackingLogSchema,
} from '../../src-shared/contract/tracking-schemas';
import type {
  LoggedRunStatus,
  TrackingCreateRun,
  TrackingFinish,
  TrackingLog,
  TrackingPoint,
} from '../../src-shared/contract/types';
import { describeIssues } from '../../src-shared/base/validation';
import {
  ImportError,
  type ImportedRun,
  type ImportedRunStatus,
} from '../../src-shared/import/imported-run';

/** Values per log call: far below the schema's 100,000 points and the owner's 128 MiB body,
 * and small enough that progress moves. */
export const VALUES_PER_LOG_CALL = 20_000;

/** The schema's limits on a run's text (tracking-schemas.ts). */
const MAX_NAME = 200;
const MAX_TAG = 50;
const MAX_TAGS = 50;
const MAX_NOTES = 20_000;

/** MLflow's description of a run (the UI's "Description") is this tag. */
const MLFLOW_NOTE_TAG = 'mlflow.note.content';

/** What the source's status means here; undefined (TensorBoard records none): completed, the
 * log folder being what the run left behind. Running and scheduled runs stay running. */
const FINAL_STATUS: Record<ImportedRunStatus, Exclude<LoggedRunStatus, 'running'> | null> = {
  running: null,
  scheduled: null,
  finished: 'completed',
  failed: 'failed',
  killed: 'cancelled',
};

export interface TrackingCalls {
  key: string;
  create: TrackingCreateRun;
  /** How many values `batches` sends. */
  values: number;
  /** The log calls, built as they are sent (a large run is not held twice). */
  batches: () => Generator<TrackingLog>;
  /** The end to record, or the status to keep (running) when the source says it still runs. */
  end: { finish: TrackingFinish } | { running: true };
}

/** "mlflow-<hash>" / "tensorboard-<hash>": the schema allows 8–64 of [A-Za-z0-9_-]. */
export function importedRunKey(run: Pick<ImportedRun, 'source' | 'sourceId'>): string {
  const hash = createHash('sha256').update(`${run.source}:${run.sourceId}`).digest('hex');
  return `${run.source}-${hash.slice(0, 40)}`;
}

export function trackingCallsOf(run: ImportedRun): TrackingCalls {
  const key = importedRunKey(run);
  const span = timeSpan(run.metrics);
  const create: TrackingCreateRun = {
    run: key,
    name: shortened(run.name, MAX_NAME),
    config: { ...run.params },
    tags: tagsOf(run),
    notes: notesOf(run),
  };
  if (run.experiment !== null) create.experiment = shortened(run.experiment, MAX_NAME);
  // The source's start, else its first value's time.
  const start = run.startTime !== undefined ? run.startTime / 1000 : span?.first;
  if (start !== undefined) create.time = start;
  return {
    key,
    create,
    values: run.metrics.length,
    batches: () => batchesOf(key, run.metrics),
    end: endOf(run, key, span?.last),
  };
}

/** The first and last wall time of the run's values (Unix seconds), in one pass. */
function timeSpan(metrics: ImportedRun['metrics']): { first: number; last: number } | undefined {
  if (metrics.length === 0) return undefined;
  let first = Infinity;
  let last = -Infinity;
  for (const p of metrics) {
    first = Math.min(first, p.wallTime);
    last = Math.max(last, p.wallTime);
  }
  return { first, last };
}

function endOf(run: ImportedRun, key: string, lastValue?: number): TrackingCalls['end'] {
  const status = run.status === undefined ? 'completed' : FINAL_STATUS[run.status];
  if (status === null) return { running: true };
  const finish: TrackingFinish = { run: key, status };
  // The source's end, else its last value's time (TensorBoard keeps no end).
  const time = run.endTime !== undefined ? run.endTime / 1000 : lastValue;
  if (time !== undefined) finish.time = time;
  return { finish };
}

/** Values at one step and wall time share a point; a key seen twice there starts another. */
function* batchesOf(key: string, metrics: ImportedRun['metrics']): Generator<TrackingLog> {
  let points: Map<string, number>[] = [];
  let heads: { step: number; time: number }[] = [];
  let open = new Map<string, number>();
  let values = 0;
  const flush = (): TrackingLog => {
    const batch = {
      run: key,
      points: points.map((v, i) => ({ ...heads[i], values: Object.fromEntries(v) })),
    };
    points = [];
    heads = [];
    open = new Map();
    values = 0;
    return batch;
  };
  for (const p of metrics) {
    const at = `${p.step}/${p.wallTime}`;
    let index = open.get(at);
    if (index === undefined || points[index].has(p.key)) {
      index = points.push(new Map()) - 1;
      heads.push({ step: p.step, time: p.wallTime });
      open.set(at, index);
    }
    points[index].set(p.key, p.value);
    if (++values >= VALUES_PER_LOG_CALL) yield flush();
  }
  if (values > 0) yield flush();
}

/** The user's tags as "key=value" where that fits a tag; MLflow's own (mlflow.*) are notes. */
function tagsOf(run: ImportedRun): string[] {
  const tags: string[] = [run.source];
  for (const [name, value] of Object.entries(run.tags)) {
    const tag = tagText(name, value);
    if (!isSystemTag(run, name) && tag.length <= MAX_TAG && tags.length < MAX_TAGS) tags.push(tag);
  }
  return tags;
}

const tagText = (name: string, value: string) => (value === '' ? name : `${name}=${value}`);
const isSystemTag = (run: ImportedRun, name: string) =>
  run.source === 'mlflow' && name.startsWith('mlflow.');

/** Where the run came from, MLflow's description, and every tag the tags could not hold. */
function notesOf(run: ImportedRun): string {
  const kept = new Set(tagsOf(run));
  const description = run.tags[MLFLOW_NOTE_TAG];
  const rest = Object.entries(run.tags).filter(
    ([name, value]) => name !== MLFLOW_NOTE_TAG && !kept.has(tagText(name, value)),
  );
  const from = run.source === 'mlflow' ? `MLflow run ${run.sourceId}` : 'TensorBoard';
  const lines = [`Imported from ${from} (${run.origin}).`];
  if (description) lines.push('', description);
  if (rest.length) lines.push('', 'Tags:', ...rest.map(([n, v]) => `${n}: ${v}`));
  return shortened(lines.join('\n'), MAX_NOTES);
}

function shortened(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Where a refusal points: the metric's file for MLflow, the run's folder for TensorBoard. */
function placeOf(run: ImportedRun, metric?: string): string {
  return run.source === 'mlflow' && metric !== undefined
    ? join(run.origin, 'metrics', metric)
    : run.origin;
}

/**
 * Checks every call against the logging API's schemas before any is sent, so a run the owner
 * would refuse (a negative step, an over-long metric name) is refused here, naming the file.
 */
export function checkTrackingCalls(run: ImportedRun, calls: TrackingCalls): void {
  const create = trackingCreateRunSchema.safeParse(calls.create);
  if (!create.success)
    throw new ImportError(run.origin, `cannot be logged: ${describeIssues(create.error)}`);
  if ('finish' in calls.end) {
    const finish = trackingFinishSchema.safeParse(calls.end.finish);
    if (!finish.success)
      throw new ImportError(run.origin, `cannot be logged: ${describeIssues(finish.error)}`);
  }
  for (const batch of calls.batches()) {
    const log = trackingLogSchema.safeParse(batch);
    if (!log.success) throw badPoint(run, batch, log.error);
  }
}

function badPoint(
  run: ImportedRun,
  batch: TrackingLog,
  error: Parameters<typeof describeIssues>[0],
): ImportError {
  const issue = error.issues[0];
  const point: TrackingPoint | undefined = batch.points[Number(issue.path[1])];
  if (point === undefined) return new ImportError(run.origin, describeIssues(error));
  const metric = issue.path[3] === undefined ? Object.keys(point.values)[0] : String(issue.path[3]);
  // A bad metric name comes as the record's own message; the name's rule is the one inside.
  const message = issue.code === 'invalid_key' ? issue.issues[0].message : issue.message;
  return new ImportError(
    placeOf(run, metric),
    `${JSON.stringify(metric)} at step ${point.step} cannot be logged: ${message}`,
  );
}
