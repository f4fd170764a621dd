/**
 * `backprop runs [--json] [--status S[,S...]] [--db PATH]`: the stored runs, newest first.
 * JSON: an array of { id, name, status, experimentId, config, createdAt, finishedAt, final }.
 * Its verbs (`runs show|rm|restore|trash|purge|tag|rename`) live in ./runs/.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { runStatuses, type RunStatus } from '../../../src-shared/contract/types';
import { spoolDirOf } from '../../../src-shared/contract/tracking-spool';
import { encodeWire } from '../../../src-shared/base/wire';
import { resolveDbPath } from '../../core/paths';
import { checkedDbPath } from '../foreground/db-path';
import { readStore } from '../../owner/read-store';
import { epochsDone, percent, table } from '../foreground/format';
import { runSource } from '../../../src-shared/experiment/run-view';
import { nearestName } from '../../../src-shared/base/suggest';
import { registerShow } from './runs/show';
import { registerTrash } from './runs/trash';
import { registerEdit } from './runs/edit';

interface RunsOptions {
  json?: boolean;
  status?: RunStatus[];
  db?: string;
}

export function parseStatuses(value: string): RunStatus[] {
  const list = value.split(',').map((s) => s.trim());
  const bad = list.find((s) => !runStatuses.includes(s as RunStatus));
  if (bad !== undefined)
    throw new InvalidArgumentError(`"${bad}" is not a status; use ${runStatuses.join(', ')}`);
  return list as RunStatus[];
}

export function register(program: Command): void {
  const runs = program
    .command('runs')
    .description('list stored runs, newest first; show, delete, restore, tag or rename them')
    .option('--json', 'print a JSON array on stdout')
    .option('--status <statuses>', 'only runs with these statuses (comma-separated)', parseStatuses)
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .allowExcessArguments()
    .action(listRuns);
  registerShow(runs);
  registerTrash(runs);
  registerEdit(runs);
}

/** `runs` alone lists; `runs <word>` names a verb, and one it does not know is a usage error. */
function listRuns(options: RunsOptions, command: Command): void {
  const [word] = command.args;
  if (word !== undefined) {
    const near = nearestName(
      word,
      command.commands.map((c) => c.name()),
    );
    command.error(
      `error: unknown command 'runs ${word}'${near ? ` (did you mean 'runs ${near}'?)` : ''}`,
      { code: 'commander.unknownCommand' },
    );
  }
  const dbPath = resolveDbPath(options.db);
  // Listing never creates a database: a missing file simply has no runs, unless logging clients
  // left runs in a spool beside it (then the store is made to take them in).
  if (!existsSync(dbPath) && !existsSync(spoolDirOf(dbPath))) {
    process.stdout.write(options.json ? '[]\n' : `No runs yet (no database at ${dbPath}).\n`);
    return;
  }
  const use = existsSync(dbPath) ? 'existing' : 'create';
  const runs = readStore(checkedDbPath(options.db, use), (store) =>
    store.runs.list({ status: options.status }),
  );
  if (options.json) {
    const rows = runs.map((run) => ({
      id: run.id,
      name: run.name,
      status: run.status,
      source: runSource(run),
      experimentId: run.experimentId,
      // A logged run's stored config is a placeholder network: it has its params in `logged`.
      ...(run.logged ? { logged: run.logged } : { config: run.config }),
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
      final: run.final,
    }));
    process.stdout.write(`${encodeWire(rows)}\n`);
    return;
  }
  if (runs.length === 0) return void process.stdout.write('No runs.\n');
  const header = ['id', 'status', 'source', 'epochs', 'test acc', 'created', 'name'];
  const body = runs.map((r) => [
    String(r.id),
    r.status,
    runSource(r),
    epochsDone(r),
    percent(r.final?.testAccuracy),
    r.createdAt.slice(0, 19).replace('T', ' '),
    r.name,
  ]);
  process.stdout.write(`${table([header, ...body])}\n`);
}
