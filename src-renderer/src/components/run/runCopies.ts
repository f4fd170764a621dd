/**
 * Names and configs of the runs made from another: a clone into the New experiment form and a
 * re-run queued at once. Each new name says where it came from and stays within the 200
 * characters a run name may have (the base name is shortened, never the suffix).
 */
import type { RunConfig } from '../../../../src-shared/experiment/config';
import { runNameProblem } from '../../../../src-shared/contract/schemas';

/** The longest run name the config schema accepts. */
export const NAME_LIMIT = 200;

function withSuffix(base: string, suffix: string): string {
  const room = NAME_LIMIT - suffix.length;
  const cut = base.length > room ? `${base.slice(0, room - 1).trimEnd()}…` : base;
  return `${cut}${suffix}`;
}

/** The run's name as shown ("Run 12" when it has none). */
export const displayName = (run: { id: number; name: string }): string =>
  run.name.trim() || `Run ${run.id}`;

/** "Sigmoid baseline (copy)": the draft's name in the form. */
export const cloneName = (run: { id: number; name: string }): string =>
  withSuffix(displayName(run), ' (copy)');

/** "Sigmoid baseline (re-run of #12)": says which run it repeats. */
export const rerunName = (run: { id: number; name: string }): string =>
  withSuffix(displayName(run), ` (re-run of #${run.id})`);

/** A deep copy of the run's config under a new name (JSON, as it goes on the wire). */
export function configCopy(config: RunConfig, name: string): RunConfig {
  return { ...(JSON.parse(JSON.stringify(config)) as RunConfig), name };
}

/** Why a new name cannot be saved, or null: the boundary's own sentence (runs.update refuses
 * the same names), "Name must not be empty or only spaces". */
export function renameProblem(name: string): string | null {
  const problem = runNameProblem(name);
  return problem && `N${problem.slice(1)}`;
}
