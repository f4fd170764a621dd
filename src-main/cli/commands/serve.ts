/**
 * `backprop serve [--port N] [--db PATH] [--redis URL] [--open]`: the workbench UI in a browser,
 * on 127.0.0.1 only. The printed address signs a browser in (a session cookie); the store's owner
 * file keeps the port and the session secret, so a restart keeps the address and the signed-in
 * tabs. With --redis (or the redisUrl setting) runs train on `backprop worker` processes
 * (docs/several-machines.md).
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { legacyStoreNotice, legacyStoresToOffer } from '../../core/legacy-store';
import { legacyDbPaths } from '../../core/paths';
import { checkedDbPath } from '../foreground/db-path';
import { createForkTrainerHost } from '../../core/runner/fork-host';
import { findPackageRoot } from '../../core/runner/trainer-entry';
import { openInBrowser } from '../../server/open-browser';
import { openStoreSession } from '../../owner/session';
import { onStopSignals } from '../foreground/signals';
import { parsePort, parseRedisUrl } from '../options';

const DEFAULT_PORT = 5170;

interface ServeCommandOptions {
  port?: number;
  db?: string;
  redis?: string;
  open?: boolean;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench UI on 127.0.0.1 (open the printed URL in a browser)')
    .option(
      '--port <n>',
      `port to listen on (default: the one this store used last, else ${DEFAULT_PORT}; 0 picks a free one)`,
      parsePort,
    )
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option(
      '--redis <url>',
      'queue runs on Redis for `backprop worker` processes (default: the redisUrl setting)',
      parseRedisUrl,
    )
    .option('--open', 'open the address in the default browser')
    .action(serveCommand);
}

async function serveCommand(options: ServeCommandOptions): Promise<void> {
  const rendererDir = join(findPackageRoot(), 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('The UI is not built yet: run `npm run build` in the project folder');
  }
  const dbPath = checkedDbPath(options.db, 'create');
  const session = await openStoreSession({
    dbPath,
    host: 'serve',
    command: 'backprop serve',
    trainerHost: () => createForkTrainerHost(),
    wholeQueue: true,
    redisUrl: options.redis,
    port: options.port,
    fallbackPort: DEFAULT_PORT,
    onPortTaken: (port, next) =>
      process.stderr.write(
        `Port ${port}, which this store used last, is in use: trying ${next} (open tabs of the old address will not reach this server).\n`,
      ),
  });
  if (session.role === 'client') {
    // One owner per store: the running one serves it; say where, and leave it be.
    await session.close();
    const { owner } = session;
    process.stdout.write(
      `Backprop Workbench is already running for this store at ${session.url}\n` +
        `(${owner.command}, pid ${owner.pid}). Database: ${dbPath}\n`,
    );
    if (options.open) await openAddress(session.url);
    return;
  }
  process.stdout.write(`Backprop Workbench is running at ${session.url}\n`);
  process.stdout.write(
    `Database: ${dbPath}\nPress Ctrl+C to stop (running trainings resume at the next start).\n`,
  );
  // Runs kept by an earlier version elsewhere: say where, and how to bring them here.
  if (!options.db && !process.env.BACKPROP_DB)
    process.stdout.write(legacyStoreNotice(legacyStoresToOffer(dbPath, legacyDbPaths())));
  if (options.open) await openAddress(session.url);
  onStopSignals(async () => {
    await session.close();
    process.exit(0);
  });
}

async function openAddress(url: string): Promise<void> {
  if (process.env.BACKPROP_NO_OPEN) return; // the e2e suite drives its own browser
  const reason = await openInBrowser(url);
  if (reason)
    process.stdout.write(`Could not open a browser (${reason}): open the address above.\n`);
}
