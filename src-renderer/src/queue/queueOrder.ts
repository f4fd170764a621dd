/**
 * The order of the queue as the UI shows it. runs.list returns runs newest first, so the start
 * order comes from QueueState.queuedIds when the core sends it; otherwise the UI starts from the
 * core's rule (priority high first, then oldest first) and applies the moves it makes itself.
 */
import type { QueueState, RunStatus, RunSummary } from '../../../src-shared/contract/types';
import { isUnfinished, statusesWhere } from '../../../src-shared/base/run-status';

/** What the Queue view lists: every run that is not finished. */
export const activeStatuses: RunStatus[] = statusesWhere(isUnfinished);
/** Their order there: training first, then waiting for the user, then waiting for a trainer. */
const listOrder: RunStatus[] = ['running', 'paused', 'interrupted', 'queued'];

/** Queued ids in start order: the core's when given, else the last known order, else priority then id. */
export function queueOrder(
  runs: readonly RunSummary[],
  state: QueueState,
  known: readonly number[],
): number[] {
  if (state.queuedIds) return [...state.queuedIds];
  if (known.length) return [...known];
  return runs
    .filter((r) => r.status === 'queued')
    .sort((a, b) => b.priority - a.priority || a.id - b.id)
    .map((r) => r.id);
}

/** The order after moving `id` before `beforeId` (or to the end with null), as queue.move does. */
export function applyMove(order: readonly number[], id: number, beforeId: number | null): number[] {
  const rest = order.filter((x) => x !== id);
  const at = beforeId === null ? rest.length : rest.indexOf(beforeId);
  rest.splice(at < 0 ? rest.length : at, 0, id);
  return rest;
}

/** Running first, then paused and interrupted, then queued in `order` (runs missing from it last, by id). */
export function sortActive(runs: readonly RunSummary[], order: readonly number[]): RunSummary[] {
  const rank = (s: RunStatus) => listOrder.indexOf(s);
  const place = (id: number) => {
    const i = order.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...runs].sort(
    (a, b) => rank(a.status) - rank(b.status) || place(a.id) - place(b.id) || a.id - b.id,
  );
}
