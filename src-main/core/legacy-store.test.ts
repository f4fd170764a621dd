import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntryOf } from '../../src-shared/report/bundle';
import { fixtureRun, fixtureWeights } from '../../src-shared/report/report.testing';
import { openStore } from './store/store';
import { tempDir } from './store/store.testing';
import {
  importLegacyStore,
  importNotePath,
  legacyStoreNotice,
  legacyStoresToOffer,
  writeImportNote,
} from './legacy-store';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

/** An old store with two runs, one in an experiment with weights; returns its path. */
function oldStore(): string {
  const path = join(tmp.dir, 'old', 'workbench.db');
  const store = openStore(path);
  store.importRuns([
    bundleEntryOf(fixtureRun(1, { name: 'old baseline' }, 3), fixtureWeights(8), 'old sweep'),
    bundleEntryOf(fixtureRun(2, { name: 'old second' }, 2), null, null),
  ]);
  store.close();
  return path;
}

describe('stores of earlier versions', () => {
  it('are offered while they exist, differ from the current store and carry no decision', () => {
    tmp = tempDir('backprop-legacy-');
    const old = oldStore();
    const current = join(tmp.dir, 'new', 'workbench.db');
    const missing = join(tmp.dir, 'gone', 'workbench.db');
    expect(legacyStoresToOffer(current, [old, missing, current])).toEqual([old]);
    expect(legacyStoreNotice([old])).toContain(`backprop import --store "${old}"`);
    writeImportNote(old, { decision: 'kept-apart', into: current, at: 'now' });
    expect(legacyStoresToOffer(current, [old])).toEqual([]);
    expect(legacyStoreNotice([])).toBe('');
  });

  it('import copies every run (with weights and experiment) and leaves the old file as it was', () => {
    tmp = tempDir('backprop-legacy-');
    const old = oldStore();
    const before = readFileSync(old);
    const beforeTime = statSync(old).mtimeMs;
    const target = openStore(join(tmp.dir, 'new', 'workbench.db'));
    try {
      const ids = importLegacyStore(target, old, { now: new Date('2026-01-01T00:00:00Z') });
      expect(ids).toHaveLength(2);
      const names = ids.map((id) => target.runs.get(id)?.name);
      expect(names).toEqual(['old baseline', 'old second']);
      expect(target.weights.get(ids[0])).toEqual(fixtureWeights(8));
      expect(target.experiments.list().map((e) => e.name)).toEqual(['old sweep']);
      expect(readFileSync(old).equals(before)).toBe(true);
      expect(statSync(old).mtimeMs).toBe(beforeTime);
      expect(JSON.parse(readFileSync(importNotePath(old), 'utf8'))).toEqual({
        decision: 'imported',
        into: target.path,
        at: '2026-01-01T00:00:00.000Z',
        runIds: ids,
      });
      expect(legacyStoresToOffer(target.path, [old])).toEqual([]);
    } finally {
      target.close();
    }
  });

  it('refuses a file that is not a store, naming it, and imports nothing', () => {
    tmp = tempDir('backprop-legacy-');
    const bogus = join(tmp.dir, 'notes.db');
    writeFileSync(bogus, 'not sqlite at all, just some text that is long enough'.repeat(20));
    const target = openStore(join(tmp.dir, 'new', 'workbench.db'));
    try {
      expect(() => importLegacyStore(target, bogus)).toThrow(`--store ${bogus}:`);
      expect(() => importLegacyStore(target, join(tmp.dir, 'none.db'))).toThrow(/no such file/);
      expect(() => importLegacyStore(target, target.path)).toThrow(/being imported into/);
      expect(target.runs.list()).toEqual([]);
      expect(existsSync(importNotePath(bogus))).toBe(false);
    } finally {
      target.close();
    }
  });
});
