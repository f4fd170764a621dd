/**
 * Imported runs and unbounded dataset files on the command line (needs `npm run build`):
 * `train` on /dev/zero ends with a sentence instead of reading forever, `resume` of an imported
 * run is refused keeping its epochs, and `relink` points it at a file here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntryOf } from '../../src-shared/report/bundle';
import { fixtureRun } from '../../src-shared/report/report.testing';
import { tempDir } from '../core/store/store.testing';
import { openStore } from '../core/store/store';
import { goodCsvRows, writeCsv } from '../bad-input/dataset-files';
import { requireBuiltCli, runCli } from './cli.testing';

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  requireBuiltCli();
  tmp = tempDir('backprop-imported-cli-');
  db = join(tmp.dir, 'cli.db');
});
afterEach(() => tmp.cleanup());

/** Imports a run trained elsewhere on `path` with 41 epoch records; returns its id. */
function importSenderRun(path: string): number {
  const run = fixtureRun(1, { dataset: { kind: 'csv', path }, layers: [4, 3, 2] }, 40);
  run.status = 'paused';
  const store = openStore(db);
  try {
    return store.importRuns([bundleEntryOf(run, null, null)])[0];
  } finally {
    store.close();
  }
}

const epochCount = (id: number): number => {
  const store = openStore(db);
  try {
    return store.epochs.count(id);
  } finally {
    store.close();
  }
};

describe('dataset files and imported runs on the command line', () => {
  it('ends `train` on /dev/zero at once with a sentence', { timeout: 30_000 }, async () => {
    const config = join(tmp.dir, 'zero.json');
    const input = { dataset: { kind: 'csv', path: '/dev/zero' }, layers: [4, 3, 2] };
    writeFileSync(config, JSON.stringify({ ...input, learningRate: 1, batchSize: 2, epochs: 1 }));
    const result = await runCli(['train', '--config', config, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/dev\/zero: is a device, expected a regular file/);
  });

  it('refuses to resume an imported run, keeping its 41 epochs', async () => {
    const id = importSenderRun('/home/sender/data.csv');
    const result = await runCli(['resume', String(id), '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Run ${id}'s dataset path "/home/sender/data.csv" came with an imported bundle: point it at a file on this machine first`,
    );
    expect(epochCount(id)).toBe(41);
  });

  it('points an imported run at a file here with `relink`', async () => {
    const id = importSenderRun('/home/sender/data.csv');
    const mine = writeCsv(tmp.dir, 'mine.csv', `${goodCsvRows.join('\n')}\n`);
    const result = await runCli(['relink', String(id), mine, '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`Run ${id} now reads its dataset from ${mine}\n`);
    const store = openStore(db);
    try {
      expect(store.runs.get(id)?.config.dataset).toEqual({ kind: 'csv', path: mine });
      expect(store.importedRuns.foreignDatasetPath(id)).toBeNull();
    } finally {
      store.close();
    }
  });
});
