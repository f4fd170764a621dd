/**
 * `backprop serve [--port N] [--db PATH] [--redis URL]`: the workbench UI in a browser, on
 * 127.0.0.1 only, behind a per-launch token carried in the printed URL. With --redis (or the
 * redisUrl setting) runs train on `backprop worker` processes (docs/several-machines.md).
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { createAppCore } from '../../core/app';
import { resolveDbPath } from '../../core/paths';
import { createForkTrainerHost } from '../../core/runner/fork-host';
import { findPackageRoot } from '../../core/runner/trainer-entry';
import { startServer } from '../../server/server';
import { parsePort, parseRedisUrl } from '../options';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench UI on 127.0.0.1 (open the printed URL in a browser)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 5170)
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option(
      '--redis <url>',
      'queue runs on Redis for `backprop worker` processes (default: the redisUrl setting)',
      parseRedisUrl,
    )
    .action(async (options: { port: number; db?: string; redis?: string }) => {
      const rendererDir = join(findPackageRoot(), 'out', 'renderer');
      if (!existsSync(join(rendererDir, 'index.html'))) {
        throw new Error('The UI is not built yet: run `npm run build` in the project folder');
      }
      const dbPath = resolveDbPath(options.db);
      const core = await createAppCore({
        dbPath,
        host: 'serve',
        trainerHost: createForkTrainerHost(),
        redisUrl: options.redis,
      });
      let server;
      try {
        server = await startServer({ services: core.services, rendererDir, port: options.port });
      } catch (error) {
        await core.close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(
            `Port ${options.port} is in use: choose another with --port, or --port 0 for any free port`,
            { cause: error },
          );
        }
        throw error;
      }
      process.stdout.write(`Backprop Workbench is running at ${server.url}\n`);
      process.stdout.write(
        `Database: ${dbPath}\nPress Ctrl+C to stop (running trainings resume at the next start).\n`,
      );
      const stop = async () => {
        await server.close();
        await core.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
