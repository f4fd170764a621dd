/**
 * The trash over a real store, through the contract's dispatch: runs.list({ deleted: true })
 * lists only soft-deleted runs with the time they were deleted, and runs.purge deletes runs in
 * the trash for good — every row of every table that holds a part of a run — or refuses by name,
 * changing nothing.
 */
import { describe, expect, it } from 'vitest';
import type { AppCore } from '../app';
import { useTestCore } from '../app.testing';
import { epochRecord, xorConfig } from '../store/store.testing';
import { dispatch } from '../../../src-shared/contract/dispatch';
import type { RunSummary } from '../../../src-shared/contract/types';
import type { RunStatus } from '../../../src-shared/base/run-status';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';

let core: AppCore;
useTestCore('backprop-trash-', (opened) => ({ core } = opened));

const call = (method: string, ...args: unknown[]) => dispatch(core.services, method, args);
const list = async (query: object) => (await call('runs.list', query)) as RunSummary[];

/** A run with a status, in an experiment when one is given. */
function newRun(name: string, status: RunStatus = 'completed', experimentId: number | null = null) {
  const id = core.store.runs.insert({
    experimentId,
    name,
    config: xorConfig({ name }),
    engineVersion: ENGINE_VERSION,
  });
  core.store.runs.setStatus(id, status);
  return id;
}

/** A run with something in every part a trained, remote and logged run can have. */
async function runWithEveryPart(name: string): Promise<number> {
  const id = newRun(name);
  core.store.recordEpoch({
    runId: id,
    record: epochRecord(0),
    checkpoint: new Uint8Array([1, 2, 3]),
    weights: { weights: [[[1, 2]]], biases: [[3]] },
    findings: [
      {
        rule: 'chance-plateau',
        severity: 'warning',
        epoch: 0,
        title: 't',
        message: 'm',
        evidence: {},
        suggestion: '',
      },
    ],
    batchCosts: [{ step: 1, cost: 0.5, time: 0.01 }],
  });
  core.store.remoteRuns.beginDispatch(id, () => 1);
  core.store.importedRuns.insert(id, 'completed', '/elsewhere/data.csv');
  core.store.loggedRuns.insert(id, `key-${id}`, 'logged experiment', { lr: 0.1 });
  const file = { name: 'w.json', kind: 'json' as const, bytes: new Uint8Array([123, 125]) };
  core.store.runFiles.insert(id, { ...file, size: 2, sha256: 'x', arrays: [], time: 0 });
  return id;
}

/** Every table with a run_id column: the test follows the schema, so a table added later for a
 * run's parts is checked too. */
function runTables(): string[] {
  const tables = core.store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all() as string[];
  return tables.filter((table) =>
    (core.store.db.pragma(`table_info(${table})`) as { name: string }[]).some(
      (column) => column.name === 'run_id',
    ),
  );
}

/** How many rows each run table holds for the run. */
function partsOf(id: number): Record<string, number> {
  return Object.fromEntries(
    runTables().map((table) => [
      table,
      core.store.db
        .prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`)
        .pluck()
        .get(id) as number,
    ]),
  );
}

describe('runs.list from the trash', () => {
  it('lists only deleted runs with when they were deleted, newest deletion first; the default lists only live runs', async () => {
    const a = newRun('alpha');
    const b = newRun('beta');
    const c = newRun('gamma');
    const before = new Date().toISOString();
    await call('runs.remove', [b]);
    await call('runs.remove', [a]);
    // b deleted a second earlier: within one millisecond both times could be equal, and the tie
    // would be broken by id instead.
    const earlier = new Date(Date.parse(before) - 1000).toISOString();
    core.store.db.prepare('UPDATE runs SET deleted_at = ? WHERE id = ?').run(earlier, b);

    expect((await list({})).map((r) => r.id)).toEqual([c]);
    const trash = await list({ deleted: true });
    expect(trash.map((r) => r.id)).toEqual([a, b]);
    expect(trash[1].deletedAt).toBe(earlier);
    expect(Date.parse(trash[0].deletedAt!)).toBeGreaterThanOrEqual(Date.parse(before));
    expect((await list({})).every((r) => r.deletedAt === undefined)).toBe(true);
    expect((await list({ deleted: true, search: 'alp' })).map((r) => r.id)).toEqual([a]);

    await call('runs.restore', [a]);
    expect((await list({ deleted: true })).map((r) => r.id)).toEqual([b]);
    expect((await list({})).map((r) => r.id)).toEqual([c, a]);
  });

  it('refuses a deleted flag that is not a boolean, naming it', async () => {
    await expect(list({ deleted: 'yes' })).rejects.toThrow(/runs\.list\[0\]\.deleted/);
    await expect(list({ deleteed: true })).rejects.toThrow(/deleteed.*deleted/);
  });
});

describe('runs.purge', () => {
  it('deletes runs in the trash for good with every part stored for them, and leaves other runs whole', async () => {
    const gone = await runWithEveryPart('gone');
    const kept = await runWithEveryPart('kept');
    const everyPart = partsOf(gone);
    // Every table holding a run's parts has a row for it, so the purge below is checked on each.
    expect(Object.entries(everyPart).filter(([, n]) => n === 0)).toEqual([]);
    expect(Object.keys(everyPart).length).toBeGreaterThanOrEqual(9);

    await call('runs.remove', [gone]);
    await call('runs.purge', [gone]);

    expect(Object.values(partsOf(gone)).every((n) => n === 0)).toBe(true);
    expect(core.store.db.prepare('SELECT count(*) FROM runs WHERE id = ?').pluck().get(gone)).toBe(
      0,
    );
    expect(await list({ deleted: true })).toEqual([]);
    expect(partsOf(kept)).toEqual(everyPart);
  });

  it('drops an experiment left without any run, and keeps one that still has runs', async () => {
    const lone = core.store.experiments.insert('lone', 'single');
    const shared = core.store.experiments.insert('shared', 'sweep');
    const a = newRun('a', 'completed', lone);
    const b = newRun('b', 'completed', shared);
    const c = newRun('c', 'completed', shared);
    await call('runs.remove', [a, b, c]);
    await call('runs.purge', [a, b]);
    expect(core.store.experiments.list().map((e) => e.name)).toEqual(['shared']);
    await call('runs.restore', [c]);
    expect(core.store.experiments.list()[0].runIds).toEqual([c]);
  });

  it('refuses a run not in the trash, a training one, a queued one whose Redis job is not withdrawn yet, and an unknown id, naming it and deleting nothing', async () => {
    const trashed = newRun('trashed');
    const live = newRun('live');
    const sent = newRun('sent', 'queued');
    const running = newRun('running', 'running');
    core.store.remoteRuns.beginDispatch(sent, () => 1);
    await call('runs.remove', [trashed, sent]);
    core.store.db.prepare('UPDATE runs SET deleted_at = ? WHERE id = ?').run('2026-01-01', running);

    const refused = async (ids: number[], message: RegExp) => {
      await expect(call('runs.purge', ids)).rejects.toThrow(message);
      expect((await list({ deleted: true })).map((r) => r.id).sort()).toEqual(
        [trashed, sent, running].sort(),
      );
      expect((await list({})).map((r) => r.id)).toEqual([live]);
    };
    await refused([trashed, live], new RegExp(`Run ${live} is not in the trash`));
    await refused(
      [running, trashed],
      new RegExp(`Run ${running} is running; only .* deleted for good`),
    );
    // This core's queue is local: nothing withdraws the job it has on Redis.
    await refused(
      [trashed, sent],
      new RegExp(`Run ${sent} still has a job on the Redis queue.*withdraws it`),
    );
    await refused([trashed, 999], /Run 999 does not exist/);
  });

  it('purges a queued run in the trash (the queue never starts a deleted run), and ids given twice once', async () => {
    const queued = newRun('queued', 'queued');
    const other = newRun('other', 'queued');
    await call('runs.remove', [queued]);
    expect(core.store.runs.queuedIds()).toEqual([other]);
    await call('runs.purge', [queued, queued]);
    expect(await list({ deleted: true })).toEqual([]);
    expect(core.store.runs.queuedIds()).toEqual([other]);
  });

  it('checks its ids at the boundary: at least one, whole and positive', async () => {
    await expect(call('runs.purge', [])).rejects.toThrow(/at least one run id/);
    await expect(call('runs.purge', [0])).rejects.toThrow(/id must be > 0/);
    await expect(call('runs.purge', 5)).rejects.toThrow(/runs\.purge/);
  });
});
