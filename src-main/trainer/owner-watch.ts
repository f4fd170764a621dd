/**
 * A trainer whose owner dies must not live on. An idle trainer notices the closed channel
 * (owner-port's onDisconnect), but one stuck in a long computation or a hang never gets to its
 * event loop. So a small worker thread, which has its own event loop, checks the parent process
 * every second and kills the whole trainer once it has been re-parented.
 */
import { Worker } from 'node:worker_threads';

/** The watch, as source for a worker with `eval: true` (no build entry of its own; also used by
 * the test). workerData: { parent: the owner's pid, intervalMs }. */
export const OWNER_WATCH_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL');
}, workerData.intervalMs);
`;

/** Starts the watch; it never keeps the process alive by itself. */
export function watchOwner(intervalMs = 1000): void {
  const worker = new Worker(OWNER_WATCH_SOURCE, {
    eval: true,
    workerData: { parent: process.ppid, intervalMs },
  });
  worker.unref();
}
