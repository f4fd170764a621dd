/**
 * How fast a worker that died is noticed. BullMQ keeps a lock on every active job that the worker
 * renews every lockDuration / 2; a live worker's stalled check (every stalledInterval) moves a
 * job whose lock expired back to waiting, and fails it once it stalled more than maxStalledCount
 * times. Stalled checks run only inside live workers.
 *
 * Chosen for runs of minutes with progress every second: the worker's own event loop only relays
 * messages (training runs in a child process), so renewals are on time; a 20 s lock survives a
 * network or Redis hiccup of about 10 s without a false stall. Bound: a killed worker's job is
 * back in the queue at most lockDuration + 2 × stalledInterval = 40 s after its last renewal
 * (the lock expires, one check may just have passed, the next marks it); it then restarts as
 * soon as any worker has a free slot, resuming from the newest checkpoint the owner stored.
 * A second stall of the same run fails it ("job stalled more than allowable limit").
 */
export interface StallSettings {
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
}

export const DEFAULT_STALL_SETTINGS: StallSettings = {
  lockDurationMs: 20_000,
  stalledIntervalMs: 10_000,
  maxStalledCount: 1,
};

/** Longest time from a worker's death to its job being waiting again (see above). */
export function stallBoundMs(settings: StallSettings): number {
  return settings.lockDurationMs + 2 * settings.stalledIntervalMs;
}
