/**
 * Recreating bundled runs (from another machine) as new rows. Runs that shared an experiment in
 * the bundle share one new experiment here. A run that was not finished when it was exported has
 * no checkpoint in the bundle, so it arrives as 'interrupted' (resuming it retrains from the
 * start, which gives the same results because runs are deterministic).
 */
import type { RunBundleEntry } from '../../../src-shared/contract/types';
import type { RunsRepo } from './runs-repo';
import type { EpochsRepo } from './epochs-repo';
import type { ExperimentsRepo } from './experiments-repo';
import type { FindingsRepo } from './findings-repo';
import type { WeightsRepo } from './weights-repo';
import { isTerminal } from '../../../src-shared/base/run-status';

interface ImportRepos {
  runs: RunsRepo;
  epochs: EpochsRepo;
  experiments: ExperimentsRepo;
  findings: FindingsRepo;
  weights: WeightsRepo;
}

/** Writes the entries; the caller wraps this in one transaction. Returns the new run ids. */
export function importRuns(repos: ImportRepos, entries: RunBundleEntry[]): number[] {
  const experimentIds = new Map<string, number>();
  const groupSize = (name: string) => entries.filter((e) => e.run.experimentName === name).length;
  return entries.map(({ run, epochs, findings, weights }) => {
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
      experimentId,
      status: isTerminal(run.status) ? run.status : 'interrupted',
    });
    for (const record of epochs) repos.epochs.insert(id, record);
    repos.findings.replace(id, findings);
    if (weights) repos.weights.save(id, weights);
    return id;
  });
}
