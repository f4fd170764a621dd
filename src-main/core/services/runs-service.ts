/** RunsService over the store; running runs carry their live progress from the queue. */
import type { RunsService } from '../../../src-shared/contract/services';
import type { RunDetail, RunSummary } from '../../../src-shared/contract/types';
import type { Store } from '../store/store';
import type { RunQueueApi } from '../queue/queue-api';
import { withDatasetPath } from '../store/imported-runs-repo';
import { checkAgainstDataset, type LoadDataset } from './run-admission';
import { preloadDatasets, type LoadDatasetAsync } from './dataset-preload';
import { notFound, conflict } from '../../../src-shared/base/errors';

export function createRunsService(
  store: Store,
  queue: RunQueueApi,
  loadDataset: LoadDataset,
  loadDatasetAsync: LoadDatasetAsync,
): RunsService {
  const withProgress = (runs: RunSummary[]) => {
    const progress = queue.progressById();
    return runs.map((r) => (progress.has(r.id) ? { ...r, progress: progress.get(r.id)! } : r));
  };
  const require = (id: number): RunSummary => {
    const run = queue.summary(id);
    if (!run) throw notFound(`Run ${id} does not exist`);
    return run;
  };

  const detail = (id: number): RunDetail => {
    const run = require(id);
    const foreign = store.importedRuns.foreignDatasetPath(id);
    return {
      ...run,
      epochs: store.epochs.list(id),
      findings: store.findings.list(id),
      ...(foreign === null ? {} : { foreignDatasetPath: foreign }),
      ...metricsOf(id, run.logged !== undefined),
      ...filesOf(id),
    };
  };

  /** A logged run's metrics as logged; a trained run's sampled batch cost, when it has some. */
  const metricsOf = (id: number, logged: boolean): Pick<RunDetail, 'metrics'> => {
    const metrics = store.loggedRuns.metrics(id);
    return metrics.length > 0 || logged ? { metrics } : {};
  };

  /** A run's logged files, listed when it has any. */
  const filesOf = (id: number): Pick<RunDetail, 'files'> => {
    const files = store.runFiles.list(id);
    return files.length > 0 ? { files } : {};
  };

  return {
    async files(id) {
      require(id);
      return store.runFiles.list(id);
    },
    async file(id, name) {
      require(id);
      const file = store.runFiles.get(id, name);
      if (!file) throw notFound(`Run ${id} has no file named ${JSON.stringify(name)}`);
      return file;
    },
    async list(query) {
      return withProgress(store.runs.list(query));
    },
    async get(id) {
      return detail(id);
    },
    async curves(ids) {
      return ids.filter((id) => store.runs.get(id)).map((id) => store.epochs.curve(id));
    },
    async weights(id) {
      require(id);
      return store.weights.get(id);
    },
    async update(id, patch) {
      require(id);
      store.runs.update(id, patch);
      queue.notifyQueued([id]);
      return require(id);
    },
    /** Soft delete; a run that is training is cancelled first so it stops using a core, and a
     * queued one is withdrawn from the queue (it stays queued, in the trash, until restored). */
    async remove(ids) {
      for (const id of ids) if (store.runs.get(id)?.status === 'running') queue.cancel(id);
      store.runs.remove(ids);
      queue.withdraw(ids);
    },
    async restore(ids) {
      store.runs.restore(ids);
      queue.notifyQueued(ids);
    },
    async purge(ids) {
      store.runs.purge(ids);
    },
    async experiments() {
      return store.experiments.list();
    },
    /** Only an imported run's foreign path can be re-pointed (a local run's config is its
     * record); the new path must load and fit the run's layers, else nothing changes. */
    async relinkDataset(id, path) {
      const run = require(id);
      const foreign = store.importedRuns.foreignDatasetPath(id);
      if (foreign === null)
        throw conflict(
          `Run ${id}'s dataset did not come with an imported bundle, or was already pointed at this machine: there is nothing to re-point`,
        );
      const config = { ...run.config, dataset: withDatasetPath(run.config.dataset, path) };
      const load = await preloadDatasets([config], loadDatasetAsync, loadDataset);
      checkAgainstDataset(config, load, 'dataset path');
      store.importedRuns.relink(id, config);
      queue.notifyQueued([id]);
      return detail(id);
    },
  };
}
