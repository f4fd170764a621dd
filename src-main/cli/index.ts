/**
 * The `backprop` command line. Each subcommand lives in its own module under ./commands and is
 * picked up at build time, so adding one is one new file. Only the module of the command being
 * run is loaded (the others pull in the server, Redis clients and the like): all of them only
 * for help, the version or an unknown command.
 */
import { Command, CommanderError } from 'commander';
import type { CliCommand } from './command';
import { printable } from '../../src-shared/base/printable';
import { messageOf } from '../../src-shared/base/errors';
import { EXIT, exitCodesHelp } from './foreground/exit-codes';

const loaders = import.meta.glob<CliCommand>(['./commands/*.ts', '!./commands/*.test.ts']);

/** The command modules argv needs: the named command's, or every one. */
async function commandModules(argv: string[]): Promise<CliCommand[]> {
  const named = `./commands/${argv[2] ?? ''}.ts`;
  const files = named in loaders ? [named] : Object.keys(loaders).sort();
  return Promise.all(files.map((file) => loaders[file]()));
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('backprop')
    .description('Backprop Workbench: train, queue, compare and explain small neural networks.')
    .version(__APP_VERSION__)
    .showHelpAfterError('(add --help for the usage)')
    .showSuggestionAfterError()
    .addHelpText('after', exitCodesHelp)
    // A subcommand's options are its own: `runs show 3 --json` is show's --json, not runs'.
    .enablePositionalOptions()
    // Usage errors quote what was typed: shown, never obeyed by the terminal.
    .configureOutput({ outputError: (text, write) => write(printable(text)) })
    .exitOverride();
  try {
    for (const mod of await commandModules(argv)) mod.register(program);
    await program.parseAsync(argv, { from: 'node' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help or version asked for); every error it
      // raises is a usage error: unknown command or option, missing or malformed argument.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    // Errors quote user text (file names, config values): shown, never obeyed by the terminal.
    process.stderr.write(`backprop: ${printable(messageOf(error))}\n`);
    if (process.env.BACKPROP_DEBUG) console.error(error);
    process.exitCode = EXIT.error;
  }
}

void main(process.argv);
