/**
 * `backprop bench [--json] [--check] [--epochs N] [--rounds N] [--workloads ids] [--no-reference]`: times the
 * MNIST workloads of issues 4 and 19 with the reference engine and the fast path at 1 thread, 2 threads
 * as the fast path chooses and 2 threads with 1 or 2 training (forced), each in a fresh child process
 * (`bench --measure SPEC`, internal) that stores its epochs through another (`bench --store-writer`,
 * internal), and prints a table (or, with --json, { machine, workloads: [...], unavailable,
 * threadChoices, gemmPeak, parallel, peers, notes }); a workload the fast path cannot train (a
 * conv net before its kernels) has its fast row in `unavailable` with the reason.
 * --check instead compares the fast path's weights and costs with the reference engine's.
 */
import type { Command } from 'commander';
import { runBench } from '../../bench/bench';
import { checkWorkload } from '../../bench/check';
import { selfCommand } from '../../bench/child';
import { processSink, runStoreWriter } from '../../bench/epoch-store';
import { measuredConfig, measureWorkload, type MeasureSpec } from '../../bench/measure';
import { benchLines, checkLines } from '../../bench/report';
import { runStoreBench, storeLines } from '../../bench/store-bench';
import { workloadIds, type WorkloadId } from '../../bench/workloads';

interface BenchCliOptions {
  json?: boolean;
  check?: boolean;
  epochs: string;
  rounds: string;
  workloads: string;
  reference: boolean;
  store?: string | true;
  measure?: string;
  storeWriter?: boolean;
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('time the training engines on MNIST (reference vs fast, 1 and 2 threads)')
    .option('--json', 'print one JSON object instead of the table')
    .option('--check', 'compare the fast path with the reference engine instead of timing')
    .option('--epochs <n>', 'epochs per measurement (median taken; at least 3)', '3')
    .option(
      '--rounds <n>',
      'rounds of the fast measurements; rows show the median round, ratios the median ratio',
      '3',
    )
    .option(
      '--workloads <ids>',
      `comma-separated subset of ${workloadIds.join(', ')}`,
      workloadIds.join(','),
    )
    .option('--no-reference', 'skip the (slow) reference engine')
    .option(
      '--store [runs]',
      'also time the store on a generated database of this many runs × 1,000 epochs (default 10,000: 10 million rows, about 1 GB and a minute to build)',
    )
    .addOption(hiddenMeasure(program))
    .addOption(
      program.createOption('--store-writer', 'internal: store a measurement’s epochs').hideHelp(),
    )
    .action(bench);
}

function hiddenMeasure(program: Command) {
  return program.createOption('--measure <spec>', 'internal: one measurement as JSON').hideHelp();
}

function parseIds(list: string): WorkloadId[] {
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!(workloadIds as readonly string[]).includes(id))
      throw new Error(`--workloads: unknown workload "${id}"; expected ${workloadIds.join(', ')}`);
  }
  return ids as WorkloadId[];
}

function parseEpochs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 3 || n > 100)
    throw new Error(`--epochs: expected a whole number from 3 to 100, got "${value}"`);
  return n;
}

function parseRounds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new Error(`--rounds: expected a whole number from 1 to 20, got "${value}"`);
  return n;
}

function storeRuns(value: string | true): number {
  if (value === true) return 10_000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 100_000)
    throw new Error(`--store: expected a number of runs from 10 to 100,000, got "${value}"`);
  return n;
}

async function bench(options: BenchCliOptions): Promise<void> {
  if (options.storeWriter) return runStoreWriter();
  if (options.measure) {
    const spec = JSON.parse(options.measure) as MeasureSpec;
    const sink = processSink(selfCommand(), measuredConfig(spec));
    process.stdout.write(`${JSON.stringify(await measureWorkload(spec, sink))}\n`);
    return;
  }
  const ids = parseIds(options.workloads);
  if (options.check) {
    const results = ids.map((id) => checkWorkload(id));
    const out = options.json ? [JSON.stringify({ check: results })] : checkLines(results);
    process.stdout.write(`${out.join('\n')}\n`);
    // A workload the fast path cannot train yet has no comparison: it is listed, not failed.
    if (results.some((r) => 'ok' in r && !r.ok)) process.exitCode = 1;
    return;
  }
  const report = await runBench({
    epochs: parseEpochs(options.epochs),
    rounds: parseRounds(options.rounds),
    ids,
    reference: options.reference,
    self: selfCommand(),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const store = options.store
    ? runStoreBench(report.workloads, {
        runs: storeRuns(options.store),
        onProgress: (line) => process.stderr.write(`${line}\n`),
      })
    : null;
  const out = options.json
    ? [JSON.stringify({ ...report, store })]
    : [...benchLines(report), ...(store ? storeLines(store) : [])];
  process.stdout.write(`${out.join('\n')}\n`);
}
