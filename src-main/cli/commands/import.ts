/**
 * `backprop import FILE [--db PATH]`: recreates the runs of a bundle (from `backprop export
 * --format bundle` or the app) in the database, all or nothing, and prints their new ids. The same
 * checks as the app's import (parseBundle) run before the database is touched.
 * `backprop import --store OLD_DB [--keep-apart]`: the same for every run of another store (an
 * earlier version's, see core/legacy-store), or records that it stays apart.
 * `backprop import --from mlflow|tensorboard PATH [--dry-run]`: another tool's runs as logged
 * runs, each once however often it is imported, or with --dry-run what they would import as
 * (../import-from.ts).
 */
import type { Command } from 'commander';
import { parseBundle } from '../../../src-shared/report/bundle';
import { existsSync } from 'node:fs';
import { importLegacyStore, writeImportNote } from '../../core/legacy-store';
import { checkedDbPath } from '../foreground/db-path';
import { openCliSession } from '../foreground/foreground';
import { inFile, readUserFile } from '../foreground/read-json';
import { importFromCommand, importSourceOf } from '../import-from';

interface ImportOptions {
  db?: string;
  json?: boolean;
  store?: string;
  keepApart?: boolean;
  from?: string;
  dryRun?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'import the runs of a bundle file into the database (or, with --from, those of MLflow or TensorBoard)',
    )
    .argument('[file]', 'bundle file (.bundle.json); with --from, the mlruns or log folder')
    .option('--db <path>', 'SQLite database file (default: BACKPROP_DB or the user data folder)')
    .option(
      '--store <path>',
      'import every run of another store (workbench.db) instead of a bundle',
    )
    .option('--keep-apart', 'with --store: import nothing and stop offering that store')
    .option('--from <tool>', 'read runs of another tool at the path given: mlflow or tensorboard')
    .option('--dry-run', 'with --from: print what would be imported, change nothing')
    .option(
      '--json',
      'print {"runIds": [...]} on stdout (with --from also "alreadyImported"; with --dry-run the runs read)',
    )
    .action(async (file: string | undefined, options: ImportOptions) => {
      if (options.from !== undefined) return importFromAction(file, options);
      if (options.dryRun) throw new Error('--dry-run needs --from mlflow|tensorboard PATH');
      if (file !== undefined && options.store !== undefined)
        throw new Error('Give either a bundle file or --store PATH, not both');
      if (options.keepApart && options.store === undefined)
        throw new Error('--keep-apart needs --store PATH');
      if (options.store !== undefined) return importStoreCommand(options.store, options);
      if (file === undefined) throw new Error('Give a bundle file, or --store PATH');
      return importCommand(file, options);
    });
}

function importFromAction(path: string | undefined, options: ImportOptions): Promise<void> {
  const from = importSourceOf(options.from!);
  if (options.store !== undefined || options.keepApart)
    throw new Error("--from reads another tool's runs: give it a path, not --store");
  if (path === undefined) throw new Error(`--from ${from} needs the path to read`);
  return importFromCommand(from, path, options);
}

function printRunIds(runIds: number[], json?: boolean): void {
  const list = runIds.map((id) => `#${id}`).join(', ');
  const text = json
    ? JSON.stringify({ runIds })
    : `Imported ${runIds.length} run${runIds.length === 1 ? '' : 's'}: ${list}`;
  process.stdout.write(`${text}\n`);
}

/** Every run of another store, in one transaction; the old store is only read. */
async function importStoreCommand(store: string, options: ImportOptions): Promise<void> {
  const dbPath = checkedDbPath(options.db, 'create');
  if (options.keepApart) {
    if (!existsSync(store)) throw new Error(`--store ${store}: no such file`);
    writeImportNote(store, { decision: 'kept-apart', into: dbPath, at: new Date().toISOString() });
    process.stdout.write(`${store} stays apart; it will not be offered again.\n`);
    return;
  }
  const session = await openCliSession({ db: options.db, command: 'backprop import --store' });
  try {
    if (session.role === 'client') {
      throw new Error(
        `The store is open in ${session.owner.command} (pid ${session.owner.pid}): stop it, then import ${store}`,
      );
    }
    printRunIds(importLegacyStore(session.core.store, store), options.json);
  } finally {
    await session.close();
  }
}

/** Validates the whole bundle before the database is opened, so a bad file changes nothing. */
async function importCommand(file: string, options: ImportOptions): Promise<void> {
  const text = readUserFile(file, 'bundle')
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  try {
    parseBundle(text);
  } catch (error) {
    throw inFile(file, error);
  }
  // The owner (this command, or the app or `serve` when running) checks the bundle again and
  // writes it, all or nothing.
  const session = await openCliSession({ db: options.db, command: 'backprop import' });
  try {
    const base64 = Buffer.from(text, 'utf8').toString('base64');
    const { runIds } = await session.services.reports.importBundle(base64);
    printRunIds(runIds, options.json);
  } finally {
    await session.close();
  }
}
