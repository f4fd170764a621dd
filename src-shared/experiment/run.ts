/** A run as the store, the services, the doctor and the reports see it. */
import type { RunConfig } from './config';
import type { EpochRecord } from '../base/records';
import type { Finding } from '../base/findings';
import type { RunStatus } from '../base/run-status';

/** Final/best metrics kept on the run row for fast listing. */
export interface RunFinal {
  epochs: number;
  trainCost: number | null;
  validationAccuracy: number | null;
  testAccuracy: number | null;
  testCost: number | null;
  bestValidationAccuracy: number | null;
  bestEpoch: number | null;
}

export interface RunSummary {
  id: number;
  name: string;
  status: RunStatus;
  experimentId: number | null;
  config: RunConfig;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  priority: number;
  seed: number;
  tags: string[];
  /** Tags the training doctor gave the run: the rule ids of its warnings and errors
   * ("saturated-layer", "divergence", ...). Set by the doctor, not by the user. */
  doctorTags?: string[];
  notes: string;
  starred: boolean;
  error: string | null;
  attempts: number;
  host: string | null;
  engineVersion: string;
  final: RunFinal | null;
  /** Epoch currently training and its progress, while running. */
  progress: RunProgress | null;
  /** Present when the run was logged from someone's own training loop through the logging API
   * (`tracking.*`, the Python and JavaScript clients): it was not trained here, and `config`
   * holds only a placeholder network; what the user logged as config is `logged.params`. Views
   * never read `config` directly: run-view.ts gives the config, source and extent to show. */
  logged?: LoggedRunInfo;
  /** When the run was moved to the trash (ISO); present only on runs listed from the trash
   * (`runs.list({ deleted: true })`). */
  deletedAt?: string;
}

/** What a logged run carries besides the common run fields. */
export interface LoggedRunInfo {
  /** The client's id of the run (a UUID): every logging call names the run by it, so a call can
   * be retried, or replayed from a client's spool file, before the run's number is known. */
  key: string;
  experiment: string | null;
  /** The config as logged: any nested JSON object. */
  params: Record<string, unknown>;
  /** The highest step and epoch among its metrics (null: none logged / no epoch given). */
  lastStep: number | null;
  lastEpoch: number | null;
  /** Each metric key's value at its highest step (NaN and ±Infinity kept), for the Runs table's
   * metric columns; absent where a run was built without reading its metrics. */
  lastValues?: Record<string, number>;
}

/** One logged metric value: `key` at `step` (and the epoch it belongs to, when given). NaN and
 * ±Infinity are kept. `time` is the client's wall time of the log call, in Unix seconds. */
export interface LoggedMetric {
  key: string;
  step: number;
  epoch: number | null;
  value: number;
  time: number;
}

export interface RunProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  cost: number;
  examplesPerSecond: number;
  etaSeconds: number | null;
}

export interface RunDetail extends RunSummary {
  epochs: EpochRecord[];
  findings: Finding[];
  /** Present when the run came in a bundle and its config still names the sender's dataset
   * file or folder: nothing reads that path until the user points the run at one here. */
  foreignDatasetPath?: string;
  /** A run's metrics by key then step: a logged run's as logged; a trained run's sampled
   * mini-batch cost (key "batch_cost", absent for runs trained before it was recorded). */
  metrics?: LoggedMetric[];
  /** Files logged with the run (tracking.logFile), without their bytes (runs.file has those). */
  files?: LoggedFileInfo[];
}

/** The kinds of file the logging API takes (tracking.logFile), by extension. */
export type LoggedFileKind = 'npy' | 'npz' | 'json';

/** One array inside a logged .npy or .npz, as its header says. */
export interface LoggedFileArray {
  /** The .npy's file name without ".npy", or the .npz member's. */
  name: string;
  /** NumPy's descr, e.g. '<f8'. */
  dtype: string;
  shape: number[];
  fortranOrder: boolean;
}

/** A run's file as listed (runs.files): no content. */
export interface LoggedFileInfo {
  name: string;
  kind: LoggedFileKind;
  size: number;
  sha256: string;
  /** The arrays of an .npy / .npz; empty for JSON. */
  arrays: LoggedFileArray[];
  /** Unix seconds when it was logged. */
  time: number;
}

/** One file with its bytes (runs.file, bundles). */
export interface LoggedFileContent extends LoggedFileInfo {
  contentBase64: string;
}
