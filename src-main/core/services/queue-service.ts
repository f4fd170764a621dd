/**
 * QueueService: validation and insertion of runs and sweeps (all-or-nothing), and the queue's
 * controls. Validation happens before the transaction that inserts, so a bad config or a bad
 * sweep field leaves the database as it was.
 */
import type { QueueService } from '../../../src-shared/contract/services';
import type { RunSummary } from '../../../src-shared/contract/types';
import { runConfigSchema, type RunConfig } from '../../../src-shared/experiment/config';
import { expandSweep } from '../../../src-shared/experiment/sweep';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import type { Store } from '../store/store';
import type { RunQueueApi } from '../queue/queue-api';
import { admitRunConfig, checkSweepAgainstDatasets, type LoadDataset } from './run-admission';
import { preloadDatasets, type LoadDatasetAsync } from './dataset-preload';

/** Inserts the configs under one new experiment in one transaction; returns the run ids.
 * `tags[i]` tags run i (a fix test's "fix-test" and "baseline"/"fix"). */
export function insertRuns(
  store: Store,
  experiment: { name: string; kind: 'single' | 'sweep' | 'fix-test'; spec?: unknown },
  configs: RunConfig[],
  priority = 0,
  tags: string[][] = [],
): number[] {
  return store.db.transaction(() => {
    const experimentId = store.experiments.insert(
      experiment.name,
      experiment.kind,
      experiment.spec ?? null,
    );
    return configs.map((config, i) =>
      store.runs.insert({
        experimentId,
        name: config.name,
        config,
        priority,
        engineVersion: ENGINE_VERSION,
        tags: tags[i] ?? [],
      }),
    );
  })();
}

export function createQueueService(
  store: Store,
  queue: RunQueueApi,
  loadDataset: LoadDataset,
  loadDatasetAsync: LoadDatasetAsync,
): QueueService {
  const queued = (ids: number[]): RunSummary[] => {
    queue.notifyQueued(ids);
    return ids.map((id) => queue.summary(id)!);
  };

  return {
    async enqueue(input) {
      // A config that does not parse is refused by admitRunConfig before any dataset is read.
      const parsed = runConfigSchema.safeParse(input);
      const configs = parsed.success ? [parsed.data] : [];
      const config = admitRunConfig(
        input,
        await preloadDatasets(configs, loadDatasetAsync, loadDataset),
      );
      const ids = insertRuns(store, { name: config.name || 'run', kind: 'single' }, [config]);
      return queued(ids)[0];
    },
    async enqueueSweep(input) {
      const { spec, configs, tags } = expandSweep(input);
      checkSweepAgainstDatasets(
        configs,
        await preloadDatasets(configs, loadDatasetAsync, loadDataset),
      );
      const experiment = { name: spec.name, kind: spec.kind ?? 'sweep', spec };
      return queued(insertRuns(store, experiment, configs, 0, tags));
    },
    async previewSweep(input) {
      return { count: expandSweep(input).configs.length };
    },
    async cancel(id) {
      queue.cancel(id);
    },
    async pauseRun(id) {
      queue.pauseRun(id);
    },
    async resumeRun(id) {
      queue.resumeRun(id);
    },
    async move(id, beforeId) {
      queue.move(id, beforeId);
    },
    async state() {
      return queue.state();
    },
    async setPaused(paused) {
      return queue.setPaused(paused);
    },
    onDidChangeRun: queue.onDidChangeRun,
    onDidProgress: queue.onDidProgress,
    onDidAppendEpoch: queue.onDidAppendEpoch,
  };
}
