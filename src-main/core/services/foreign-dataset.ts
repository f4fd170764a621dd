/**
 * The one refusal for a dataset path that came with an imported bundle: it is the sender's path,
 * so reading it here would let a bundle choose what this machine reads (a device, a FIFO, a file
 * of the user's). Every reader of a run's dataset (resume, "Test this fix", the confusion
 * matrices of reports) checks it until the user re-points the run (runs.relinkDataset).
 * datasets.samples takes only built-in set names, so it cannot be given a path at all.
 */
import type { Store } from '../store/store';
import { RequestRefused } from '../../../src-shared/base/errors';

export class ForeignDatasetError extends RequestRefused {
  override name = 'ForeignDatasetError';
  constructor(runId: number, path: string) {
    super(
      'conflict',
      `Run ${runId}'s dataset path ${JSON.stringify(path)} came with an imported bundle: ` +
        'point it at a file on this machine first (`backprop relink`, or runs.relinkDataset)',
    );
  }
}

/** Throws ForeignDatasetError when run `runId` still names the sender's dataset path. */
export function requireLocalDataset(store: Pick<Store, 'importedRuns'>, runId: number): void {
  const path = store.importedRuns.foreignDatasetPath(runId);
  if (path !== null) throw new ForeignDatasetError(runId, path);
}
