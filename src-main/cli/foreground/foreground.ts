/**
 * Training in the foreground of a CLI command, on the store's one owner (src-main/owner):
 * - no owner alive: this command becomes the owner for as long as it needs. It trains its own runs
 *   and any run another entry point hands it meanwhile, and publishes its address so `serve`, the
 *   app or another command can join. Ctrl+C (or SIGTERM, SIGHUP) stops the trainers and marks the
 *   runs interrupted (`backprop resume` continues them);
 * - an owner alive (the app, `serve`, another command): the runs are queued there and followed
 *   here live. Ctrl+C detaches: the runs keep training in the owner.
 */
import { isActive, isTerminal } from '../../../src-shared/base/run-status';
import type { Services } from '../../../src-shared/contract/services';
import type { RunSummary } from '../../../src-shared/contract/types';
import { checkedDbPath, type DbUse } from './db-path';
import { createForkTrainerHost } from '../../core/runner/fork-host';
import { requireTrainerEntry } from '../../core/runner/trainer-entry';
import { openStoreSession, type OwnedStore, type StoreSession } from '../../owner/session';
import { createProgressView, silentView, type ProgressView } from './progress-view';
import { exitCodeOf, onStopSignals } from './signals';
import { OwnerGoneError } from '../../owner/http-transport';
import { inFile } from './read-json';

export interface CliSessionOptions {
  db?: string;
  /** The command, for the owner file and messages: "backprop train". */
  command: string;
  parallel?: number;
  /** Work the whole queue when this command becomes the owner (`queue --work`). */
  wholeQueue?: boolean;
  /** Send the runs to `backprop worker` processes through this Redis instead. */
  redis?: string;
  /** Whether the command may create the database (default) or needs an existing one. */
  use?: DbUse;
}

/** The store of this command: owned by it, or reached through its live owner. */
export function openCliSession(options: CliSessionOptions): Promise<StoreSession> {
  const trainer = requireTrainerEntry();
  return openStoreSession({
    dbPath: checkedDbPath(options.db, options.use ?? 'create'),
    host: 'cli',
    command: options.command,
    trainerHost: () => createForkTrainerHost(trainer),
    wholeQueue: options.wholeQueue === true,
    concurrency: options.parallel,
    redisUrl: options.redis,
  });
}

/**
 * Opens the store's session and queues runs through it. An owner that went away before it
 * answered (a command that owned the store just ended) is replaced: the session is opened again —
 * this command may now be the owner — and the runs queued once more. A refusal of the input names
 * `file`.
 */
export async function queueOnOwner<T>(
  options: CliSessionOptions,
  queue: (services: Services) => Promise<T>,
  file: string,
): Promise<{ session: StoreSession; value: T }> {
  for (let attempt = 1; ; attempt++) {
    const session = await openCliSession(options);
    try {
      return { session, value: await queue(session.services) };
    } catch (error) {
      await session.close();
      if (error instanceof OwnerGoneError && attempt < 3) continue;
      throw error instanceof OwnerGoneError ? error : inFile(file, error);
    }
  }
}

/** Shows every run's progress and end while `work` runs; returns when it resolves. */
export async function withProgress(
  services: Services,
  work: () => Promise<void>,
  view: ProgressView = createProgressView(),
  only?: number[],
) {
  const epochs = new Map<number, number>();
  const epochsOf = async (runId: number) => {
    if (!epochs.has(runId)) epochs.set(runId, (await services.runs.get(runId)).config.epochs);
    return epochs.get(runId)!;
  };
  // Following another owner: only these runs (it may train others too).
  const shown = (runId: number) => !only || only.includes(runId);
  const subscriptions = [
    services.queue.onDidProgress((e) => shown(e.runId) && view.progress(e.runId, e.progress)),
    services.queue.onDidAppendEpoch((e) => {
      if (!shown(e.runId)) return;
      epochsOf(e.runId).then(
        (n) => view.epoch(e.runId, e.record, n),
        () => undefined, // the owner went away: the end says so
      );
    }),
    services.queue.onDidChangeRun(
      (run) => shown(run.id) && isTerminal(run.status) && view.ended(run),
    ),
  ];
  try {
    await work();
  } finally {
    subscriptions.forEach((s) => s.dispose());
    view.stop();
  }
}

export interface ForegroundOptions {
  /** --quiet: no progress and no notes on stderr (errors still go there). */
  quiet?: boolean;
}

/**
 * Trains `ids` until none is queued or running any more, with progress on stderr; returns their
 * summaries. They must be queued (or resumed) in the session already.
 */
export function trainInForeground(
  session: StoreSession,
  ids: number[],
  options: ForegroundOptions = {},
): Promise<RunSummary[]> {
  const view = () => (options.quiet ? silentView() : createProgressView());
  return session.role === 'owner'
    ? trainAsOwner(session, ids, view())
    : followOnOwner(session, ids, view(), options);
}

async function trainAsOwner(
  session: OwnedStore,
  ids: number[],
  view: ProgressView,
): Promise<RunSummary[]> {
  const { core } = session;
  const off = onStopSignals((signal) => {
    void stopInterrupted(session, ids).then(() => process.exit(exitCodeOf(signal)));
  });
  try {
    await withProgress(
      core.services,
      async () => {
        // Its own runs, then any run another command or a browser hands it meanwhile; it gives
        // the store up only once nobody is following and nothing new came in for a moment.
        for (;;) {
          await core.queue.runOnly(ids);
          await untilQuiet(session);
          if (!core.queue.hasWork()) break;
        }
      },
      view,
    );
  } finally {
    off();
  }
  return ids.map((id) => core.queue.summary(id)!);
}

/** How long an owner that is done waits for those who follow it to read the end. */
const QUIET_MS = 300;
const LINGER_MS = 3000;

/**
 * Waits, at most LINGER_MS, until no event stream is open and no call came in for QUIET_MS, so a
 * command or a tab that followed a run here can read how it ended (and a run handed over meanwhile
 * is seen by the caller's hasWork()).
 */
async function untilQuiet(session: OwnedStore): Promise<void> {
  const start = Date.now();
  for (;;) {
    const quiet = Date.now() - session.server.lastCallAt() > QUIET_MS;
    if ((session.server.followers() === 0 && quiet) || Date.now() - start > LINGER_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Stops the trainers, marks what they trained interrupted, and gives the store up. */
async function stopInterrupted(session: OwnedStore, ids: number[]): Promise<void> {
  await session.core.queue.close();
  session.core.queue.recover(false);
  await session.close();
  process.stderr.write(
    `\nStopped: unfinished runs are marked interrupted; continue them with \`backprop resume ${ids.join(' ')}\` or from the queue in the app.\n`,
  );
}

/** The runs train in another process that owns the store: follow them there until they stop. */
async function followOnOwner(
  session: Extract<StoreSession, { role: 'client' }>,
  ids: number[],
  view: ProgressView,
  options: ForegroundOptions,
): Promise<RunSummary[]> {
  const { services, owner } = session;
  if (!options.quiet)
    process.stderr.write(
      `The store is open in ${owner.command} (pid ${owner.pid}): the runs train there; ` +
        `following them here (Ctrl+C detaches, they keep training). Watch them at ${session.url}\n`,
    );
  const off = onStopSignals((signal) => {
    process.stderr.write(
      `\nDetached: run${ids.length > 1 ? 's' : ''} ${ids.join(', ')} keep training in ${owner.command} (pid ${owner.pid}); follow them at ${session.url}\n`,
    );
    void session.close().then(() => process.exit(exitCodeOf(signal)));
  });
  try {
    let done!: Promise<RunSummary[]>;
    await withProgress(
      services,
      async () => {
        done = untilStopped(session, ids);
        await done;
      },
      view,
      ids,
    );
    return await done;
  } finally {
    off();
  }
}

/** Resolves with the runs' summaries once none of them is queued or running; rejects when the
 * owner goes away first. */
function untilStopped(
  session: Extract<StoreSession, { role: 'client' }>,
  ids: number[],
): Promise<RunSummary[]> {
  const { services, owner } = session;
  return new Promise((resolve, reject) => {
    const latest = new Map<number, RunSummary>();
    const check = () => {
      if (ids.every((id) => latest.has(id) && !isActive(latest.get(id)!.status))) {
        subscription.dispose();
        resolve(ids.map((id) => latest.get(id)!));
      }
    };
    const subscription = services.queue.onDidChangeRun((run) => {
      if (!ids.includes(run.id)) return;
      latest.set(run.id, run);
      check();
    });
    session.transport.onLost((reason) =>
      reject(
        new Error(
          `${owner.command} (pid ${owner.pid}), which owns the store, stopped before the runs ended (${reason}); ` +
            `continue them with \`backprop resume ${ids.join(' ')}\``,
        ),
      ),
    );
    // Their state now: a run may have ended before the subscription was made.
    void Promise.all(ids.map((id) => services.runs.get(id))).then((runs) => {
      for (const run of runs) if (!latest.has(run.id)) latest.set(run.id, run);
      check();
    }, reject);
  });
}
