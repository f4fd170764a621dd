/** Taking down what a test set up, after it (imported by tests only). */
import { afterEach } from 'vitest';

/** Its result is awaited when it is a promise and otherwise ignored. */
export type Cleanup = () => unknown;

/** Returns `defer`: what it is given is undone after each test, the last given first, each awaited.
 * Registers the hook in the file or describe block that calls it. */
export function useCleanups(): (...cleanups: Cleanup[]) => void {
  let pending: Cleanup[] = [];
  afterEach(async () => {
    const undo = pending.reverse();
    pending = [];
    for (const cleanup of undo) await cleanup();
  });
  return (...cleanups) => void pending.push(...cleanups);
}
