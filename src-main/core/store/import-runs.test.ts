import { describe, expect, it } from 'vitest';
import {
  buildBundle,
  bundleEntryOf,
  encodeBundle,
  parseBundle,
} from '../../../src-shared/report/bundle';
import { loggedRun } from '../../../src-shared/experiment/run-view.testing';
import { fixtureRun } from '../../../src-shared/report/report.testing';
import { type Store } from './store';
import { finalOf } from './run-final';
import { encodeNpy } from '../../../src-shared/report/npy';
import { useTempStore } from './temp-store.testing';

let store: Store;
useTempStore((opened) => (store = opened));

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

describe('importing a logged run', () => {
  const params = { optimizer: { name: 'adam', lr: 0.001 }, layers: [784, 128, 10] };
  const metrics = [
    { key: 'loss', step: 0, epoch: 0, value: 2.3 },
    { key: 'loss', step: 100, epoch: 1, value: Number.NaN },
    { key: 'val_acc', step: 100, epoch: 1, value: 0.91 },
  ];

  it('keeps its params, metrics and extent through a bundle file, and stays logged', () => {
    const run = loggedRun(4, params, metrics);
    const text = encodeBundle(
      buildBundle({
        runs: [run],
        weights: {},
        experimentNames: {},
        exportedAt: '2025-03-05T10:00:00.000Z',
        engineVersion: 'x',
      }),
    );
    const [id] = store.importRuns(parseBundle(text).runs);
    const back = store.runs.get(id)!;
    // The last value of each key, from the metrics above (NaN kept).
    const lastValues = { loss: Number.NaN, val_acc: 0.91 };
    expect(back.logged).toEqual({ ...run.logged, lastStep: 100, lastEpoch: 1, lastValues });
    expect(store.loggedRuns.metrics(id)).toEqual(run.metrics);
    expect(back.final).toBeNull();
  });

  it('gives a second copy its own key, so the client’s key still names the first', () => {
    const entry = bundleEntryOf(loggedRun(4, params, metrics), null, null);
    const [first, second] = store.importRuns([entry, entry]);
    expect(store.loggedRuns.idByKey(entry.run.logged!.key)).toBe(first);
    expect(store.runs.get(second)!.logged!.key).toBe(`${entry.run.logged!.key}#copy-${second}`);
    expect(store.loggedRuns.metrics(second)).toHaveLength(3);
  });

  it('keeps a trained run’s sampled batch cost, and the run stays a trained one', () => {
    const run = {
      ...fixtureRun(5, {}, 2),
      metrics: [{ ...metrics[0], key: 'batch_cost', time: 1 }],
    };
    const [id] = store.importRuns([bundleEntryOf(run, null, null)]);
    expect(store.loggedRuns.metrics(id)).toEqual(run.metrics);
    expect(store.runs.get(id)!.logged).toBeUndefined();
  });

  it('arrives cancelled when it was still being logged, saying so', () => {
    const entry = bundleEntryOf({ ...loggedRun(4, params), status: 'running' }, null, null);
    const [id] = store.importRuns([entry]);
    expect(store.runs.get(id)).toMatchObject({ status: 'cancelled' });
    expect(store.runs.get(id)!.error).toMatch(/still being logged elsewhere/);
  });

  it('carries logged files through a bundle bit for bit, checked again on import', () => {
    const npy = encodeNpy([2, 2], [1, -2, 3.5, 4]);
    const files = [
      { name: 'W1.npy', contentBase64: Buffer.from(npy).toString('base64'), time: 3 },
      { name: 'cfg.json', contentBase64: Buffer.from('{"a":1}').toString('base64'), time: 4 },
    ];
    const text = encodeBundle(
      buildBundle({
        runs: [{ ...loggedRun(4, params, metrics), id: 4 }],
        weights: {},
        experimentNames: {},
        files: { 4: files },
        exportedAt: '2026-01-01T00:00:00.000Z',
        engineVersion: 'test',
      }),
    );
    const [id] = store.importRuns(parseBundle(text).runs);
    expect(store.runFiles.list(id).map((f) => [f.name, f.time, f.arrays.length])).toEqual([
      ['W1.npy', 3, 1],
      ['cfg.json', 4, 0],
    ]);
    expect(store.runFiles.get(id, 'W1.npy')!.contentBase64).toBe(files[0].contentBase64);
  });

  it('refuses a bundled file whose base64 is not base64, naming it (Buffer would skip the junk)', () => {
    const json = Buffer.from('{"a":1}').toString('base64');
    for (const contentBase64 of [`${json.slice(0, 4)}!${json.slice(4)}`, `${json} `, 'e30']) {
      const text = encodeBundle(
        buildBundle({
          runs: [{ ...loggedRun(4, params, metrics), id: 4 }],
          weights: {},
          experimentNames: {},
          files: { 4: [{ name: 'cfg.json', contentBase64, time: 1 }] },
          exportedAt: '2026-01-01T00:00:00.000Z',
          engineVersion: 'test',
        }),
      );
      expect(() => parseBundle(text)).toThrow(/runs\[0\]\.files\[0\]\.contentBase64: .*base64/);
    }
  });

  it('refuses a bundle with a malformed file, naming it, and imports none of its runs', () => {
    const bad = { name: 'W1.npy', contentBase64: Buffer.from('nope').toString('base64'), time: 1 };
    const entries = [
      bundleEntryOf(fixtureRun(1, {}, 2), null, null),
      bundleEntryOf(loggedRun(4, params, metrics), null, null, [bad]),
    ];
    expect(() => store.importRuns(entries)).toThrow(
      /^Invalid bundle: bundle\.runs\[1\]\.files\[0\]: File "W1\.npy": expected an \.npy file/,
    );
    expect(store.runs.list()).toEqual([]);
  });
});
