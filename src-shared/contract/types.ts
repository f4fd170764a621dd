/** Plain-JSON payloads shared by every service of the contract. */
import type { RunConfig } from '../experiment/config';
import type { EpochRecord, WeightsJson } from '../base/records';
import type { Finding } from '../base/findings';
import type { RunStatus } from '../base/run-status';

export type { RunStatus } from '../base/run-status';
export { runStatuses } from '../base/run-status';
// Runs, app info and bundles are defined in the layer that first needs them (the doctor and the
// report sit below the contract); the contract re-exports them so its users import one module.
export type {
  RunFinal,
  RunSummary,
  RunProgress,
  RunDetail,
  LoggedRunInfo,
  LoggedMetric,
  LoggedFileKind,
  LoggedFileArray,
  LoggedFileInfo,
  LoggedFileContent,
} from '../experiment/run';
export type { AppInfo } from '../base/app-info';
export type { RunBundle, RunBundleEntry, BundledFile } from '../report/bundle-types';

export interface ExperimentSummary {
  id: number;
  name: string;
  createdAt: string;
  kind: 'single' | 'sweep' | 'fix-test';
  runIds: number[];
}

export interface RunQuery {
  status?: RunStatus[];
  experimentId?: number;
  search?: string;
  starred?: boolean;
  limit?: number;
  /** true: only the runs in the trash (soft-deleted, each with its `deletedAt`), most recently
   * deleted first; absent or false: only live runs. */
  deleted?: boolean;
}

export interface RunPatch {
  name?: string;
  tags?: string[];
  notes?: string;
  starred?: boolean;
}

/** A run's curve, columnar for charts. */
export interface RunCurve {
  runId: number;
  epoch: number[];
  trainCost: number[];
  validationCost: (number | null)[];
  validationAccuracy: (number | null)[];
  testCost: (number | null)[];
  testAccuracy: (number | null)[];
}

export interface QueueState {
  concurrency: number;
  paused: boolean;
  cores: number;
  /** Queued run ids in the order they will start (runs.list sorts by id, not by queue order).
   * Optional until every host fills it; the UI then keeps the order it last saw. */
  queuedIds?: number[];
  /** Where runs train: on this machine, or on BullMQ workers through Redis (URL shown without
   * its password). Absent means local. */
  backend?: { kind: 'local' } | { kind: 'redis'; url: string; connected: boolean };
}

export interface DatasetInfo {
  id: string;
  name: string;
  available: boolean;
  reason: string | null;
  inputSize: number;
  classes: number;
  /** Units of the network's output layer for this set when not `classes` (the logic gates: 1). */
  outputSize?: number;
  /** Default split sizes (MNIST: 50,000 train, 10,000 validation from the training file, 10,000 test). */
  trainCount: number;
  validationCount?: number;
  testCount: number;
  imageShape: [number, number] | null;
}

export interface Settings {
  concurrency: number;
  theme: 'system' | 'light' | 'dark';
  resumeInterrupted: boolean;
  /** Queue runs on Redis for `backprop worker` processes (redis:// or rediss://, may hold a
   * password); null trains on this machine. Takes effect at the next start. */
  redisUrl: string | null;
  /** A trainer that sends nothing for this many seconds is hung: it is killed and its run fails. */
  hangTimeoutSeconds: number;
  /** The app's shortcuts made of character keys alone ("g r", "/", "?"); off for people whose
   * speech input or tremor would set them off by accident (WCAG 2.1.4). */
  singleKeyShortcuts: boolean;
}

/** csv: metrics, one row per run and epoch; runs-csv: the runs table, one row per run; npz: one
 * run's final weights as NumPy arrays. */
export type ExportFormat = 'html' | 'pdf' | 'md' | 'csv' | 'runs-csv' | 'json' | 'bundle' | 'npz';

export interface ExportRequest {
  runIds: number[];
  format: ExportFormat;
  title?: string;
}

/** A finished export: the file's name and its bytes (base64) for the client to save. */
export interface ExportResult {
  fileName: string;
  mimeType: string;
  base64: string;
}

/** A finished run's confusion matrix on its whole test split, from its final weights (the same
 * computation as the reports'), and its first misclassified test images. */
export interface RunConfusion {
  /** counts[actual][predicted]. */
  counts: number[][];
  /** Labelled test examples counted (the test split's size). */
  examples: number;
  /** Of them, predicted right (the diagonal). */
  correct: number;
  classNames: string[];
  /** The first misclassified test examples in split order; pixels are bytes 0–255 (images only). */
  misclassified: { index: number; actual: number; predicted: number; pixels: number[] }[];
}

/** One volume [C, H, W] of a conv net: `values` at ((c·H) + y)·W + x. */
export interface MapVolume {
  channels: number;
  height: number;
  width: number;
  values: number[];
}

/** The outputs of a conv run's conv and pool layers for one test image, computed in the core by
 * the reference engine's forward pass from the run's final weights. */
export interface RunFeatureMaps {
  /** The test example shown, of `count`. */
  index: number;
  count: number;
  /** Its label and the class the run predicts for it (null when not a classification). */
  label: number | null;
  predicted: number | null;
  /** The image, scaled to 0–1. */
  input: MapVolume;
  /** Each conv2d / maxpool layer's output, in order. */
  layers: (MapVolume & { type: 'conv2d' | 'maxpool' })[];
}

export interface FixTestResult {
  experimentId: number;
  /** Runs with the original value of the field (the tested run's seed and the next two). */
  originalRunIds: number[];
  /** Runs with the fixed value, same seeds. */
  fixRunIds: number[];
  /** The run whose finding was tested, the finding's rule, the config field and the fix's label. */
  sourceRunId: number;
  rule: string;
  field: string;
  label: string;
}

export type { RunConfig, EpochRecord, WeightsJson, Finding };

/** Statuses a logged run can be given: it runs in the user's process, so it is never queued,
 * paused by us or interrupted. */
export const loggedRunStatuses = [
  'running',
  'completed',
  'failed',
  'cancelled',
  'diverged',
] as const;
export type LoggedRunStatus = (typeof loggedRunStatuses)[number];

/** tracking.createRun: a run logged from outside. Idempotent by `run`. */
export interface TrackingCreateRun {
  /** The client's id of the run (a UUID it chose). */
  run: string;
  name?: string;
  experiment?: string;
  /** Any nested JSON object (hyperparameters). */
  config?: Record<string, unknown>;
  tags?: string[];
  notes?: string;
  /** Unix seconds of the client's start, so a replayed spool keeps the real time. */
  time?: number;
}

/** Values of named metrics at one step (and epoch). */
export interface TrackingPoint {
  step: number;
  epoch?: number | null;
  /** Unix seconds when the client logged it. */
  time: number;
  values: Record<string, number>;
}

export interface TrackingLog {
  run: string;
  points: TrackingPoint[];
}

export interface TrackingFinish {
  run: string;
  status?: Exclude<LoggedRunStatus, 'running'>;
  error?: string;
  /** Unix seconds of the run's end (an import's or a replayed spool's real time); default now. */
  time?: number;
}

/** What tracking.createRun answers: the run's number in the store and its key. */
export interface TrackedRun {
  id: number;
  run: string;
  /** False when the key already named a run (a retried call, a second import). */
  created: boolean;
}

/** tracking.logFile: a file of a logged run. Idempotent by (run, name) with the same bytes; other
 * bytes under a name the run already has are refused (log them under a new name). */
export interface TrackingLogFile {
  run: string;
  /** A plain file name ending in .npy, .npz or .json. */
  name: string;
  /** The file's bytes in base64. */
  contentBase64: string;
  /** Unix seconds when the client logged it. */
  time?: number;
}
