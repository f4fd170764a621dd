/** Plain-JSON payloads shared by every service of the contract. */
import type { RunConfig } from '../experiment/config';
import type { EpochRecord, WeightsJson } from '../engine/records';
import type { Finding } from '../diagnostics/findings';
import type { RunStatus } from '../base/run-status';

export type { RunStatus } from '../base/run-status';
export { runStatuses } from '../base/run-status';

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
}

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
  /** Default split sizes (MNIST: 50,000 train, 10,000 validation from the training file, 10,000 test). */
  trainCount: number;
  validationCount?: number;
  testCount: number;
  imageShape: [number, number] | null;
}

export interface AppInfo {
  version: string;
  engineVersion: string;
  host: 'electron' | 'serve' | 'cli';
  machine: { platform: string; arch: string; cpus: number; cpuModel: string; memoryGb: number };
  dbPath: string;
  /** Stored settings that no longer parse, each named; their defaults are in use until changed. */
  settingsProblems?: string[];
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
}

export type ExportFormat = 'html' | 'pdf' | 'md' | 'csv' | 'json' | 'bundle';

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

/** One run inside a bundle: everything needed to recreate it on another machine. */
export interface RunBundleEntry {
  run: Omit<RunSummary, 'id' | 'experimentId' | 'progress'> & { experimentName: string | null };
  epochs: EpochRecord[];
  findings: Finding[];
  weights: WeightsJson | null;
}

export interface RunBundle {
  format: 'backprop-workbench-bundle';
  version: 1;
  exportedAt: string;
  engineVersion: string;
  runs: RunBundleEntry[];
}
