// @ts-nocheck -- AssemblyScript (atomic.*), type-checked by asc in `npm run build`.
/**
 * Synchronisation of the threads that share one memory: a generation barrier and the command
 * mailbox. Waiters spin briefly (a phase often ends within microseconds) and then sleep in
 * atomic.wait, so idle threads cost nothing between epochs.
 */
import { S_BARRIER_COUNT, S_BARRIER_GEN, S_COMMAND_SEQ } from './_layout';

/** Spins before sleeping at a barrier: about 0.2 ms, longer than a futex wake-up, so threads that
 * are both busy never sleep between phases (a sleeping thread costs a wake-up per barrier). */
const BARRIER_SPINS = 200_000;
/** Spins before a worker sleeps while waiting for the next command. */
const COMMAND_SPINS = 20_000;

/** Returns once all `threads` threads have called it. The last to arrive resets the count and
 * opens the next generation. */
export function barrier(ctx: usize, threads: i32): void {
  if (threads <= 1) return;
  const countAt = ctx + ((<usize>S_BARRIER_COUNT) << 2);
  const genAt = ctx + ((<usize>S_BARRIER_GEN) << 2);
  const gen = atomic.load<i32>(genAt);
  if (atomic.add<i32>(countAt, 1) == threads - 1) {
    atomic.store<i32>(countAt, 0);
    atomic.add<i32>(genAt, 1);
    atomic.notify(genAt);
    return;
  }
  waitWhileEqual(genAt, gen, BARRIER_SPINS);
}

/** Waits until the command sequence number differs from `seen` and returns it. */
export function nextCommand(ctx: usize, seen: i32): i32 {
  const seqAt = ctx + ((<usize>S_COMMAND_SEQ) << 2);
  waitWhileEqual(seqAt, seen, COMMAND_SPINS);
  return atomic.load<i32>(seqAt);
}

function waitWhileEqual(at: usize, value: i32, spins: i32): void {
  for (let spin = 0; spin < spins; spin++) {
    if (atomic.load<i32>(at) != value) return;
  }
  while (atomic.load<i32>(at) == value) atomic.wait<i32>(at, value, -1);
}
