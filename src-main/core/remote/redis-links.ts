/**
 * The owner's connections to Redis: the BullMQ queue (dispatch, job states, pause), queue events
 * (live progress, failures), a connection for blocking stream reads and one for plain commands.
 * Every connection retries for ever (ioredis reconnects; maxRetriesPerRequest null keeps commands
 * until it is back). The command connection also tells the owner when Redis is reachable, goes away and comes
 * back, so it can reconcile its runs. A URL with a password (redis://:pw@host) or TLS (rediss://)
 * is passed to ioredis as it is.
 */
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME, REDIS_PREFIX, redactUrl, type RemoteJobData } from './protocol';

export interface LinkEvents {
  /** The connection dropped (Redis stopped, network lost); `reason` is the last error seen. */
  onLost(reason: string): void;
  /** Connected: the first time, and again after every loss. */
  onUp(): void;
}

export interface RedisLinks {
  queue: Queue<RemoteJobData>;
  events: QueueEvents;
  /** For XREAD BLOCK only (a blocked connection cannot send anything else). */
  reader: Redis;
  commands: Redis;
  readonly label: string;
  connected(): boolean;
  close(): Promise<void>;
}

/** How long close() waits for BullMQ to close its connections cleanly. */
const CLOSE_GRACE_MS = 2000;

/** ioredis options for BullMQ and our own connections. */
export const connectionOf = (url: string) => ({ url, maxRetriesPerRequest: null });

export function openRedisLinks(url: string, events: LinkEvents): RedisLinks {
  const connection = connectionOf(url);
  const options = { connection, prefix: REDIS_PREFIX };
  const queue = new Queue<RemoteJobData>(QUEUE_NAME, options);
  const queueEvents = new QueueEvents(QUEUE_NAME, options);
  const reader = new Redis(url, { maxRetriesPerRequest: null });
  const commands = new Redis(url, { maxRetriesPerRequest: null });
  let state: 'unknown' | 'up' | 'down' = 'unknown';
  let lastError = 'the connection closed';
  const down = () => {
    state = 'down';
    events.onLost(lastError);
  };
  const quiet = () => undefined;
  // Errors surface through onLost; without listeners ioredis and BullMQ would print each retry.
  queue.on('error', quiet);
  queueEvents.on('error', quiet);
  reader.on('error', quiet);
  commands.on('error', (error: Error) => {
    lastError = error.message || lastError;
    if (state === 'unknown') down(); // Redis unreachable from the start
  });
  commands.on('close', () => state === 'up' && down());
  commands.on('ready', () => {
    if (state === 'up') return;
    state = 'up';
    events.onUp();
  });
  return {
    queue,
    events: queueEvents,
    reader,
    commands,
    label: redactUrl(url),
    connected: () => state === 'up',
    async close() {
      reader.disconnect();
      commands.disconnect();
      // A graceful close waits for Redis; when it is down, give up after a moment and cut.
      const graceful = Promise.allSettled([queueEvents.close(), queue.close()]);
      const cut = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      if ((await Promise.race([graceful.then(() => 'closed'), cut])) !== 'closed') {
        // Not awaited: BullMQ's disconnect also waits for a Redis that is gone.
        void queueEvents.disconnect().catch(() => undefined);
        void queue.disconnect().catch(() => undefined);
      }
    },
  };
}
