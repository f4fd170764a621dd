/**
 * Writes an MLflow file store as MLflow's FileStore writes it (meta.yaml by PyYAML's safe_dump,
 * one file per param and tag, "timestamp value step" metric lines), for tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface MlflowRunSpec {
  id: string;
  /** The meta.yaml as written; `runMeta` makes the usual one. */
  meta: string;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  /** Metric key → the lines of its file. */
  metrics?: Record<string, string[]>;
}

export interface MlflowExperimentSpec {
  id: string;
  meta: string;
  runs: MlflowRunSpec[];
}

export function experimentMeta(id: string, name: string): string {
  return [
    `artifact_location: file:///tmp/mlruns/${id}`,
    'creation_time: 1700000000000',
    `experiment_id: '${id}'`,
    'last_update_time: 1700000000000',
    'lifecycle_stage: active',
    `name: ${name}`,
    '',
  ].join('\n');
}

export function runMeta(
  experimentId: string,
  id: string,
  fields: { runName?: string; status?: number; start?: number; end?: number | null } = {},
): string {
  return [
    `artifact_uri: file:///tmp/mlruns/${experimentId}/${id}/artifacts`,
    `end_time: ${fields.end === undefined ? 'null' : fields.end}`,
    "entry_point_name: ''",
    `experiment_id: '${experimentId}'`,
    'lifecycle_stage: active',
    `run_id: ${id}`,
    `run_name: ${fields.runName ?? 'null'}`,
    `run_uuid: ${id}`,
    "source_name: ''",
    'source_type: 4',
    "source_version: ''",
    `start_time: ${fields.start ?? 1700000000000}`,
    `status: ${fields.status ?? 3}`,
    'tags: []',
    'user_id: tester',
    '',
  ].join('\n');
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export function writeMlflowStore(root: string, experiments: MlflowExperimentSpec[]): void {
  mkdirSync(join(root, '.trash'), { recursive: true });
  for (const experiment of experiments) {
    const dir = join(root, experiment.id);
    write(join(dir, 'meta.yaml'), experiment.meta);
    for (const run of experiment.runs) {
      const runDir = join(dir, run.id);
      write(join(runDir, 'meta.yaml'), run.meta);
      mkdirSync(join(runDir, 'artifacts'), { recursive: true });
      for (const [k, v] of Object.entries(run.params ?? {})) write(join(runDir, 'params', k), v);
      for (const [k, v] of Object.entries(run.tags ?? {})) write(join(runDir, 'tags', k), v);
      for (const [k, lines] of Object.entries(run.metrics ?? {}))
        write(join(runDir, 'metrics', k), lines.map((l) => `${l}\n`).join(''));
    }
  }
}
