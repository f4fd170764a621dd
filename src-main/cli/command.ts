/** What every `backprop` subcommand module exports: src-main/cli/commands/<name>.ts. */
import type { Command } from 'commander';

export interface CliCommand {
  /** Adds the subcommand, its options and its action to the program. */
  register(program: Command): void;
}
