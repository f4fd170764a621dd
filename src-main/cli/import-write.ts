/**
 * Writes imported runs (MLflow, TensorBoard) through the logging API of the store's owner — this
 * command, or the app or `serve` when one holds the store — as logged runs: createRun, the values
 * in batches, then finish (or the run stays running, as its source says). Every call is
 * idempotent, so a run imported before is found by its key and brought up to date, never
 * duplicated, and an import cut short is completed by importing again.
 */
import cliProgress from 'cli-progress';
import { printable } from '../../src-shared/base/printable';
import type { TrackingService } from '../../src-shared/contract/services';
import type { ImportedRun } from '../../src-shared/import/imported-run';
import type { TrackingCalls } from '../import/tracking-calls';
import { OwnerGoneError } from '../owner/http-transport';
import { openCliSession } from './foreground/foreground';

export interface PlannedRun {
  run: ImportedRun;
  calls: TrackingCalls;
}

export interface WrittenRun {
  id: number;
  created: boolean;
  planned: PlannedRun;
}

/** Reports values written; `run` is called as each run starts. */
export interface WriteProgress {
  run(index: number, planned: PlannedRun): void;
  wrote(values: number): void;
  stop(): void;
}

/** Opens the store's session and writes every run; an owner that went away meanwhile is
 * replaced (this command may now own the store) and the import runs again, finding what it wrote. */
export async function writeOnOwner(
  db: string | undefined,
  plans: PlannedRun[],
  progress: WriteProgress,
): Promise<WrittenRun[]> {
  try {
    for (let attempt = 1; ; attempt++) {
      const session = await openCliSession({ db, command: 'backprop import --from' });
      try {
        return await writeRuns(session.services.tracking, plans, progress);
      } catch (error) {
        if (!(error instanceof OwnerGoneError) || attempt >= 3) throw error;
      } finally {
        await session.close();
      }
    }
  } finally {
    progress.stop();
  }
}

async function writeRuns(
  tracking: TrackingService,
  plans: PlannedRun[],
  progress: WriteProgress,
): Promise<WrittenRun[]> {
  const written: WrittenRun[] = [];
  for (const [i, planned] of plans.entries()) {
    progress.run(i, planned);
    written.push(await writeRun(tracking, planned, progress));
  }
  return written;
}

async function writeRun(
  tracking: TrackingService,
  planned: PlannedRun,
  progress: WriteProgress,
): Promise<WrittenRun> {
  const { calls, run } = planned;
  const { id, created } = await tracking.createRun(calls.create);
  let sent = 0;
  try {
    for (const batch of calls.batches()) {
      await tracking.log(batch);
      const values = batch.points.reduce((n, p) => n + Object.keys(p.values).length, 0);
      sent += values;
      progress.wrote(values);
    }
    if ('finish' in calls.end) await tracking.finish(calls.end.finish);
    else await tracking.setStatus({ run: calls.key, status: 'running' });
  } catch (error) {
    if (error instanceof OwnerGoneError) throw error;
    throw new Error(
      `Importing ${run.origin} stopped after ${sent.toLocaleString('en-US')} of ${calls.values.toLocaleString('en-US')} values (run #${id}): ${(error as Error).message}. Import again to complete it; nothing is duplicated.`,
      { cause: error },
    );
  }
  return { id, created, planned };
}

/** Imports of at least this many values report progress even when stderr is not a terminal. */
export const LARGE_IMPORT_VALUES = 100_000;

/** A bar of values written on a terminal; otherwise, for a large import, a line per run. */
export function writeProgress(plans: PlannedRun[]): WriteProgress {
  const total = plans.reduce((n, p) => n + p.calls.values, 0);
  if (process.stderr.isTTY) return barProgress(total);
  const quiet = () => undefined;
  if (total < LARGE_IMPORT_VALUES) return { run: quiet, wrote: quiet, stop: quiet };
  return {
    run: (i, { run, calls }) =>
      process.stderr.write(
        `${printable(`Writing run ${i + 1} of ${plans.length} (${calls.values.toLocaleString('en-US')} values): ${run.origin}`)}\n`,
      ),
    wrote: quiet,
    stop: quiet,
  };
}

function barProgress(total: number): WriteProgress {
  const bar = new cliProgress.SingleBar(
    {
      format: 'writing {bar} {value}/{total} values, run {run}',
      stream: process.stderr,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { run: 1 });
  return {
    run: (i) => bar.update({ run: i + 1 }),
    wrote: (values) => bar.increment(values),
    stop: () => bar.stop(),
  };
}
