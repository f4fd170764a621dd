/**
 * The trash from the command line: `runs rm ID...` moves runs there (a training run is cancelled
 * first), `runs restore ID...` brings them back, `runs trash` lists it, `runs purge ID...|--all`
 * deletes runs in it for good (asked on a terminal; `--yes` elsewhere). Every id is checked
 * before any run changes.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { encodeWire } from '../../../../src-shared/base/wire';
import { isActive, requireStatus } from '../../../../src-shared/base/run-status';
import { runSource } from '../../../../src-shared/experiment/run-view';
import { resolveDbPath } from '../../../core/paths';
import { readStore } from '../../../owner/read-store';
import { checkedDbPath } from '../../foreground/db-path';
import { table } from '../../foreground/format';
import { collectRunIds } from '../../options';
import {
  DB_HELP,
  idsArgument,
  liveRuns,
  runLabel,
  trashById,
  trashedRuns,
  withRunServices,
} from './run-session';

interface DbOption {
  db?: string;
}

export function registerTrash(runs: Command): void {
  idsArgument(runs.command('rm').description('move runs to the trash (restore undoes it)'))
    .option('--db <path>', DB_HELP)
    .action(remove);
  idsArgument(runs.command('restore').description('bring runs back from the trash'))
    .option('--db <path>', DB_HELP)
    .action(restore);
  runs
    .command('trash')
    .description('list the runs in the trash, most recently deleted first')
    .option('--json', 'print a JSON array on stdout')
    .option('--db <path>', DB_HELP)
    .action(listTrash);
  runs
    .command('purge')
    .description('delete runs in the trash for good, with everything stored for them')
    .argument('[ids...]', 'run ids in the trash (see `backprop runs trash`)', collectRunIds, [])
    .option('--all', 'every run in the trash')
    .option('--yes', 'do not ask (needed when not on a terminal)')
    .option('--db <path>', DB_HELP)
    .action(purge);
}

async function remove(ids: number[], options: DbOption): Promise<void> {
  const runs = await withRunServices(options.db, 'rm', async (services) => {
    const runs = await liveRuns(services, ids, (id) => `Run ${id} is already in the trash`);
    await services.runs.remove(ids);
    return runs;
  });
  for (const run of runs) process.stdout.write(`Moved ${runLabel(run)} to the trash.\n`);
  process.stdout.write(`Undo with \`backprop runs restore ${ids.join(' ')}\`.\n`);
}

async function restore(ids: number[], options: DbOption): Promise<void> {
  const runs = await withRunServices(options.db, 'restore', async (services) => {
    const runs = await trashedRuns(services, ids);
    await services.runs.restore(ids);
    return runs;
  });
  for (const run of runs) process.stdout.write(`Restored ${runLabel(run)}.\n`);
}

function listTrash(options: DbOption & { json?: boolean }): void {
  const dbPath = resolveDbPath(options.db);
  const runs = existsSync(dbPath)
    ? readStore(checkedDbPath(options.db, 'existing'), (store) =>
        store.runs.list({ deleted: true }),
      )
    : [];
  if (options.json) {
    const rows = runs.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      source: runSource(r),
      deletedAt: r.deletedAt,
      createdAt: r.createdAt,
    }));
    return void process.stdout.write(`${encodeWire(rows)}\n`);
  }
  if (runs.length === 0) return void process.stdout.write('The trash is empty.\n');
  const when = (iso: string | undefined) => (iso ?? '').slice(0, 19).replace('T', ' ');
  const body = runs.map((r) => [String(r.id), r.status, when(r.deletedAt), r.name]);
  process.stdout.write(`${table([['id', 'status', 'deleted', 'name'], ...body])}\n`);
  process.stdout.write(
    'Restore with `backprop runs restore ID...`; delete for good with `backprop runs purge ID...`.\n',
  );
}

interface PurgeOptions extends DbOption {
  all?: boolean;
  yes?: boolean;
}

async function purge(ids: number[], options: PurgeOptions, command: Command): Promise<void> {
  const wanted = purgeIds(ids, options, command);
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  if (!options.yes && !interactive)
    command.error('error: runs purge deletes for good: add --yes (it can ask only on a terminal)');
  const purged = await withRunServices(options.db, 'purge', async (services) => {
    const runs =
      wanted === 'all'
        ? [...(await trashById(services)).values()]
        : await trashedRuns(services, wanted);
    if (runs.length === 0) return [];
    // The owner refuses these too; checked here so that nothing is asked in vain.
    for (const run of runs) requireStatus(run, (status) => !isActive(status), 'deleted for good');
    if (!options.yes && !(await confirm(purgeQuestion(runs)))) return null;
    await services.runs.purge(runs.map((r) => r.id));
    return runs;
  });
  if (purged === null) return void process.stdout.write('Nothing deleted.\n');
  if (purged.length === 0) return void process.stdout.write('The trash is empty.\n');
  process.stdout.write(
    `Deleted for good: ${purged.map((r) => r.id).join(', ')} (${purged.length} run${purged.length === 1 ? '' : 's'}).\n`,
  );
}

/** The ids to purge, or every run of the trash; both or neither is a usage error. */
function purgeIds(ids: number[], options: PurgeOptions, command: Command): number[] | 'all' {
  if (options.all && ids.length > 0) command.error('error: give run ids or --all, not both');
  if (options.all) return 'all';
  if (ids.length === 0) command.error('error: say which runs: run ids or --all');
  return ids;
}

function purgeQuestion(runs: { id: number; name: string }[]): string {
  const shown = runs.slice(0, 10).map((r) => `  ${runLabel(r)}\n`);
  const more = runs.length > 10 ? `  … and ${runs.length - 10} more\n` : '';
  return `Delete for good, with their epochs, metrics, weights and checkpoints:\n${shown.join('')}${more}This cannot be undone. Delete ${runs.length} run${runs.length === 1 ? '' : 's'}? [y/N] `;
}

/** Asks on the terminal; only "y" or "yes" agrees. Ctrl+C or end of input is a no. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const cancel = new AbortController();
  rl.on('SIGINT', () => cancel.abort());
  rl.on('close', () => cancel.abort());
  try {
    const answer = await rl.question(question, { signal: cancel.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    process.stderr.write('\n');
    return false;
  } finally {
    rl.close();
  }
}
