/** The bundle file: runs with everything needed to recreate them on another machine. */
import type { LoggedMetric, RunSummary } from '../experiment/run';
import type { EpochRecord, WeightsJson } from '../base/records';
import type { Finding } from '../base/findings';

/** One run inside a bundle: everything needed to recreate it on another machine. */
export interface RunBundleEntry {
  run: Omit<RunSummary, 'id' | 'experimentId' | 'progress'> & { experimentName: string | null };
  epochs: EpochRecord[];
  findings: Finding[];
  weights: WeightsJson | null;
  /** A logged run's metrics as logged (its `run.logged` holds its key and params), or a trained
   * run's sampled batch cost. */
  metrics?: LoggedMetric[];
  /** Files logged with the run (tracking.logFile), checked again on import like a logged one. */
  files?: BundledFile[];
}

/** A logged file inside a bundle: what is needed to store it again (the rest is recomputed). */
export interface BundledFile {
  name: string;
  contentBase64: string;
  /** Unix seconds when it was logged. */
  time: number;
}

export interface RunBundle {
  format: 'backprop-workbench-bundle';
  version: 1;
  exportedAt: string;
  engineVersion: string;
  runs: RunBundleEntry[];
}
