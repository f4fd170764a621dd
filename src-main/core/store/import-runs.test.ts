import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { bundleEntryOf } from '../../../src-shared/report/bundle';
import { fixtureRun } from '../../../src-shared/report/report.testing';
import { openStore, type Store } from './store';
import { finalOf } from './run-final';
import { tempDir } from './store.testing';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = openStore(join(tmp.dir, 'test.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const statusWhenExported = (id: number) =>
  (
    store.db
      .prepare('SELECT status_when_exported AS s FROM imported_runs WHERE run_id = ?')
      .get(id) as { s: string }
  ).s;

describe('importing runs', () => {
  it('recomputes the summary from the epochs instead of trusting the bundle (no "1000/5 100.00%")', () => {
    const run = fixtureRun(1, { name: 'boastful' }, 5);
    const entry = bundleEntryOf(run, null, null);
    entry.run.final = {
      epochs: 1000,
      trainCost: 0,
      validationAccuracy: 1,
      testAccuracy: 1,
      testCost: 0,
      bestValidationAccuracy: 1,
      bestEpoch: 1000,
    };
    const [id] = store.importRuns([entry]);
    const final = store.runs.get(id)?.final;
    expect(final).toEqual(finalOf(run.epochs));
    expect(final?.epochs).toBe(5);
    expect(final?.testAccuracy).toBeLessThan(1);
  });

  it('keeps a finished status and turns an unfinished one into cancelled, remembering which it was', () => {
    const done = { ...fixtureRun(1, {}, 2), status: 'diverged' as const };
    const paused = { ...fixtureRun(2, {}, 2), status: 'paused' as const };
    const [a, b] = store.importRuns([
      bundleEntryOf(done, null, null),
      bundleEntryOf(paused, null, null),
    ]);
    expect(store.runs.get(a)?.status).toBe('diverged');
    expect(store.runs.get(b)?.status).toBe('cancelled');
    expect(store.runs.get(b)?.error).toMatch(
      /^Imported while paused: .* train a new run with its config instead$/,
    );
    expect(statusWhenExported(b)).toBe('paused');
    expect(store.epochs.count(b)).toBe(3);
  });

  it("records a bundle's dataset path as foreign, but not an earlier local store's or a built-in set's", () => {
    const csv = fixtureRun(1, { dataset: { kind: 'csv', path: '/home/sender/data.csv' } }, 1);
    const idx = fixtureRun(2, { dataset: { kind: 'idx', dir: '/home/sender/idx' } }, 1);
    const [fromBundle, idxFromBundle, builtIn] = store.importRuns(
      [csv, idx, fixtureRun(3, {}, 1)].map((r) => bundleEntryOf(r, null, null)),
    );
    const [fromOldStore] = store.importRuns([bundleEntryOf(csv, null, null)], 'local-store');
    expect(store.importedRuns.foreignDatasetPath(fromBundle)).toBe('/home/sender/data.csv');
    expect(store.importedRuns.foreignDatasetPath(idxFromBundle)).toBe('/home/sender/idx');
    expect(store.importedRuns.foreignDatasetPath(builtIn)).toBeNull();
    expect(store.importedRuns.foreignDatasetPath(fromOldStore)).toBeNull();
  });
});
