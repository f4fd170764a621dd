/**
 * `backprop sweep --spec sweep.json [--parallel N] [--db PATH] [--json] [--quiet] [--redis URL]`: expands a
 * sweep (grid × random samples × seeds), queues its runs under one experiment and trains them in
 * the foreground, N at a time (or on `backprop worker` processes through Redis with --redis), with
 * a progress line per run. A bad field rejects the sweep before anything is queued. The runs train
 * in the store's owner: this command when none is running, else the app or `serve` (followed here).
 * The exit code says how the runs ended (foreground/exit-codes.ts).
 */
import type { Command } from 'commander';
import { encodeWire } from '../../../src-shared/base/wire';
import { expandSweep, type SweepSpecInput } from '../../../src-shared/experiment/sweep';
import { checkSweepAgainstDatasets } from '../../core/services/run-admission';
import { loadDataset } from '../../datasets';
import { parsePositiveInt, parseRedisUrl } from '../options';
import { inFile, readJsonFile } from '../foreground/read-json';
import { queueOnOwner, trainInForeground } from '../foreground/foreground';
import { outcomeLine } from '../foreground/format';
import { exitCodeOfRuns, exitCodesHelp } from '../foreground/exit-codes';

interface SweepOptions {
  spec: string;
  parallel?: number;
  db?: string;
  json?: boolean;
  quiet?: boolean;
  redis?: string;
}

export function register(program: Command): void {
  program
    .command('sweep')
    .description('queue a sweep (grid, random search, seeds) and train it in the foreground')
    .requiredOption('--spec <file>', 'sweep spec (JSON): { name, base, grid, random, seeds }')
    .option('--parallel <n>', 'runs at a time (default: the concurrency setting)', parsePositiveInt)
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option('--json', 'print the runs as a JSON array on stdout')
    .option('--quiet', 'print only errors and the outcome lines (with --json: only the JSON)')
    .option(
      '--redis <url>',
      'train on `backprop worker` processes through this Redis (redis:// or rediss://)',
      parseRedisUrl,
    )
    .addHelpText('after', exitCodesHelp)
    .action(sweep);
}

async function sweep(options: SweepOptions): Promise<void> {
  const input = readJsonFile(options.spec, 'sweep spec');
  // Checked at this process's boundary (the file) before the store is touched; the owner checks
  // again at its own (its API), as it does for the app and the browser.
  try {
    checkSweepAgainstDatasets(expandSweep(input).configs, loadDataset);
  } catch (error) {
    throw inFile(options.spec, error);
  }
  const { session, value: runs } = await queueOnOwner(
    { db: options.db, command: 'backprop sweep', parallel: options.parallel, redis: options.redis },
    (services) => services.queue.enqueueSweep(input as SweepSpecInput),
    options.spec,
  );
  try {
    if (!options.quiet)
      process.stderr.write(`Queued ${runs.length} runs (experiment ${runs[0]?.experimentId}).\n`);
    const ends = await trainInForeground(
      session,
      runs.map((r) => r.id),
      { quiet: options.quiet },
    );
    if (options.json) process.stdout.write(`${encodeWire(ends)}\n`);
    else process.stdout.write(`${ends.map(outcomeLine).join('\n')}\n`);
    process.exitCode = exitCodeOfRuns(ends);
  } finally {
    await session.close();
  }
}
