/**
 * The owner's reading loop: one blocking XREAD over the epochs streams of every run it follows,
 * each from the position stored in SQLite, so entries written while the owner was away (for an
 * hour, or while Redis was unreachable) are read in order when it comes back. New runs to follow
 * are picked up within one block (about a second) or at once after wake().
 */
import type { Redis } from 'ioredis';
import { streamKey } from './protocol';
import type { RemoteRun } from '../store/remote-runs-repo';

/** Entries per read over all streams (each carries a checkpoint, so this bounds the memory of
 * one reply when an owner catches up on many runs): COUNT is per stream, so it is shared out. */
const ENTRIES_PER_READ = 64;
const BLOCK_MS = 1000;

export interface FollowerDeps {
  reader: Redis;
  /** The runs to read now, with their stored positions. */
  followed(): RemoteRun[];
  /** Applies one run's entries in order (ids and raw fields as Redis returned them). */
  apply(runId: number, entries: [id: string, fields: Buffer[]][]): void;
  closed(): boolean;
  log(line: string): void;
}

type XReadReply = [key: Buffer, entries: [id: Buffer, fields: Buffer[]][]][] | null;

export interface Follower {
  /** Reads at once (new runs to follow). */
  wake(): void;
  /** Ends the loop without waiting for a read in flight (ioredis keeps a command to a Redis
   * that is down pending even after disconnect()). */
  stop(): void;
  done: Promise<void>;
}

export function followStreams(deps: FollowerDeps): Follower {
  let wakeUp: (() => void) | null = null;
  let stopped: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => (stopped = resolve));
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function readOnce(): Promise<void> {
    const runs = deps.followed();
    if (runs.length === 0) return pause(500);
    const reply = (await deps.reader.xreadBuffer(
      'COUNT',
      Math.max(1, Math.floor(ENTRIES_PER_READ / runs.length)),
      'BLOCK',
      BLOCK_MS,
      'STREAMS',
      ...runs.map((r) => streamKey(r.runId)),
      ...runs.map((r) => r.position),
    )) as XReadReply;
    if (deps.closed()) return; // the owner closed (its store too) while the read was in flight
    for (const [key, entries] of reply ?? []) {
      const runId = Number(/:run:(\d+):/.exec(key.toString())?.[1]);
      deps.apply(
        runId,
        entries.map(([id, fields]) => [id.toString(), fields]),
      );
    }
  }

  async function loop(): Promise<void> {
    while (!deps.closed()) {
      try {
        await Promise.race([readOnce(), stopSignal]);
      } catch (error) {
        if (deps.closed()) return;
        deps.log(`Reading the runs' Redis streams failed: ${(error as Error).message}`);
        await pause(1000);
      }
    }
  }

  return {
    wake: () => wakeUp?.(),
    stop() {
      stopped();
      wakeUp?.();
    },
    done: loop(),
  };
}
