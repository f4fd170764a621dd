/**
 * Reading a store from a command that only reads (`backprop runs`, `backprop queue`). SQLite in
 * WAL mode lets it read next to a live owner. With no owner alive it takes the lease for the
 * moment it reads, so a dead owner's runs are recovered (marked interrupted) first: a reader never
 * shows as running a run that nothing trains, and runs logged with no owner alive are imported.
 */
import { recoverInterruptedRuns } from '../core/lifecycle/queue-core';
import { openStore, type Store } from '../core/store/store';
import { tryAcquireLease } from './lease';
import { importSpools } from '../core/tracking/spool-import';
import { createTrackingWriter } from '../core/services/tracking-service';

export function readStore<T>(dbPath: string, read: (store: Store) => T): T {
  const lease = tryAcquireLease(dbPath);
  try {
    const store = openStore(dbPath);
    try {
      if (lease) {
        // Runs sent to Redis workers go on training without an owner: they stay as they are.
        recoverInterruptedRuns(store, (id) => store.remoteRuns.get(id)?.open === true, false);
        // What logging clients kept while no owner was alive (see core/tracking/spool-import.ts).
        importSpools(dbPath, createTrackingWriter(store));
      }
      return read(store);
    } finally {
      store.close();
    }
  } finally {
    lease?.release();
  }
}
