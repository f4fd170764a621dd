/**
 * `backprop worker --redis redis://HOST:PORT [--concurrency N] [--threads T]`: train runs from
 * the owner's Redis queue on this machine, with progress in this terminal. See
 * docs/several-machines.md for the whole setup.
 */
import type { Command } from 'commander';
import { redactUrl } from '../../core/remote/protocol';
import { requireTrainerEntry } from '../../core/runner/trainer-entry';
import { createForkTrainerHost } from '../../core/runner/fork-host';
import { startWorker } from '../../worker/worker';
import { parsePositiveInt, parseRedisUrl } from '../options';
import { createProgressView } from '../foreground/progress-view';

interface WorkerCliOptions {
  redis: string;
  concurrency: number;
  threads?: number;
  lockDuration?: number;
  stalledInterval?: number;
}

export function register(program: Command): void {
  program
    .command('worker')
    .description("train runs from an owner's Redis queue on this machine")
    .requiredOption(
      '--redis <url>',
      'the Redis the owner uses: redis://[:password@]host:port[/db] or rediss:// (TLS)',
      parseRedisUrl,
    )
    .option('--concurrency <n>', 'runs at a time on this machine', parsePositiveInt, 1)
    .option('--threads <n>', 'threads per run (default: cores / concurrency)', parsePositiveInt)
    .option('--lock-duration <ms>', 'BullMQ job lock (default 20000)', parsePositiveInt)
    .option('--stalled-interval <ms>', 'BullMQ stalled check (default 10000)', parsePositiveInt)
    .action(work);
}

async function work(options: WorkerCliOptions): Promise<void> {
  const trainerHost = createForkTrainerHost(requireTrainerEntry());
  const view = createProgressView();
  const worker = startWorker({
    redisUrl: options.redis,
    concurrency: options.concurrency,
    threads: options.threads,
    stall: { lockDurationMs: options.lockDuration, stalledIntervalMs: options.stalledInterval },
    trainerHost,
    view,
    log: (line) => view.log(line),
  });
  process.stderr.write(
    `Worker ${worker.name} on ${redactUrl(options.redis)}: up to ${options.concurrency} run(s) ` +
      `at a time, ${worker.threads} thread(s) each. A worker that dies is noticed within ` +
      `${Math.round(worker.stallBoundMs / 1000)} s. Ctrl+C hands running runs back to the queue.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write('\nStopping: running runs go back to the queue…\n');
      void worker.close().finally(() => {
        view.stop();
        resolve();
        // Connections to a Redis that is gone may keep timers alive; nothing is left to do.
        process.exit();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
