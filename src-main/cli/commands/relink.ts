/**
 * `backprop relink RUN PATH [--db PATH]`: points an imported run's dataset (the CSV file or idx
 * folder its bundle named on the sender's machine) at one on this machine. The owner checks that
 * it loads and fits the run's layers before anything changes (runs.relinkDataset); until then
 * resume, "Test this fix" and report confusion matrices refuse the sender's path.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { checkedDbPath } from '../foreground/db-path';
import { openCliSession } from '../foreground/foreground';
import { parsePositiveInt } from '../options';
import { printable } from '../../../src-shared/base/printable';

export function register(program: Command): void {
  program
    .command('relink')
    .description("point an imported run's dataset at a CSV file or idx folder on this machine")
    .argument('<run>', 'run id', (v: string) => parsePositiveInt(v))
    .argument('<path>', 'the CSV file or idx folder (relative to this folder)')
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .action(relink);
}

async function relink(runId: number, path: string, options: { db?: string }): Promise<void> {
  checkedDbPath(options.db, 'existing');
  const session = await openCliSession({ db: options.db, command: 'backprop relink' });
  try {
    const target = resolve(path);
    await session.services.runs.relinkDataset(runId, target);
    process.stdout.write(`Run ${runId} now reads its dataset from ${printable(target)}\n`);
  } finally {
    await session.close();
  }
}
