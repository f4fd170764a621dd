/**
 * `backprop resume <ids...> [--db PATH] [--parallel N] [--json]`: continues stopped runs (paused,
 * interrupted, failed or cancelled) in the foreground from their newest checkpoint, through the
 * same store and trainer processes as the app, with progress on stderr. Every id is checked before
 * any run changes. With --json, stdout is one JSON array of { runId, status, epochs, final }.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { encodeWire } from '../../../src-shared/base/wire';
import { isResumable, requireStatus } from '../../../src-shared/base/run-status';
import type { RunDetail } from '../../../src-shared/contract/types';
import { openCliSession, trainInForeground } from '../foreground/foreground';
import { resultLines } from '../foreground/format';
import { parsePositiveInt } from '../options';
import { ForeignDatasetError } from '../../core/services/foreign-dataset';

interface ResumeOptions {
  db?: string;
  parallel?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('resume')
    .description('continue paused, interrupted, failed or cancelled runs in the foreground')
    .argument('<ids...>', 'run ids (see `backprop runs`)', collectIds, [] as number[])
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option('--parallel <n>', 'runs at a time (default 1)', parsePositiveInt)
    .option('--json', 'print the runs as one JSON array on stdout')
    .action(resume);
}

function collectIds(value: string, ids: number[]): number[] {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1)
    throw new InvalidArgumentError(`expected run ids (whole numbers from 1), got "${value}"`);
  return ids.includes(id) ? ids : [...ids, id];
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
    const ends = await trainInForeground(session, ids);
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
        process.stdout.write(`${resultLines(end, findings).join('\n')}\n`);
      }
    }
    if (ends.some((end) => end.status === 'failed')) process.exitCode = 1;
  } finally {
    await session.close();
  }
}

/** The status check the owner makes too, done for every id before any run changes. */
function requireResumableRun(run: RunDetail): void {
  requireStatus(run, isResumable, 'resumed');
  if (run.foreignDatasetPath) throw new ForeignDatasetError(run.id, run.foreignDatasetPath);
}
