import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openStore, type Store } from './store';
import { migrate, SchemaTooNewError } from './migrate';
import { migrations } from './migrations';
import { KEEP_CHECKPOINTS } from './checkpoints-repo';
import { decodeWeights, encodeWeights } from './weights-repo';
import { epochRecord, xorConfig } from './store.testing';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import type { RunBundleEntry } from '../../../src-shared/contract/types';
import { useTempStore } from './temp-store.testing';

let store: Store;
let tmpDir: string;
useTempStore((opened, dir) => ([store, tmpDir] = [opened, dir]));

const newRun = (name = 'run', experimentId: number | null = null) =>
  store.runs.insert({
    experimentId,
    name,
    config: xorConfig({ name }),
    engineVersion: ENGINE_VERSION,
  });

describe('migrations', () => {
  it('give a fresh database every table, the newest user_version, WAL and foreign keys', () => {
    const tables = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      [
        'checkpoints',
        'epoch_details',
        'epochs',
        'experiments',
        'findings',
        'imported_runs',
        'logged_runs',
        'remote_runs',
        'run_files',
        'run_metrics',
        'runs',
        'settings',
        'weights',
      ].sort(),
    );
    expect(store.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuse a database from a newer version with a clear message and leave it untouched', () => {
    const path = join(tmpDir, 'newer.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openStore(path)).toThrow(SchemaTooNewError);
    expect(() => openStore(path)).toThrow(
      `newer.db was written by a newer Backprop Workbench (schema 99, this version knows ${migrations.length})`,
    );
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    expect(
      after.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get(),
    ).toBe(0);
    after.close();
  });

  it('apply all steps in one transaction: a failing step leaves the old schema', () => {
    const raw = new Database(':memory:');
    const failing = {
      version: migrations.length + 1,
      name: 'broken',
      up: () => raw.exec('CREATE TABLE nope (x'),
    };
    expect(() => migrate(raw, [...migrations, failing])).toThrow();
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(
      raw.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get(),
    ).toBe(0);
    raw.close();
  });

  it('apply nothing to a database that is already current', () => {
    expect(migrate(store.db, migrations)).toEqual([]);
  });
});

describe('epochs', () => {
  it('keep NaN, +Infinity and -Infinity in scalar metrics, layer statistics and the run summary', () => {
    const id = newRun();
    const diverged = epochRecord(3, {
      trainCost: Number.NaN,
      validationCost: Number.POSITIVE_INFINITY,
      testCost: Number.NEGATIVE_INFINITY,
      validationAccuracy: Number.NaN,
      meanOutput: [Number.NaN, Number.POSITIVE_INFINITY],
    });
    diverged.layers[0].gradientNorm = Number.POSITIVE_INFINITY;
    diverged.layers[1].preActivation = { mean: Number.NaN, std: Number.NEGATIVE_INFINITY };
    for (const record of [epochRecord(0), epochRecord(1), diverged]) {
      store.recordEpoch({ runId: id, record, checkpoint: new Uint8Array([record.epoch]) });
    }
    const back = store.epochs.list(id);
    expect(back).toEqual([epochRecord(0), epochRecord(1), diverged]);
    expect(Object.is(back[2].trainCost, Number.NaN)).toBe(true);
    expect(back[2].testAccuracy).toBe(diverged.testAccuracy);
    const curve = store.epochs.curve(id);
    expect(curve.epoch).toEqual([0, 1, 3]);
    expect(curve.trainCost[2]).toBeNaN();
    expect(curve.validationCost[2]).toBe(Number.POSITIVE_INFINITY);
    expect(curve.testCost[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(store.runs.get(id)?.final?.trainCost).toBeNaN();
  });

  it('keep null metrics as null, distinct from NaN', () => {
    const id = newRun();
    const record = epochRecord(0, {
      validationCost: null,
      validationAccuracy: null,
      trainAccuracy: null,
    });
    store.recordEpoch({ runId: id, record, checkpoint: new Uint8Array(1) });
    const [back] = store.epochs.list(id);
    expect(back.validationCost).toBeNull();
    expect(back.validationAccuracy).toBeNull();
  });

  it('update the run summary with the latest and best epoch as epochs arrive', () => {
    const id = newRun();
    const accuracies = [0.1, 0.8, 0.6];
    accuracies.forEach((a, epoch) =>
      store.recordEpoch({
        runId: id,
        record: epochRecord(epoch, { validationAccuracy: a }),
        checkpoint: new Uint8Array(1),
      }),
    );
    expect(store.runs.get(id)?.final).toMatchObject({
      epochs: 2,
      validationAccuracy: 0.6,
      bestValidationAccuracy: 0.8,
      bestEpoch: 1,
    });
  });
});

describe('checkpoints and weights', () => {
  it('keep only the newest checkpoints of a run', () => {
    const id = newRun();
    for (let epoch = 0; epoch < 6; epoch++) {
      store.recordEpoch({
        runId: id,
        record: epochRecord(epoch),
        checkpoint: new Uint8Array([epoch, 7]),
      });
    }
    expect(store.checkpoints.epochs(id)).toEqual([3, 4, 5].slice(-KEEP_CHECKPOINTS));
    expect(Array.from(store.checkpoints.latest(id)?.data ?? [])).toEqual([5, 7]);
  });

  it('store a conv net’s conv weights after the dense ones, and read blobs without them as before', () => {
    const dense = { weights: [[[0.25, -1]]], biases: [[0.5]] };
    const conv = {
      ...dense,
      features: { weights: [[1, -2, 3, 1e-300], [0.5]], biases: [[Math.PI], [-7]] },
    };
    expect(decodeWeights(encodeWeights(conv))).toEqual(conv);
    expect(decodeWeights(encodeWeights(dense))).toEqual(dense);
    expect(decodeWeights(encodeWeights(dense))).not.toHaveProperty('features');
  });

  it('store final weights exactly, in Nielsen layout', () => {
    const weights = {
      weights: [
        [
          [0.1, -0.2],
          [Math.fround(0.3), 1e-300],
          [5, 6],
        ],
        [[1, 2, 3]],
      ],
      biases: [[0.5, -0.5, 0], [Math.PI]],
    };
    expect(decodeWeights(encodeWeights(weights))).toEqual(weights);
    const id = newRun();
    store.recordEpoch({
      runId: id,
      record: epochRecord(0),
      checkpoint: new Uint8Array(1),
      weights,
    });
    expect(store.weights.get(id)).toEqual(weights);
    expect(store.weights.get(newRun())).toBeNull();
  });
});

describe('runs', () => {
  it('list newest first, filter by status, search and star, and hide soft-deleted runs until restored', () => {
    const a = newRun('alpha');
    const b = newRun('beta');
    const c = newRun('gamma 100%');
    store.runs.update(b, { starred: true, tags: ['keep'] });
    store.runs.markEnded(c, { status: 'failed', error: 'boom', exitCode: 1 });
    expect(store.runs.list().map((r) => r.id)).toEqual([c, b, a]);
    expect(store.runs.list({ status: ['failed'] }).map((r) => r.id)).toEqual([c]);
    expect(store.runs.list({ starred: true }).map((r) => r.id)).toEqual([b]);
    expect(store.runs.list({ search: '100%' }).map((r) => r.id)).toEqual([c]);
    expect(store.runs.list({ search: 'keep' }).map((r) => r.id)).toEqual([b]);
    store.runs.remove([a, b]);
    expect(store.runs.list().map((r) => r.id)).toEqual([c]);
    expect(store.runs.get(a)).toBeUndefined();
    store.runs.restore([a]);
    expect(store.runs.list().map((r) => r.id)).toEqual([c, a]);
    expect(store.runs.get(c)).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it("tag a run with the rule ids of the doctor's warnings and errors, not its info notes", () => {
    const a = newRun('stuck');
    const b = newRun('healthy');
    const finding = (rule: string, severity: 'info' | 'warning' | 'error', epoch = 0) => ({
      rule,
      severity,
      epoch,
      title: rule,
      message: rule,
      evidence: {},
      suggestion: '',
    });
    store.findings.replace(a, [
      finding('saturated-layer', 'error'),
      finding('saturated-layer', 'warning', 2),
      finding('chance-plateau', 'warning'),
      finding('note', 'info'),
    ]);
    store.findings.replace(b, [finding('note', 'info')]);
    expect(store.runs.get(a)?.doctorTags?.sort()).toEqual(['chance-plateau', 'saturated-layer']);
    expect(store.runs.list().find((r) => r.id === b)?.doctorTags).toEqual([]);
    store.findings.replace(a, []);
    expect(store.runs.get(a)?.doctorTags).toEqual([]);
  });

  it('read every summary field from its own column, in get and list alike', () => {
    const config = xorConfig({ seed: 77 });
    const id = store.runs.insert({
      experimentId: null,
      name: 'every field',
      config,
      status: 'failed',
      priority: 3,
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: '2026-01-02T00:00:00.000Z',
      finishedAt: '2026-01-03T00:00:00.000Z',
      error: 'boom',
      attempts: 4,
      tags: ['a', 'b'],
      notes: 'some notes',
      starred: true,
      host: 'box-1',
      engineVersion: 'engine-x',
      final: null,
    });
    const expected = {
      id,
      experimentId: null,
      name: 'every field',
      config,
      status: 'failed',
      seed: 77,
      priority: 3,
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: '2026-01-02T00:00:00.000Z',
      finishedAt: '2026-01-03T00:00:00.000Z',
      error: 'boom',
      attempts: 4,
      tags: ['a', 'b'],
      doctorTags: [],
      notes: 'some notes',
      starred: true,
      host: 'box-1',
      engineVersion: 'engine-x',
      final: null,
      progress: null,
    };
    expect(store.runs.get(id)).toEqual(expected);
    expect(store.runs.list().find((r) => r.id === id)).toEqual(expected);
  });

  it('order the queue by priority then position, and move a run before another or to the end', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => newRun(n));
    expect(store.runs.queuedIds()).toEqual([a, b, c, d]);
    store.runs.move(d, a);
    expect(store.runs.queuedIds()).toEqual([d, a, b, c]);
    store.runs.move(d, null);
    expect(store.runs.queuedIds()).toEqual([a, b, c, d]);
    store.runs.move(a, c);
    expect(store.runs.queuedIds()).toEqual([b, a, c, d]);
    store.runs.markRunning(b, 'test');
    expect(() => store.runs.move(b, null)).toThrow(/Run \d+ is not queued/);
    expect(store.runs.queuedIds()).toEqual([a, c, d]);
  });

  it('group runs into experiments', () => {
    const sweep = store.experiments.insert('init sweep', 'sweep', { seeds: [1, 2] });
    const r1 = newRun('one', sweep);
    const r2 = newRun('two', sweep);
    newRun('alone');
    expect(store.experiments.list()).toEqual([
      expect.objectContaining({ id: sweep, name: 'init sweep', kind: 'sweep', runIds: [r1, r2] }),
    ]);
  });
});

describe('importRuns', () => {
  const entry = (name: string, status: RunBundleEntry['run']['status']): RunBundleEntry => ({
    run: {
      name,
      status,
      config: xorConfig({ name }),
      createdAt: '2024-01-01T00:00:00.000Z',
      startedAt: null,
      finishedAt: null,
      priority: 0,
      seed: 1,
      tags: ['imported'],
      notes: 'from elsewhere',
      starred: false,
      error: null,
      attempts: 1,
      host: 'other-machine',
      engineVersion: ENGINE_VERSION,
      final: null,
      experimentName: 'shared sweep',
    },
    epochs: [epochRecord(0), epochRecord(1, { trainCost: Number.NaN })],
    findings: [],
    weights: { weights: [[[1, 2]]], biases: [[3]] },
  });

  it('recreates runs with epochs and weights under one new experiment', () => {
    const ids = store.importRuns([entry('one', 'completed'), entry('two', 'running')]);
    expect(ids).toHaveLength(2);
    expect(store.runs.get(ids[0])).toMatchObject({
      name: 'one',
      status: 'completed',
      tags: ['imported'],
    });
    // A bundle carries no checkpoints: an unfinished run arrives as a record, not resumable.
    expect(store.runs.get(ids[1])?.status).toBe('cancelled');
    expect(store.epochs.list(ids[0])).toEqual(entry('one', 'completed').epochs);
    expect(store.weights.get(ids[1])).toEqual({ weights: [[[1, 2]]], biases: [[3]] });
    const [experiment] = store.experiments.list();
    expect(experiment).toMatchObject({ name: 'shared sweep', kind: 'sweep', runIds: ids });
  });

  it('writes nothing when one entry is bad', () => {
    const bad = entry('bad', 'completed');
    // A bundle that slipped past validation: the NOT NULL constraint on name rejects it.
    bad.run.name = null as unknown as string;
    expect(() => store.importRuns([entry('good', 'completed'), bad])).toThrow();
    expect(store.runs.list()).toEqual([]);
    expect(store.experiments.list()).toEqual([]);
  });
});
