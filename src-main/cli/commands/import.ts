/**
 * `backprop import FILE [--db PATH]`: recreates the runs of a bundle (from `backprop export
 * --format bundle` or the app) in the database, all or nothing, and prints their new ids. The same
 * checks as the app's import (parseBundle) run before the database is touched.
 */
import type { Command } from 'commander';
import { parseBundle } from '../../../src-shared/report/bundle';
import { createAppCore } from '../../core/app';
import { resolveDbPath } from '../../core/paths';
import { createForkTrainerHost } from '../../core/runner/fork-host';
import { inFile, readUserFile } from '../foreground/read-json';

interface ImportOptions {
  db?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import the runs of a bundle file into the database')
    .argument('<file>', 'bundle file (.bundle.json)')
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option('--json', 'print {"runIds": [...]} on stdout')
    .action(importCommand);
}

/** Validates the whole bundle before the database is opened, so a bad file changes nothing. */
async function importCommand(file: string, options: ImportOptions): Promise<void> {
  const text = readUserFile(file, 'bundle')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  let bundle;
  try {
    bundle = parseBundle(text);
  } catch (error) {
    throw inFile(file, error);
  }
  const core = await createAppCore({
    dbPath: resolveDbPath(options.db),
    host: 'cli',
    trainerHost: createForkTrainerHost(),
    startQueue: false,
  });
  try {
    const runIds = core.store.importRuns(bundle.runs);
    const list = runIds.map((id) => `#${id}`).join(', ');
    const text = options.json
      ? JSON.stringify({ runIds })
      : `Imported ${runIds.length} run${runIds.length === 1 ? '' : 's'}: ${list}`;
    process.stdout.write(`${text}\n`);
  } finally {
    await core.close();
  }
}
