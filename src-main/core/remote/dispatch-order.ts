/**
 * The queue order (SQLite: priority, then position) expressed as BullMQ job priorities. BullMQ
 * starts the job with the smallest priority number first (1 … 2^21), so queued runs in order must
 * get increasing numbers. Changing a waiting job's priority is one Redis call each, so the plan
 * keeps the numbers already sent whenever they still increase along the order and only numbers
 * the runs not sent yet; a reorder (or a run inserted ahead with no room) renumbers all.
 */

/** BullMQ's largest job priority. */
export const MAX_PRIORITY = 2 ** 21 - 1;

/**
 * @param order queued run ids in the order they should start
 * @param sent priority each already-dispatched run has in BullMQ (absent: not sent, or unknown)
 * @returns the priority every run in `order` must have (same length and order as `order`)
 */
export function planPriorities(order: number[], sent: ReadonlyMap<number, number>): number[] {
  const kept = keepSent(order, sent);
  return kept ?? order.map((_, i) => i + 1);
}

/** Numbers that keep every sent priority, or null when the sent ones no longer fit the order. */
function keepSent(order: number[], sent: ReadonlyMap<number, number>): number[] | null {
  const plan: number[] = [];
  let last = 0;
  for (let i = 0; i < order.length; i++) {
    const known = sent.get(order[i]);
    if (known !== undefined) {
      if (known <= last) return null;
      last = known;
    } else {
      last += 1;
      // The next run already sent must still come after this one.
      const next = order.slice(i + 1).find((id) => sent.has(id));
      if (next !== undefined && sent.get(next)! <= last) return null;
    }
    if (last > MAX_PRIORITY) return null;
    plan.push(last);
  }
  return plan;
}
