/**
 * `backprop import --from mlflow|tensorboard PATH [--dry-run] [--json]`: reads an MLflow file
 * store or a TensorBoard log folder with the importers (src-main/import), checks every run as the
 * logging API will, and writes them as logged runs through the store's owner (import-write.ts),
 * printing the new run ids. The whole source is read and checked before anything is written, so a
 * malformed file changes nothing. --dry-run prints what would be imported, or with --json the
 * normalized runs (wire-encoded, so NaN and ±Infinity survive).
 */
import cliProgress from 'cli-progress';
import { encodeWire } from '../../src-shared/base/wire';
import { printable } from '../../src-shared/base/printable';
import type { ImportedRun } from '../../src-shared/import/imported-run';
import type { ReadOptions } from '../import/import-progress';
import { readMlflowStore } from '../import/mlflow';
import { readTensorboardLogdir } from '../import/tensorboard';
import { checkTrackingCalls, trackingCallsOf } from '../import/tracking-calls';
import {
  LARGE_IMPORT_VALUES,
  writeOnOwner,
  writeProgress,
  type PlannedRun,
  type WrittenRun,
} from './import-write';

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
  options: { dryRun?: boolean; json?: boolean; db?: string },
): Promise<void> {
  const { label } = importSources[from];
  const runs = await readSource(from, path);
  if (options.dryRun) {
    if (options.json) writeJson(runs);
    else process.stdout.write(summary(runs, label, path));
    return;
  }
  const plans = runs.map((run): PlannedRun => {
    const calls = trackingCallsOf(run);
    checkTrackingCalls(run, calls);
    return { run, calls };
  });
  const written = await writeOnOwner(options.db, plans, writeProgress(plans));
  const runIds = written.filter((w) => w.created).map((w) => w.id);
  const alreadyImported = written.filter((w) => !w.created).map((w) => w.id);
  if (options.json) process.stdout.write(`${JSON.stringify({ runIds, alreadyImported })}\n`);
  else process.stdout.write(importedSummary(written, label, path));
}

/** What was written: new runs with their ids, then those found from an earlier import. */
export function importedSummary(written: WrittenRun[], label: string, path: string): string {
  const created = written.filter((w) => w.created);
  const found = written.filter((w) => !w.created);
  const values = (list: WrittenRun[]) => list.reduce((n, w) => n + w.planned.calls.values, 0);
  const line = (w: WrittenRun) => {
    const { run } = w.planned;
    const title = run.experiment === null ? run.name : `${run.experiment} / ${run.name}`;
    return `  #${w.id}  ${title}  (${plural(w.planned.calls.values, 'value')})`;
  };
  const lines = [
    `Imported ${plural(created.length, 'run')}, ${plural(values(created), 'value')} from the ${label} ${path}${created.length ? ':' : '.'}`,
    ...created.map(line),
  ];
  if (found.length)
    lines.push(
      `Already imported, so not duplicated (brought up to date): ${plural(found.length, 'run')}:`,
      ...found.map(line),
    );
  return `${lines.map((l) => printable(l)).join('\n')}\n`;
}

/** Every run of the source; a large one says on stderr what it read, as the bar does on a terminal. */
async function readSource(from: ImportSource, path: string): Promise<ImportedRun[]> {
  let files = 0;
  const runs = await withProgress((read) =>
    importSources[from].read(path, {
      onProgress: (p) => {
        files = p.filesTotal;
        read.onProgress?.(p);
      },
    }),
  );
  const values = runs.reduce((n, r) => n + r.metrics.length, 0);
  if (!process.stderr.isTTY && values >= LARGE_IMPORT_VALUES)
    process.stderr.write(
      `Read ${plural(files, 'file')}: ${plural(runs.length, 'run')}, ${plural(values, 'value')}\n`,
    );
  return runs;
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
