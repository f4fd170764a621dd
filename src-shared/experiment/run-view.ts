/**
 * What a run shows wherever it is listed, compared or reported: where it came from, the config a
 * reader sees and how far it got. The one place that knows a logged run (trained in someone's own
 * loop, recorded through the logging API) from one trained here: a logged run's stored `config`
 * is only a placeholder network, so every view asks these functions instead of reading it.
 */
import type { RunConfig } from './config';
import { networkText } from './network-text';
import type { RunSummary } from './run';

/** Trained by this app's engine, or logged from a training loop elsewhere. */
export type RunSource = 'trained' | 'logged';

type RunLike = Pick<RunSummary, 'config' | 'logged' | 'final'>;

export function runSource(run: Pick<RunSummary, 'logged'>): RunSource {
  return run.logged ? 'logged' : 'trained';
}

/** The RunConfig the engine trained, or null for a logged run (no engine of ours trained it). */
export function trainedConfig(run: RunLike): RunConfig | null {
  return run.logged ? null : run.config;
}

/** The config to show and diff: a trained run's RunConfig, or the params a logged run logged
 * (any nested object; flattenConfig turns both into dotted paths). */
export function shownConfig(run: RunLike): Readonly<Record<string, unknown>> {
  return run.logged ? run.logged.params : (run.config as unknown as Record<string, unknown>);
}

/** How far a run got: epochs done of those planned (a logged run plans nothing we know of), and
 * for a logged run the last step it logged. */
export interface RunExtent {
  epochs: number;
  plannedEpochs: number | null;
  steps: number | null;
}

export function runExtent(run: RunLike): RunExtent {
  if (run.logged)
    return { epochs: run.logged.lastEpoch ?? 0, plannedEpochs: null, steps: run.logged.lastStep };
  return { epochs: run.final?.epochs ?? 0, plannedEpochs: run.config.epochs, steps: null };
}

/** "12/30" epochs for a trained run; "3 epochs, step 1200", "step 1200" or "nothing logged" for
 * a logged run. */
export function extentText(run: RunLike): string {
  const e = runExtent(run);
  if (e.plannedEpochs !== null) return `${e.epochs}/${e.plannedEpochs}`;
  if (e.steps === null) return 'nothing logged';
  return run.logged?.lastEpoch != null ? `${e.epochs} epochs, step ${e.steps}` : `step ${e.steps}`;
}

/** The network in one line: "784-30-10 · sigmoid · quadratic · η 3 · batch 10", or for a logged
 * run "logged · 4 params" (its params are shown in full in its config table). */
export function configLine(run: RunLike): string {
  const c = trainedConfig(run);
  if (!c) {
    const n = Object.keys(run.logged?.params ?? {}).length;
    return `logged · ${n} param${n === 1 ? '' : 's'}`;
  }
  const acts = Array.isArray(c.activations) ? c.activations.join('/') : c.activations;
  return `${networkText(c)} · ${acts} · ${c.cost} · η ${c.learningRate} · batch ${c.batchSize}`;
}

/** A run for a file another program reads (JSON report): with its source, and a logged run
 * without the placeholder `config` (its params are in `logged`). */
export function exportedRun<T extends RunLike>(run: T): Omit<T, 'config'> & { source: RunSource } {
  if (!run.logged) return { source: 'trained', ...run };
  const { config: _placeholder, ...rest } = run;
  return { source: 'logged', ...rest };
}
