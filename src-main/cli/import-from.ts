/**
 * `backprop import --from mlflow|tensorboard PATH --dry-run`: reads an MLflow file store or a
 * TensorBoard log folder with the importers (src-main/import) and prints what would be imported,
 * or with --json the normalized runs (wire-encoded, so NaN and ±Infinity survive). Writing them
 * into the store comes with the logging API; until then, without --dry-run, the command refuses
 * before reading anything.
 */
import cliProgress from 'cli-progress';
import { encodeWire } from '../../src-shared/base/wire';
import { printable } from '../../src-shared/base/printable';
import type { ImportedRun } from '../../src-shared/import/imported-run';
import type { ReadOptions } from '../import/import-progress';
import { readMlflowStore } from '../import/mlflow';
import { readTensorboardLogdir } from '../import/tensorboard';

export const importSources = {
  mlflow: { read: readMlflowStore, label: 'MLflow file store' },
  tensorboard: { read: readTensorboardLogdir, label: 'TensorBoard log folder' },
} as const;

export type ImportSource = keyof typeof importSources;

/** The --from value, or an error naming what it accepts. */
export function importSourceOf(from: string): ImportSource {
  if (!Object.hasOwn(importSources, from))
    throw new Error(`--from ${from}: expected "mlflow" or "tensorboard"`);
  return from as ImportSource;
}

export async function importFromCommand(
  from: ImportSource,
  path: string,
  options: { dryRun?: boolean; json?: boolean },
): Promise<void> {
  if (!options.dryRun)
    throw new Error(
      `Importing ${from === 'mlflow' ? 'MLflow' : 'TensorBoard'} runs into the store comes with the logging API, which this version does not have yet; add --dry-run to see what would be imported from ${path}`,
    );
  const runs = await withProgress((read) => importSources[from].read(path, read));
  if (options.json) writeJson(runs);
  else process.stdout.write(summary(runs, importSources[from].label, path));
}

/** {"runs": [...]} written run by run: one string of a large import could pass V8's limit. */
function writeJson(runs: ImportedRun[]): void {
  process.stdout.write('{"runs":[');
  runs.forEach((run, i) => process.stdout.write(`${i > 0 ? ',' : ''}${encodeWire(run)}`));
  process.stdout.write(']}\n');
}

/** A progress bar on stderr when it is a terminal (reading a large store takes a while). */
async function withProgress<T>(work: (options: ReadOptions) => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return work({});
  const bar = new cliProgress.SingleBar(
    {
      format: 'reading {bar} {value}/{total} files',
      stream: process.stderr,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    return await work({
      onProgress: (p) => {
        if (!started) bar.start(p.filesTotal, 0);
        started = true;
        bar.update(p.filesDone);
      },
    });
  } finally {
    if (started) bar.stop();
  }
}

/** Runs, then per metric its points and step range; user text through printable. */
export function summary(runs: ImportedRun[], label: string, path: string): string {
  const points = runs.reduce((n, r) => n + r.metrics.length, 0);
  const lines = [
    `Dry run: nothing imported. ${plural(runs.length, 'run')}, ${plural(points, 'value')} in the ${label} ${path}:`,
  ];
  for (const run of runs) {
    const title = run.experiment === null ? run.name : `${run.experiment} / ${run.name}`;
    const facts = [
      run.status,
      plural(Object.keys(run.params).length, 'param'),
      plural(Object.keys(run.tags).length, 'tag'),
    ];
    lines.push(`  ${title}  (${facts.filter(Boolean).join(', ')})`);
    for (const [key, steps] of stepsByMetric(run))
      lines.push(`    ${key}: ${plural(steps.count, 'point')}, steps ${steps.min}–${steps.max}`);
  }
  return `${lines.map((line) => printable(line)).join('\n')}\n`;
}

function stepsByMetric(run: ImportedRun): Map<string, { count: number; min: number; max: number }> {
  const metrics = new Map<string, { count: number; min: number; max: number }>();
  for (const p of run.metrics) {
    const m = metrics.get(p.key) ?? { count: 0, min: p.step, max: p.step };
    m.count++;
    m.min = Math.min(m.min, p.step);
    m.max = Math.max(m.max, p.step);
    metrics.set(p.key, m);
  }
  return metrics;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
