/**
 * `backprop resume <ids...> [--db PATH] [--parallel N] [--json] [--quiet]`: continues stopped runs (paused,
 * interrupted, failed or cancelled) in the foreground from their newest checkpoint, through the
 * same store and trainer processes as the app, with progress on stderr. Every id is checked before
 * any run changes. With --json, stdout is one JSON array of { runId, status, epochs, final }.
 * The exit code says how the runs ended (foreground/exit-codes.ts).
 */
import type { Command } from 'commander';
import { encodeWire } from '../../../src-shared/base/wire';
import { isResumable, requireStatus } from '../../../src-shared/base/run-status';
import type { RunDetail } from '../../../src-shared/contract/types';
import { openCliSession, trainInForeground } from '../foreground/foreground';
import { resultLines } from '../foreground/format';
import { exitCodeOfRuns, exitCodesHelp } from '../foreground/exit-codes';
import { collectRunIds, parsePositiveInt } from '../options';
import { ForeignDatasetError } from '../../core/services/foreign-dataset';

interface ResumeOptions {
  db?: string;
  parallel?: number;
  json?: boolean;
  quiet?: boolean;
}

export function register(program: Command): void {
  program
    .command('resume')
    .description('continue paused, interrupted, failed or cancelled runs in the foreground')
    .argument('<ids...>', 'run ids (see `backprop runs`)', collectRunIds, [] as number[])
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option('--parallel <n>', 'runs at a time (default 1)', parsePositiveInt)
    .option('--json', 'print the runs as one JSON array on stdout')
    .option('--quiet', 'print only errors and the outcome lines (with --json: only the JSON)')
    .addHelpText('after', exitCodesHelp)
    .action(resume);
}

async function resume(ids: number[], options: ResumeOptions): Promise<void> {
  const session = await openCliSession({
    db: options.db,
    command: 'backprop resume',
    parallel: options.parallel ?? 1,
    use: 'existing',
  });
  try {
    // Every id is checked before any run changes.
    const runs = await Promise.all(ids.map((id) => session.services.runs.get(id)));
    for (const run of runs) requireResumableRun(run);
    for (const id of ids) await session.services.queue.resumeRun(id);
    const ends = await trainInForeground(session, ids, { quiet: options.quiet });
    if (options.json) {
      const runs = await Promise.all(ids.map((id) => session.services.runs.get(id)));
      const out = runs.map(({ epochs, final }, i) => ({
        runId: ids[i],
        status: ends[i].status,
        epochs,
        final,
      }));
      process.stdout.write(`${encodeWire(out)}\n`);
    } else {
      for (const [i, end] of ends.entries()) {
        const { findings } = await session.services.runs.get(ids[i]);
        const lines = resultLines(end, findings, { quiet: options.quiet });
        process.stdout.write(`${lines.join('\n')}\n`);
      }
    }
    process.exitCode = exitCodeOfRuns(ends);
  } finally {
    await session.close();
  }
}

/** The status check the owner makes too, done for every id before any run changes. */
function requireResumableRun(run: RunDetail): void {
  requireStatus(run, isResumable, 'resumed');
  if (run.foreignDatasetPath) throw new ForeignDatasetError(run.id, run.foreignDatasetPath);
}
