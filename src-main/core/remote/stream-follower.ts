/**
 * The owner's reading loop: one blocking XREAD over the epochs streams of every run it follows,
 * each from the position stored in SQLite, so entries written while the owner was away (for an
 * hour, or while Redis was unreachable) are read in order when it comes back. New runs to follow
 * are picked up within one block (about a second) or at once after wake().
 */
import type { Redis } from 'ioredis';
import { streamKey } from './protocol';
import type { RemoteRun } from './remote-runs-repo';

/** Entries per stream per read: bounds the memory of one read (each carries a checkpoint). */
const BATCH = 32;
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

export function followStreams(deps: FollowerDeps): { wake(): void; done: Promise<void> } {
  let wakeUp: (() => void) | null = null;
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
      BATCH,
      'BLOCK',
      BLOCK_MS,
      'STREAMS',
      ...runs.map((r) => streamKey(r.runId)),
      ...runs.map((r) => r.position),
    )) as XReadReply;
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
        await readOnce();
      } catch (error) {
        if (deps.closed()) return;
        deps.log(`Reading the runs' Redis streams failed: ${(error as Error).message}`);
        await pause(1000);
      }
    }
  }

  return { wake: () => wakeUp?.(), done: loop() };
}
