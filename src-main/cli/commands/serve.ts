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
import type { Services } from '../../../src-shared/contract/services';
import { createAppCore } from '../../core/app';
import { legacyStoreNotice, legacyStoresToOffer } from '../../core/legacy-store';
import { legacyDbPaths, resolveDbPath } from '../../core/paths';
import { createForkTrainerHost } from '../../core/runner/fork-host';
import { findPackageRoot } from '../../core/runner/trainer-entry';
import { openInBrowser } from '../../server/open-browser';
import { readOwnerFile, writeOwnerFile, type OwnerInfo } from '../../server/owner-file';
import { newSecret, startServer, type RunningServer } from '../../server/server';
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
  const dbPath = resolveDbPath(options.db);
  // Read before the store opens, so a damaged owner file stops us with nothing changed.
  const owner = readOwnerFile(dbPath);
  const core = await createAppCore({
    dbPath,
    host: 'serve',
    trainerHost: createForkTrainerHost(),
    redisUrl: options.redis,
  });
  const secret = owner?.secret ?? newSecret();
  let server: RunningServer;
  try {
    server = await listen(core.services, rendererDir, secret, portsToTry(options.port, owner));
    writeOwnerFile(dbPath, {
      host: 'serve',
      pid: process.pid,
      port: server.port,
      secret,
      updatedAt: new Date().toISOString(),
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  process.stdout.write(`Backprop Workbench is running at ${server.url}\n`);
  process.stdout.write(
    `Database: ${dbPath}\nPress Ctrl+C to stop (running trainings resume at the next start).\n`,
  );
  // Runs kept by an earlier version elsewhere: say where, and how to bring them here.
  if (!options.db && !process.env.BACKPROP_DB)
    process.stdout.write(legacyStoreNotice(legacyStoresToOffer(dbPath, legacyDbPaths())));
  if (options.open) await openAddress(server.url);
  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** --port if given; else the port this store used last (so old tabs and bookmarks keep
 * working), falling back to the default when that one is taken. */
function portsToTry(explicit: number | undefined, owner: OwnerInfo | null): number[] {
  if (explicit !== undefined) return [explicit];
  return owner && owner.port !== DEFAULT_PORT ? [owner.port, DEFAULT_PORT] : [DEFAULT_PORT];
}

async function listen(
  services: Services,
  rendererDir: string,
  secret: string,
  ports: number[],
): Promise<RunningServer> {
  for (const [i, port] of ports.entries()) {
    try {
      return await startServer({ services, rendererDir, port, secret });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (i === ports.length - 1) {
        throw new Error(
          `Port ${port} is in use: choose another with --port, or --port 0 for any free port`,
          { cause: error },
        );
      }
      process.stderr.write(
        `Port ${port}, which this store used last, is in use: trying ${ports[i + 1]} (open tabs of the old address will not reach this server).\n`,
      );
    }
  }
  throw new Error('No port to listen on');
}

async function openAddress(url: string): Promise<void> {
  if (process.env.BACKPROP_NO_OPEN) return; // the e2e suite drives its own browser
  const reason = await openInBrowser(url);
  if (reason)
    process.stdout.write(`Could not open a browser (${reason}): open the address above.\n`);
}
