/**
 * Recreating bundled runs (from another machine, or from an earlier version's store) as new rows.
 * Runs that shared an experiment in the bundle share one new experiment here.
 *
 * An imported run is a record: it keeps every epoch it came with, and its summary is recomputed
 * from those epochs (a bundle's own summary is not trusted). A bundle carries no checkpoints, so a
 * run that was not finished when it was exported cannot continue here: it arrives 'cancelled'
 * with a sentence saying so (never 'interrupted', which would invite a resume), and its status at
 * export is kept in imported_runs. A bundle's dataset path is the sender's: it is recorded as
 * foreign and never opened until the user points the run at a file on this machine.
 */
import type { RunBundleEntry } from '../../../src-shared/contract/types';
import type { RunsRepo } from './runs-repo';
import type { EpochsRepo } from './epochs-repo';
import type { ExperimentsRepo } from './experiments-repo';
import type { FindingsRepo } from './findings-repo';
import type { WeightsRepo } from './weights-repo';
import type { LoggedRunsRepo } from './logged-runs-repo';
import { datasetPathOf, type ImportedRunsRepo } from './imported-runs-repo';
import { isTerminal, type RunStatus } from '../../../src-shared/base/run-status';
import { finalOf } from './run-final';
import type { RunFilesRepo } from './run-files-repo';
import { checkLoggedFile } from '../tracking/logged-file';
import { ValidationError } from '../../../src-shared/base/validation';

interface ImportRepos {
  runs: RunsRepo;
  epochs: EpochsRepo;
  experiments: ExperimentsRepo;
  findings: FindingsRepo;
  weights: WeightsRepo;
  importedRuns: ImportedRunsRepo;
  loggedRuns: LoggedRunsRepo;
  runFiles: RunFilesRepo;
}

/** Where the entries come from: a bundle (another machine: its paths are foreign) or a store
 * of an earlier version on this machine (its paths are this machine's). */
export type ImportOrigin = 'bundle' | 'local-store';

/** The status and error an imported run gets: terminal ones stay, the others end 'cancelled'. */
function arrivalOf(
  status: RunStatus,
  error: string | null,
  logged: boolean,
): { status: RunStatus; error: string | null } {
  if (isTerminal(status)) return { status, error };
  return {
    status: 'cancelled',
    error: logged
      ? `Imported while ${status}: it was still being logged elsewhere; this copy holds what was ` +
        'logged until the bundle was made'
      : `Imported while ${status}: its checkpoints stayed where it trained, so it cannot continue ` +
        'here; train a new run with its config instead',
  };
}

/** A logged run's params, and any run's metrics (a logged run's as logged, a trained run's
 * sampled batch cost). A logged copy keeps the client's run key unless this store has it already
 * (the same run imported twice, or bundled from here): then the copy gets its own, so a client
 * logging under the key still reaches the original. */
function importMetrics(repos: ImportRepos, id: number, entry: RunBundleEntry): void {
  const logged = entry.run.logged;
  if (logged) {
    const taken = repos.loggedRuns.idByKey(logged.key) !== undefined;
    const key = taken ? `${logged.key}#copy-${id}` : logged.key;
    repos.loggedRuns.insert(id, key, logged.experiment, logged.params);
  }
  repos.loggedRuns.log(
    id,
    (entry.metrics ?? []).map((m) => ({
      step: m.step,
      epoch: m.epoch,
      time: m.time,
      values: { [m.key]: m.value },
    })),
  );
}

/** A bundle's logged files, checked as a logged one is (the bundle may come from anywhere); a
 * refused one names its place in the bundle, and the caller's transaction stores nothing. */
function importFiles(repos: ImportRepos, id: number, entry: RunBundleEntry, index: number): void {
  (entry.files ?? []).forEach((file, i) => {
    const path = `bundle.runs[${index}].files[${i}]`;
    try {
      const checked = checkLoggedFile(file.name, Buffer.from(file.contentBase64, 'base64'));
      repos.runFiles.insert(id, { ...checked, time: file.time });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw new ValidationError(`Invalid bundle: ${path}: ${error.message}`, [
        { path, message: error.message },
      ]);
    }
  });
}

/** Writes the entries; the caller wraps this in one transaction. Returns the new run ids. */
export function importRuns(
  repos: ImportRepos,
  entries: RunBundleEntry[],
  origin: ImportOrigin,
): number[] {
  const experimentIds = new Map<string, number>();
  const groupSize = (name: string) => entries.filter((e) => e.run.experimentName === name).length;
  return entries.map((entry, index) => {
    const { run, epochs, findings, weights } = entry;
    let experimentId: number | null = null;
    if (run.experimentName !== null) {
      const name = run.experimentName;
      experimentId =
        experimentIds.get(name) ??
        repos.experiments.insert(name, groupSize(name) > 1 ? 'sweep' : 'single');
      experimentIds.set(name, experimentId);
    }
    const id = repos.runs.insert({
      ...run,
      ...arrivalOf(run.status, run.error, run.logged !== undefined),
      experimentId,
      // The summary is what the records say, not what the sender's file claims.
      final: finalOf(epochs),
    });
    for (const record of epochs) repos.epochs.insert(id, record);
    repos.findings.replace(id, findings);
    if (weights) repos.weights.save(id, weights);
    importMetrics(repos, id, entry);
    importFiles(repos, id, entry, index);
    const foreign = origin === 'bundle' && !run.logged ? datasetPathOf(run.config.dataset) : null;
    repos.importedRuns.insert(id, run.status, foreign);
    return id;
  });
}
