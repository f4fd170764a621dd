/**
 * An MLflow file store (mlruns/) → one ImportedRun per active run, read as MLflow's FileStore
 * (mlflow/store/tracking/file_store.py) lays it out:
 *   mlruns/<experiment id>/meta.yaml                     name, lifecycle_stage, …
 *   mlruns/<experiment id>/<run id>/meta.yaml            run_name, status (1–5), start/end_time (ms)
 *   mlruns/<experiment id>/<run id>/params/<key>         the value, the whole file
 *   mlruns/<experiment id>/<run id>/tags/<key>           the value, the whole file
 *   mlruns/<experiment id>/<run id>/metrics/<key>        "timestamp value step" lines
 * Keys may hold "/" (sub-folders). `.trash` (deleted experiments) and `models` (the model
 * registry) are not experiments; tags, datasets, traces and models inside an experiment are not
 * runs. Runs and experiments whose lifecycle_stage is "deleted" are left out, as MLflow's default
 * views leave them out. Anything malformed is refused naming the file (and line).
 */
import { basename, join } from 'node:path';
import {
  ImportError,
  type ImportedRun,
  type ImportedRunStatus,
} from '../../src-shared/import/imported-run';
import {
  MetaYamlError,
  parseMetaYaml,
  parseMetricLine,
  type MetaValue,
} from '../../src-shared/import/mlflow-text';
import { PointBudget, type ReadOptions } from './import-progress';
import {
  MAX_IMPORTED_POINTS,
  filesBelow,
  forEachLine,
  listFolder,
  readSourceText,
  requireFolder,
} from './source-files';

const NOT_EXPERIMENTS = new Set(['.trash', 'models']);
const NOT_RUNS = new Set(['tags', 'datasets', 'traces', 'models']);

/** MLflow's RunStatus enum as meta.yaml stores it. */
const STATUSES: Record<string, ImportedRunStatus> = {
  '1': 'running',
  '2': 'scheduled',
  '3': 'finished',
  '4': 'failed',
  '5': 'killed',
};

/** One run found, before its files are read. */
interface RunPlan {
  experiment: string;
  experimentId: string;
  dir: string;
  files: { params: string[]; tags: string[]; metrics: string[] };
}

export async function readMlflowStore(
  root: string,
  options: ReadOptions = {},
): Promise<ImportedRun[]> {
  await requireFolder(root, 'an MLflow file store (an mlruns folder)');
  const plans = await planStore(root);
  const total = plans.reduce((n, p) => n + 1 + fileCount(p), 0);
  let done = 0;
  const tick = (file: string) =>
    options.onProgress?.({ filesDone: ++done, filesTotal: total, file });
  const budget = new PointBudget(MAX_IMPORTED_POINTS, tooManyPoints);
  const runs: ImportedRun[] = [];
  for (const plan of plans) {
    const run = await readRun(plan, budget, tick);
    if (run) runs.push(run);
  }
  return runs;
}

function fileCount(plan: RunPlan): number {
  return plan.files.params.length + plan.files.tags.length + plan.files.metrics.length;
}

function tooManyPoints(file: string, limit: number): ImportError {
  return new ImportError(
    file,
    `brings the import past ${limit.toLocaleString('en-US')} values, the most one import keeps; import fewer experiments at a time`,
  );
}

/** Every active experiment's runs, with the files each holds. */
async function planStore(root: string): Promise<RunPlan[]> {
  const plans: RunPlan[] = [];
  for (const entry of await listFolder(root)) {
    if (!entry.isDirectory() || NOT_EXPERIMENTS.has(entry.name)) continue;
    const dir = join(root, entry.name);
    const meta = await readMeta(join(dir, 'meta.yaml'));
    if (text(meta, 'lifecycle_stage', join(dir, 'meta.yaml')) === 'deleted') continue;
    const experiment = requiredText(meta, 'name', join(dir, 'meta.yaml'));
    for (const runEntry of await listFolder(dir)) {
      if (!runEntry.isDirectory() || NOT_RUNS.has(runEntry.name)) continue;
      const runDir = join(dir, runEntry.name);
      plans.push({
        experiment,
        experimentId: entry.name,
        dir: runDir,
        files: await runFiles(runDir),
      });
    }
  }
  if (plans.length === 0)
    throw new ImportError(
      root,
      'holds no MLflow runs (expected <experiment id>/<run id>/meta.yaml)',
    );
  return plans;
}

async function runFiles(runDir: string): Promise<RunPlan['files']> {
  const names = new Set(
    (await listFolder(runDir)).filter((e) => e.isDirectory()).map((e) => e.name),
  );
  const below = async (folder: string) =>
    names.has(folder) ? filesBelow(join(runDir, folder)) : [];
  return {
    params: await below('params'),
    tags: await below('tags'),
    metrics: await below('metrics'),
  };
}

async function readRun(
  plan: RunPlan,
  budget: PointBudget,
  tick: (file: string) => void,
): Promise<ImportedRun | null> {
  const metaPath = join(plan.dir, 'meta.yaml');
  const meta = await readMeta(metaPath);
  tick(metaPath);
  if (text(meta, 'lifecycle_stage', metaPath) === 'deleted') return null;
  const recorded = text(meta, 'experiment_id', metaPath);
  if (recorded !== null && recorded !== plan.experimentId)
    throw new ImportError(
      metaPath,
      `experiment_id is "${recorded}" but the run is in experiment folder "${plan.experimentId}"`,
    );
  const params = await readValues(join(plan.dir, 'params'), plan.files.params, tick);
  const tags = await readValues(join(plan.dir, 'tags'), plan.files.tags, tick);
  const run: ImportedRun = {
    source: 'mlflow',
    name: runName(meta, tags, plan.dir, metaPath),
    experiment: plan.experiment,
    params,
    tags,
    status: status(meta, metaPath),
    metrics: [],
    origin: plan.dir,
    sourceId: `${plan.experimentId}/${basename(plan.dir)}`,
  };
  setTime(run, 'startTime', integer(meta, 'start_time', metaPath));
  setTime(run, 'endTime', integer(meta, 'end_time', metaPath));
  for (const key of plan.files.metrics) {
    const file = join(plan.dir, 'metrics', key);
    await readMetric(file, key, run.metrics, budget);
    tick(file);
  }
  return run;
}

/** run_name, else the mlflow.runName tag (older MLflow), else the run's folder name (its id). */
function runName(
  meta: Map<string, MetaValue>,
  tags: Record<string, string>,
  dir: string,
  metaPath: string,
): string {
  const named = text(meta, 'run_name', metaPath);
  if (named) return named;
  if (tags['mlflow.runName']) return tags['mlflow.runName'];
  return text(meta, 'run_id', metaPath) ?? basename(dir);
}

function setTime(run: ImportedRun, field: 'startTime' | 'endTime', ms: number | null): void {
  if (ms !== null) run[field] = ms;
}

async function readValues(
  folder: string,
  keys: string[],
  tick: (file: string) => void,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const key of keys) {
    const file = join(folder, key);
    values[key] = await readSourceText(file, 'value');
    tick(file);
  }
  return values;
}

async function readMetric(
  file: string,
  key: string,
  into: ImportedRun['metrics'],
  budget: PointBudget,
): Promise<void> {
  let lines = 0;
  await forEachLine(file, 'metric', (line, lineNumber) => {
    lines = lineNumber;
    let parsed;
    try {
      parsed = parseMetricLine(line);
    } catch (error) {
      throw new ImportError(
        file,
        `the metric line ${(error as Error).message}`,
        `line ${lineNumber}`,
      );
    }
    budget.spend(file);
    into.push({ key, step: parsed.step, wallTime: parsed.timestampMs / 1000, value: parsed.value });
  });
  if (lines === 0) throw new ImportError(file, 'is empty: MLflow writes one line per logged value');
}

async function readMeta(path: string): Promise<Map<string, MetaValue>> {
  const source = await readSourceText(path, 'meta');
  try {
    return parseMetaYaml(source);
  } catch (error) {
    if (error instanceof MetaYamlError)
      throw new ImportError(
        path,
        `not the flat YAML MLflow writes: ${error.message}`,
        `line ${error.line}`,
      );
    throw error;
  }
}

/** A text field, or null when absent or null. Plain YAML integers count as text (ids). */
function text(meta: Map<string, MetaValue>, key: string, path: string): string | null {
  const value = meta.get(key);
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) throw new ImportError(path, `"${key}" is a list, expected text`);
  return (value as { text: string }).text;
}

function requiredText(meta: Map<string, MetaValue>, key: string, path: string): string {
  const value = text(meta, key, path);
  if (value === null) throw new ImportError(path, `has no "${key}"`);
  return value;
}

/** An integer field (times in ms), or null when absent or null. */
function integer(meta: Map<string, MetaValue>, key: string, path: string): number | null {
  const value = text(meta, key, path);
  if (value === null) return null;
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new ImportError(path, `"${key}" is ${JSON.stringify(value)}, expected an integer (ms)`);
  return n;
}

function status(meta: Map<string, MetaValue>, path: string): ImportedRunStatus {
  const value = text(meta, 'status', path);
  if (value === null) return 'running'; // MLflow's own default for a meta.yaml without one
  if (!Object.hasOwn(STATUSES, value))
    throw new ImportError(
      path,
      `"status" is ${JSON.stringify(value)}, expected 1 to 5 (MLflow's RunStatus)`,
    );
  return STATUSES[value];
}
