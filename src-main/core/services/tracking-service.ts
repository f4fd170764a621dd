/**
 * The logging API over the store: runs trained in the user's own loop (clients/python,
 * clients/js). Each call names the run by the client's key and is idempotent — creating an
 * existing key returns it, a value at a (run, key, step) is stored once, finishing twice ends the
 * run once more with the same status — so a client can retry a call, or replay its spool file
 * (../tracking/spool.ts), until an owner has acknowledged it, and nothing is stored twice.
 */
import type { TrackingService } from '../../../src-shared/contract/services';
import type {
  LoggedRunStatus,
  TrackedRun,
  TrackingCreateRun,
  TrackingFinish,
  TrackingLog,
  TrackingLogFile,
} from '../../../src-shared/contract/types';
import { runConfigSchema, type RunConfig } from '../../../src-shared/experiment/config';
import { ValidationError } from '../../../src-shared/base/validation';
import { isTerminal } from '../../../src-shared/base/run-status';
import { diagnoseLogged } from '../../../src-shared/diagnostics/logged';
import type { Store } from '../store/store';
import { checkLoggedFile } from '../tracking/logged-file';

/** What is stored in a logged run's `config` column, which holds a RunConfig for every run: a
 * placeholder network, never trained (the logged config is `logged.params`). */
function placeholderConfig(name: string): RunConfig {
  return runConfigSchema.parse({ name, layers: [1, 1], learningRate: 1, batchSize: 1, epochs: 1 });
}

/** Engine version of a logged run: no engine of ours trained it. */
export const LOGGED_ENGINE = 'logged';

const isoOf = (unixSeconds: number | undefined) =>
  new Date(unixSeconds === undefined ? Date.now() : unixSeconds * 1000).toISOString();

/** The logging calls, synchronous: the service answers with them, and the spool import
 * (../tracking/spool-import.ts) replays client spool files through them while holding the lease. */
export function createTrackingWriter(store: Store) {
  const runId = (key: string): number => {
    const id = store.loggedRuns.idByKey(key);
    if (id === undefined)
      throw new ValidationError(`No logged run has the key "${key}"`, [
        { path: 'run', message: 'unknown run key: create the run with tracking.createRun first' },
      ]);
    return id;
  };

  const create = (input: TrackingCreateRun): number => {
    const name = input.name ?? `logged ${input.run.slice(0, 8)}`;
    const experimentId = input.experiment ? experimentOf(store, input.experiment) : null;
    const at = isoOf(input.time);
    const id = store.runs.insert({
      experimentId,
      name,
      config: placeholderConfig(name),
      status: 'running',
      createdAt: at,
      startedAt: at,
      tags: input.tags,
      notes: input.notes,
      engineVersion: LOGGED_ENGINE,
    });
    store.loggedRuns.insert(id, input.run, input.experiment ?? null, input.config ?? {});
    return id;
  };

  return {
    createRun(input: TrackingCreateRun): TrackedRun {
      return store.atomically(() => {
        const existing = store.loggedRuns.idByKey(input.run);
        if (existing !== undefined) return { id: existing, run: input.run, created: false };
        return { id: create(input), run: input.run, created: true };
      });
    },
    log({ run, points }: TrackingLog): { stored: number } {
      return { stored: store.atomically(() => store.loggedRuns.log(runId(run), points)) };
    },
    note({ run, text }: { run: string; text: string }): void {
      store.runs.update(runId(run), { notes: text });
    },
    setStatus({ run, status, error }: { run: string; status: LoggedRunStatus; error?: string }) {
      store.atomically(() => {
        const id = runId(run);
        store.runs.markEnded(id, { status, error: error ?? null });
        if (isTerminal(status)) diagnoseEnded(store, id);
      });
    },
    finish({ run, status, error, time }: TrackingFinish): void {
      store.atomically(() => {
        const id = runId(run);
        store.runs.markEnded(id, {
          status: status ?? 'completed',
          error: error ?? null,
          finishedAt: time === undefined ? undefined : isoOf(time),
        });
        diagnoseEnded(store, id);
      });
    },
    /** Checks the file before anything is stored (a refusal names it), then stores it once. */
    logFile({ run, name, contentBase64, time }: TrackingLogFile) {
      const file = checkLoggedFile(name, Buffer.from(contentBase64, 'base64'));
      const at = time ?? Date.now() / 1000;
      const created = store.atomically(() =>
        store.runFiles.insert(runId(run), { ...file, time: at }),
      );
      return { name, size: file.size, sha256: file.sha256, created };
    },
    /** Runs `work` (several calls) in one transaction: all of it lands, or none. */
    atomically<T>(work: () => T): T {
      return store.atomically(work);
    },
  } satisfies {
    [M in keyof TrackingService]: (...a: Parameters<TrackingService[M]>) => unknown;
  } & {
    atomically: unknown;
  };
}

export type TrackingWriter = ReturnType<typeof createTrackingWriter>;

export function createTrackingService(writer: TrackingWriter): TrackingService {
  return {
    createRun: async (input) => writer.createRun(input),
    log: async (input) => writer.log(input),
    note: async (input) => writer.note(input),
    setStatus: async (input) => writer.setStatus(input),
    finish: async (input) => writer.finish(input),
    logFile: async (input) => writer.logFile(input),
  };
}

/** The doctor's findings on an ended logged run, from its logged curves (diagnostics/logged). A
 * doctor that throws must not lose the client's call: the run then keeps the findings it had. */
function diagnoseEnded(store: Store, id: number): void {
  const params = store.runs.get(id)?.logged?.params ?? {};
  try {
    store.findings.replace(id, diagnoseLogged({ metrics: store.loggedRuns.metrics(id), params }));
  } catch (error) {
    console.error(`The doctor failed on logged run ${id}:`, error);
  }
}

/** The experiment of that name (the newest, when several share it), created when missing. */
function experimentOf(store: Store, name: string): number {
  return store.experiments.idByName(name) ?? store.experiments.insert(name, 'single');
}
