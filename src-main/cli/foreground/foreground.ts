/**
 * Training in the foreground of a CLI command: the same store, queue and trainer processes as the
 * app, limited to the command's own runs. Ctrl+C stops the trainers and marks those runs
 * interrupted (`backprop resume` or the app's queue continues them).
 */
import { createAppCore, type AppCore } from '../../core/app';
import { resolveDbPath } from '../../core/paths';
import { createForkTrainerHost } from '../../core/runner/fork-host';
import { requireTrainerEntry } from '../../core/runner/trainer-entry';
import type { RunSummary } from '../../../src-shared/contract/types';
import { createProgressView, type ProgressView } from './progress-view';
import { isTerminal } from '../../../src-shared/base/run-status';

export async function openCliCore(options: {
  db?: string;
  parallel?: number;
  owner?: boolean;
  /** Send the runs to `backprop worker` processes through this Redis instead. */
  redis?: string;
}): Promise<AppCore> {
  const trainer = requireTrainerEntry();
  return createAppCore({
    dbPath: resolveDbPath(options.db),
    host: 'cli',
    trainerHost: createForkTrainerHost(trainer),
    concurrency: options.parallel,
    startQueue: options.owner === true,
    redisUrl: options.redis,
  });
}

/** Shows every run's progress and end while `work` runs; returns when it resolves. */
export async function withProgress(
  core: AppCore,
  work: () => Promise<void>,
  view: ProgressView = createProgressView(),
) {
  const epochs = new Map<number, number>();
  const epochsOf = (runId: number) => {
    if (!epochs.has(runId)) epochs.set(runId, core.queue.summary(runId)?.config.epochs ?? 0);
    return epochs.get(runId)!;
  };
  const subscriptions = [
    core.queue.onDidProgress((e) => view.progress(e.runId, e.progress)),
    core.queue.onDidAppendEpoch((e) => view.epoch(e.runId, e.record, epochsOf(e.runId))),
    core.queue.onDidChangeRun((run) => isTerminal(run.status) && view.ended(run)),
  ];
  try {
    await work();
  } finally {
    subscriptions.forEach((s) => s.dispose());
    view.stop();
  }
}

/** Trains `ids` to the end with progress on stderr; Ctrl+C interrupts them cleanly. */
export async function trainInForeground(core: AppCore, ids: number[]): Promise<RunSummary[]> {
  const interrupt = () => void stopInterrupted(core, ids).then(() => process.exit(130));
  process.once('SIGINT', interrupt);
  try {
    await withProgress(core, () => core.queue.runOnly(ids));
  } finally {
    process.off('SIGINT', interrupt);
  }
  return ids.map((id) => core.queue.summary(id)!);
}

/** Stops the trainers, then marks the runs they were training 'interrupted' and closes the store. */
async function stopInterrupted(core: AppCore, ids: number[]): Promise<void> {
  await core.queue.close();
  for (const id of ids) {
    if (core.store.runs.get(id)?.status !== 'running') continue;
    core.store.runs.markEnded(id, { status: 'interrupted', error: 'Stopped with Ctrl+C' });
  }
  core.store.close();
  process.stderr.write(
    `\nStopped: unfinished runs are marked interrupted; continue them with \`backprop resume ${ids.join(' ')}\` or from the queue in the app.\n`,
  );
}
