/**
 * Stores left behind by earlier versions (see legacyDbPaths in ./paths): found, offered, and on
 * request copied into the current store through the bundle import (the same rows a bundle file
 * would give, all in one transaction). The old store is read from a temporary copy (opening it
 * would bring it to the current schema), so it is never changed or deleted; a small note
 * beside it (`<old db>.import-note.json`) records the decision, so the offer is made until the
 * user imports the runs or chooses to keep that store apart.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunBundleEntry } from '../../src-shared/contract/types';
import { bundleEntryOf } from '../../src-shared/report/bundle';
import { openStore, type Store } from './store/store';

export interface ImportNote {
  decision: 'imported' | 'kept-apart';
  /** The store the runs went into (or that the user kept apart from). */
  into: string;
  at: string;
  runIds?: number[];
}

export function importNotePath(legacyDbPath: string): string {
  return `${legacyDbPath}.import-note.json`;
}

/** The old stores that exist, are not `dbPath` and carry no decision yet: the ones to offer. */
export function legacyStoresToOffer(dbPath: string, candidates: string[]): string[] {
  return candidates.filter(
    (old) =>
      resolve(old) !== resolve(dbPath) && existsSync(old) && !existsSync(importNotePath(old)),
  );
}

export function writeImportNote(legacyDbPath: string, note: ImportNote): void {
  writeFileSync(importNotePath(legacyDbPath), `${JSON.stringify(note, null, 2)}\n`);
}

/** The printed notice of the CLI and `serve` for stores they found (empty when none). */
export function legacyStoreNotice(stores: string[]): string {
  return stores
    .map(
      (old) =>
        `Runs of an earlier version are in another store: ${old}\n` +
        `  They are not in this one. Import them with: backprop import --store "${old}"\n` +
        `  (or keep that store apart and stop this notice: backprop import --store "${old}" --keep-apart)\n`,
    )
    .join('');
}

/** Runs `use` on a temporary copy of the store (with its write-ahead log, which holds the newest
 * commits when its owner did not close cleanly). */
function withCopyOf<T>(dbPath: string, use: (copy: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-legacy-'));
  try {
    const copy = join(dir, 'workbench.db');
    copyFileSync(dbPath, copy);
    if (existsSync(`${dbPath}-wal`)) copyFileSync(`${dbPath}-wal`, `${copy}-wal`);
    return use(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every run of a store (not deleted ones) as bundle entries. */
function entriesOf(source: Store): RunBundleEntry[] {
  const experiments = new Map(source.experiments.list().map((e) => [e.id, e.name]));
  return source.runs
    .list()
    .reverse() // oldest first, so the imported ids keep the old order
    .map((summary) => {
      const { id, experimentId } = summary;
      const detail = {
        ...summary,
        epochs: source.epochs.list(id),
        findings: source.findings.list(id),
      };
      const experiment = experimentId === null ? null : (experiments.get(experimentId) ?? null);
      return bundleEntryOf(detail, source.weights.get(id), experiment);
    });
}

/**
 * Copies every run of the old store at `sourcePath` into `target` (one transaction), then notes
 * the import beside the old store. Returns the new run ids.
 */
export function importLegacyStore(
  target: Store,
  sourcePath: string,
  options: { nativeBinding?: string; now?: Date } = {},
): number[] {
  if (!existsSync(sourcePath) || !statSync(sourcePath).isFile())
    throw new Error(`--store ${sourcePath}: no such file (expected a workbench.db store)`);
  if (resolve(sourcePath) === resolve(target.path))
    throw new Error(`--store ${sourcePath}: that is the store being imported into`);
  const runIds = withCopyOf(sourcePath, (copy) => {
    let source: Store;
    try {
      source = openStore(copy, { nativeBinding: options.nativeBinding });
    } catch (error) {
      throw new Error(`--store ${sourcePath}: ${(error as Error).message}`, { cause: error });
    }
    try {
      return target.importRuns(entriesOf(source), 'local-store');
    } finally {
      source.close();
    }
  });
  const at = (options.now ?? new Date()).toISOString();
  writeImportNote(sourcePath, { decision: 'imported', into: target.path, at, runIds });
  return runIds;
}
