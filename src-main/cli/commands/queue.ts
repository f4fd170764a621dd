/**
 * `backprop queue [--db PATH] [--json]`: what is training and what will train next, in order.
 * `backprop queue --work [--parallel N]`: become the queue's owner in the foreground: runs a
 * killed owner left running are recovered (and resumed when the setting says so), then every
 * queued run is trained; the command returns when the queue is empty, with the exit code of the
 * runs it trained (foreground/exit-codes.ts: 3 failed, 4 diverged, 5 stopped unfinished).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { RunSummary } from '../../../src-shared/contract/types';
import { isTerminal, isWaiting, statusesWhere } from '../../../src-shared/base/run-status';
import type { AppCore } from '../../core/app';
import { encodeWire } from '../../../src-shared/base/wire';
import { resolveDbPath } from '../../core/paths';
import { checkedDbPath } from '../foreground/db-path';
import type { Store } from '../../core/store/store';
import { readStore } from '../../owner/read-store';
import { parsePositiveInt } from '../options';
import { openCliSession, withProgress } from '../foreground/foreground';
import { exitCodeOf, onStopSignals } from '../foreground/signals';
import { exitCodeOfRuns, exitCodesHelp } from '../foreground/exit-codes';
import { epochsDone, table } from '../foreground/format';

interface QueueOptions {
  db?: string;
  json?: boolean;
  work?: boolean;
  parallel?: number;
}

export function register(program: Command): void {
  program
    .command('queue')
    .description('show the run queue, or work it in the foreground with --work')
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option('--json', 'print the queue as JSON on stdout')
    .option(
      '--work',
      'train every queued run (and resume interrupted ones) until the queue is empty',
    )
    .option(
      '--parallel <n>',
      'with --work: runs at a time (default: the concurrency setting)',
      parsePositiveInt,
    )
    .addHelpText('after', exitCodesHelp)
    .action((options: QueueOptions) => (options.work ? work(options) : show(options)));
}

/** Running runs first, then queued ones in the order they will start, then held ones. */
function queueOrder(store: Store): RunSummary[] {
  const running = store.runs.list({ status: ['running'] }).reverse();
  const queued = store.runs.queuedIds().map((id) => store.runs.get(id)!);
  const held = store.runs.list({ status: statusesWhere(isWaiting) }).reverse();
  return [...running, ...queued, ...held];
}

function show(options: QueueOptions): void {
  const dbPath = resolveDbPath(options.db);
  if (!existsSync(dbPath)) {
    process.stdout.write(
      options.json
        ? '{"paused":false,"runs":[]}\n'
        : `The queue is empty (no database at ${dbPath}).\n`,
    );
    return;
  }
  const { runs, paused } = readStore(checkedDbPath(options.db, 'existing'), (store) => ({
    runs: queueOrder(store),
    paused: store.settings.all().queuePaused === true,
  }));
  if (options.json) return void process.stdout.write(`${encodeWire({ paused, runs })}\n`);
  if (paused) process.stdout.write('The queue is paused: queued runs wait until it is resumed.\n');
  if (runs.length === 0) return void process.stdout.write('The queue is empty.\n');
  const rows = runs.map((r) => [String(r.id), r.status, epochsDone(r), String(r.priority), r.name]);
  process.stdout.write(`${table([['id', 'status', 'epochs', 'priority', 'name'], ...rows])}\n`);
}

async function work(options: QueueOptions): Promise<void> {
  const started = new Date().toISOString();
  const session = await openCliSession({
    db: options.db,
    command: 'backprop queue --work',
    parallel: options.parallel,
    wholeQueue: true,
  });
  if (session.role === 'client') {
    // One owner per store: it works the queue already; nothing would be trained twice.
    await session.close();
    const { owner } = session;
    process.stdout.write(
      `The queue is worked by ${owner.command} (pid ${owner.pid}), which owns this store; watch it at ${session.url}\n`,
    );
    return;
  }
  const { core } = session;
  const off = onStopSignals(
    (signal) => void session.close().then(() => process.exit(exitCodeOf(signal))),
  );
  const trained = watchTrained(core, started);
  try {
    if (core.queue.state().paused)
      process.stderr.write('The queue is paused: nothing will start.\n');
    await withProgress(core.services, () => core.queue.whenIdle());
    process.exitCode = exitCodeOfRuns(trained.ends());
  } finally {
    trained.dispose();
    off();
    await session.close();
  }
}

/**
 * The runs this owner trained, as they ended: those running when it looks (the queue started
 * as the store opened), those it starts later, and those that ended since `since` (a run can
 * start and fail before the first look). Runs left queued or interrupted did not train here; a
 * run moved to the trash meanwhile is nobody's outcome.
 */
function watchTrained(core: AppCore, since: string) {
  const ids = new Set(core.store.runs.list({ status: ['running'] }).map((r) => r.id));
  const watch = core.services.queue.onDidChangeRun((run) => {
    if (run.status === 'running') ids.add(run.id);
  });
  return {
    ends(): RunSummary[] {
      for (const run of core.store.runs.list({ status: statusesWhere(isTerminal) }))
        if (!run.logged && run.finishedAt !== null && run.finishedAt >= since) ids.add(run.id);
      return [...ids]
        .flatMap((id) => core.queue.summary(id) ?? [])
        .filter((run) => run.status !== 'queued' && run.status !== 'interrupted');
    },
    dispose: () => watch.dispose(),
  };
}
