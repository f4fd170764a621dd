/**
 * The one shape every importer produces (MLflow file stores, TensorBoard event files), and the one
 * error they throw. `backprop import --from` writes these runs through the logging API
 * (src-main/import/tracking-calls.ts), or with --dry-run prints them.
 */

/** A run's status where the source records one (MLflow); TensorBoard records none. */
export type ImportedRunStatus = 'running' | 'scheduled' | 'finished' | 'failed' | 'killed';

/** One logged value of one metric. NaN and ±Infinity are kept as logged. */
export interface ImportedPoint {
  key: string;
  step: number;
  /** Unix seconds (fractional) when the value was logged, as the logging API stores it. */
  wallTime: number;
  value: number;
}

export interface ImportedRun {
  source: 'mlflow' | 'tensorboard';
  name: string;
  /** The MLflow experiment's name; null for TensorBoard, which has no experiments. */
  experiment: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  status?: ImportedRunStatus;
  /** Milliseconds since the Unix epoch. */
  startTime?: number;
  endTime?: number;
  /** In the order the source holds them (file by file, line by line, record by record). */
  metrics: ImportedPoint[];
  /** The folder (MLflow run, TensorBoard run folder) the run came from. */
  origin: string;
  /** What identifies the run in its source, so importing it again finds it: MLflow's
   * "<experiment id>/<run id>", TensorBoard's run folder as a real absolute path (it has no ids). */
  sourceId: string;
}

/** A malformed or unreadable source: names the file, and the line or byte offset when known. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly where?: string,
  ) {
    super(`${file}${where ? ` (${where})` : ''}: ${detail}`);
  }
}
