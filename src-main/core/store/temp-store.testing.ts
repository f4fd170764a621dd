/** A store in a fresh temporary folder for every test of a file (imported by tests only; the
 * store's benchmark imports store.testing.ts, which therefore stays free of vitest). */
import { afterEach, beforeEach } from 'vitest';
import { join } from 'node:path';
import { openStore, type Store } from './store';
import { tempDir } from './store.testing';

/** Opens store.db in a new temporary folder before each test and hands it and the folder to
 * `onOpen`; closes it and removes the folder after the test (registers the hooks: a file's own
 * beforeEach registered later runs after the store is open, its afterEach before it is closed). */
export function useTempStore(
  onOpen: (store: Store, dir: string) => void,
  prefix = 'backprop-store-',
): void {
  let opened: { store: Store; cleanup(): void } | null = null;
  beforeEach(() => {
    const tmp = tempDir(prefix);
    const store = openStore(join(tmp.dir, 'store.db'));
    opened = { store, cleanup: tmp.cleanup };
    onOpen(store, tmp.dir);
  });
  afterEach(() => {
    opened?.store.close();
    opened?.cleanup();
    opened = null;
  });
}
