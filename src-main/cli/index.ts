/**
 * The `backprop` command line. Each subcommand lives in its own module under ./commands and is
 * picked up at build time, so adding one is one new file.
 */
import { Command, CommanderError } from 'commander';
import type { CliCommand } from './command';
import { describeError } from './errors';

const modules = import.meta.glob<CliCommand>(['./commands/*.ts', '!./commands/*.test.ts'], {
  eager: true,
});

export async function main(argv: string[]): Promise<void> {
  const program = new Command('backprop')
    .description('Backprop Workbench: train, queue, compare and explain small neural networks.')
    .version(__APP_VERSION__)
    .showHelpAfterError()
    .exitOverride();
  const byFile = Object.entries(modules).sort(([a], [b]) => a.localeCompare(b));
  for (const [, mod] of byFile) mod.register(program);
  try {
    await program.parseAsync(argv, { from: 'node' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`backprop: ${describeError(error)}\n`);
    if (process.env.BACKPROP_DEBUG) console.error(error);
    process.exitCode = 1;
  }
}

void main(process.argv);
