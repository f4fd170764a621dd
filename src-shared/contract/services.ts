/**
 * The service contract: one interface per service. The Electron preload, the HTTP server and the
 * renderer client are all generated from `contractMethods` below, and `contractSchemas` (schemas.ts)
 * validates every argument at the boundary. Adding a method = one line here, one schema, one
 * implementation in src-main/core.
 */
import type {
  AppInfo,
  DatasetInfo,
  EpochRecord,
  ExperimentSummary,
  ExportRequest,
  ExportResult,
  FixTestResult,
  QueueState,
  RunConfusion,
  RunFeatureMaps,
  RunCurve,
  RunDetail,
  RunPatch,
  RunProgress,
  RunQuery,
  RunSummary,
  Settings,
  TrackedRun,
  TrackingCreateRun,
  TrackingFinish,
  TrackingLog,
  TrackingLogFile,
  LoggedFileInfo,
  LoggedFileContent,
  LoggedRunStatus,
  WeightsJson,
} from './types';
import type { RunConfigInput } from '../experiment/config';
import type { SweepSpecInput } from '../experiment/sweep';

export interface Disposable {
  dispose(): void;
}
export type Event<T> = (listener: (e: T) => void) => Disposable;

export interface RunsService {
  list(query: RunQuery): Promise<RunSummary[]>;
  get(id: number): Promise<RunDetail>;
  curves(ids: number[]): Promise<RunCurve[]>;
  weights(id: number): Promise<WeightsJson | null>;
  update(id: number, patch: RunPatch): Promise<RunSummary>;
  /** Soft delete: the runs disappear from lists and can be restored (undo). */
  remove(ids: number[]): Promise<void>;
  restore(ids: number[]): Promise<void>;
  /** Deletes runs in the trash for good: the run and everything stored for it (epochs, metrics,
   * weights, checkpoints, findings, logged and imported parts), all in one transaction. Refuses,
   * changing nothing, when a run does not exist, is not in the trash, or is queued or training. */
  purge(ids: number[]): Promise<void>;
  experiments(): Promise<ExperimentSummary[]>;
  /** Points an imported run's dataset (the sender's CSV file or idx folder) at an absolute path
   * on this machine, after checking that it loads and fits the run's layers; returns the run. */
  relinkDataset(id: number, path: string): Promise<RunDetail>;
  /** The files logged with a run (tracking.logFile), by name, without their bytes. */
  files(id: number): Promise<LoggedFileInfo[]>;
  /** One logged file with its bytes in base64. */
  file(id: number, name: string): Promise<LoggedFileContent>;
}

export interface QueueService {
  /** Validates and queues one run; returns it. */
  enqueue(config: RunConfigInput): Promise<RunSummary>;
  /** Validates, expands and queues a sweep under one experiment; returns its runs. */
  enqueueSweep(spec: SweepSpecInput): Promise<RunSummary[]>;
  /** How many runs a sweep would create, without queueing. */
  previewSweep(spec: SweepSpecInput): Promise<{ count: number }>;
  cancel(id: number): Promise<void>;
  pauseRun(id: number): Promise<void>;
  resumeRun(id: number): Promise<void>;
  /** Moves a queued run before another queued run (or to the end with null). */
  move(id: number, beforeId: number | null): Promise<void>;
  state(): Promise<QueueState>;
  setPaused(paused: boolean): Promise<QueueState>;
  onDidChangeRun: Event<RunSummary>;
  onDidProgress: Event<{ runId: number; progress: RunProgress }>;
  onDidAppendEpoch: Event<{ runId: number; record: EpochRecord }>;
}

export interface DatasetsService {
  list(): Promise<DatasetInfo[]>;
  /** Up to `count` test images (bytes 0–255, row-major) with labels, for galleries. */
  samples(id: string, indices: number[]): Promise<{ pixels: number[][]; labels: number[] }>;
}

export interface DoctorService {
  /** Queues counterfactual runs that change only the finding's field, 3 seeds each side. */
  testFix(runId: number, rule: string): Promise<FixTestResult>;
  /** The fix tests already started from this run's findings, oldest first (runs still stored). */
  fixTests(runId: number): Promise<FixTestResult[]>;
}

export interface ReportsService {
  export(request: ExportRequest): Promise<ExportResult>;
  importBundle(base64: string): Promise<{ runIds: number[] }>;
  /** A finished run's confusion matrix on its whole test split; null when it has no final
   * weights or no labelled test split (its dataset's files missing, or not a classifier). */
  confusion(runId: number): Promise<RunConfusion | null>;
  /** A finished conv run's feature maps of test example `testIndex` (0-based, refused outside
   * the test split); null when it has no conv layers or no stored conv weights, or its dataset's
   * files are missing. */
  featureMaps(runId: number, testIndex: number): Promise<RunFeatureMaps | null>;
}

export interface SettingsService {
  get(): Promise<Settings>;
  update(patch: Partial<Settings>): Promise<Settings>;
  info(): Promise<AppInfo>;
}

/**
 * The logging API (version 1): runs trained anywhere, logged from the user's own training loop
 * (clients/python, clients/js). Every method names the run by the client's key and is idempotent,
 * so a client may retry a call, or replay it from its spool file, until an owner acknowledges it.
 */
export interface TrackingService {
  /** Creates the run (status running), or returns it when the key exists. */
  createRun(input: TrackingCreateRun): Promise<TrackedRun>;
  /** Stores named values at steps, all in one transaction; one value per (run, key, step): a
   * retried call stores once. Returns how many values it stored. */
  log(input: TrackingLog): Promise<{ stored: number }>;
  /** Replaces the run's notes. */
  note(input: { run: string; text: string }): Promise<void>;
  setStatus(input: { run: string; status: LoggedRunStatus; error?: string }): Promise<void>;
  /** Ends the run: completed unless another final status is given. */
  finish(input: TrackingFinish): Promise<void>;
  /** Stores a file of the run (.npy, .npz or JSON), checked first; the same bytes under the same
   * name again store nothing, other bytes under a name the run has are refused. */
  logFile(
    input: TrackingLogFile,
  ): Promise<{ name: string; size: number; sha256: string; created: boolean }>;
}

export interface Services {
  runs: RunsService;
  queue: QueueService;
  datasets: DatasetsService;
  doctor: DoctorService;
  reports: ReportsService;
  settings: SettingsService;
  tracking: TrackingService;
}

type MethodNames<T> = { [K in keyof T]: K extends `onDid${string}` ? never : K }[keyof T];
type EventNames<T> = { [K in keyof T]: K extends `onDid${string}` ? K : never }[keyof T];

/** Every callable method, by service. The transports are generated from this list. */
export const contractMethods = {
  runs: [
    'list',
    'get',
    'curves',
    'weights',
    'update',
    'remove',
    'restore',
    'purge',
    'experiments',
    'relinkDataset',
    'files',
    'file',
  ],
  queue: [
    'enqueue',
    'enqueueSweep',
    'previewSweep',
    'cancel',
    'pauseRun',
    'resumeRun',
    'move',
    'state',
    'setPaused',
  ],
  datasets: ['list', 'samples'],
  doctor: ['testFix', 'fixTests'],
  reports: ['export', 'importBundle', 'confusion', 'featureMaps'],
  settings: ['get', 'update', 'info'],
  tracking: ['createRun', 'log', 'note', 'setStatus', 'finish', 'logFile'],
} as const satisfies { [S in keyof Services]: readonly MethodNames<Services[S]>[] };

/** Every event, by service. */
export const contractEvents = {
  queue: ['onDidChangeRun', 'onDidProgress', 'onDidAppendEpoch'],
} as const satisfies { [S in keyof Services]?: readonly EventNames<Services[S]>[] };

export type ServiceName = keyof Services;
/** "runs.list", "queue.enqueue", ... */
export type MethodId = {
  [S in ServiceName]: `${S}.${(typeof contractMethods)[S][number]}`;
}[ServiceName];
export type EventId = {
  [S in keyof typeof contractEvents]: `${S}.${(typeof contractEvents)[S][number]}`;
}[keyof typeof contractEvents];

export const methodIds: MethodId[] = (Object.keys(contractMethods) as ServiceName[]).flatMap((s) =>
  contractMethods[s].map((m) => `${s}.${m}` as MethodId),
);
export const eventIds: EventId[] = (
  Object.keys(contractEvents) as (keyof typeof contractEvents)[]
).flatMap((s) => contractEvents[s].map((e) => `${s}.${e}` as EventId));
