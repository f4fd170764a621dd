/**
 * `backprop import --from mlflow|tensorboard PATH` writing into a store (needs `npm run build`):
 * the runs the tests write import exactly — names, params, status, times, every value at its step
 * (NaN and ±Infinity too) as `backprop runs` and `backprop export --format json` read them back —
 * once however often they are imported; a malformed file is refused naming it, and the store is
 * left as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWire } from '../../src-shared/base/wire';
import type { LoggedMetric, RunDetail, RunSummary } from '../../src-shared/experiment/run';
import { tempDir } from '../core/store/store.testing';
import { experimentMeta, runMeta, writeMlflowStore } from '../import/mlflow.testing';
import { eventFile, writeEventFile } from '../import/tensorboard.testing';
import type { ChildProcess } from 'node:child_process';
import { requireBuiltCli, runCli, startServe, stopAll } from './cli.testing';

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  requireBuiltCli();
  tmp = tempDir('backprop-import-write-');
  db = join(tmp.dir, 'store.db');
});
const running: ChildProcess[] = [];
afterEach(async () => {
  await stopAll(running);
  tmp.cleanup();
});

const RUN_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const RUN_B = 'b1b2c3d4e5f60718293a4b5c6d7e8f90';

function writeMlflow(): string {
  const root = join(tmp.dir, 'mlruns');
  writeMlflowStore(root, [
    {
      id: '3',
      meta: experimentMeta('3', 'mnist'),
      runs: [
        {
          id: RUN_A,
          meta: runMeta('3', RUN_A, {
            runName: 'first',
            start: 1_700_000_000_000,
            end: 1_700_000_009_000,
          }),
          params: { eta: '3.0', 'net/layers': '[784, 30, 10]' },
          tags: { team: 'vision', 'mlflow.note.content': 'the baseline', 'mlflow.user': 'ann' },
          metrics: {
            loss: ['1700000001000 0.5 0', '1700000002000 nan 1', '1700000003500 0.1 2'],
            'val/acc': ['1700000001000 inf 0', '1700000002000 -inf 1', '1700000003000 0.3 2'],
          },
        },
        {
          id: RUN_B,
          meta: runMeta('3', RUN_B, { runName: 'second', status: 4, end: 1_700_000_005_000 }),
          metrics: { loss: ['1700000004000 2.5 7'] },
        },
      ],
    },
  ]);
  return root;
}

function writeTensorboard(): string {
  const root = join(tmp.dir, 'tb');
  writeEventFile(
    join(root, 'torch', 'events.out.tfevents.1.host'),
    eventFile([
      { wallTime: 1_700_000_001.25, step: 0, values: [{ tag: 'loss', simple: 0.5 }] },
      {
        wallTime: 1_700_000_002.5,
        step: 1,
        values: [
          { tag: 'loss', simple: Number.POSITIVE_INFINITY },
          { tag: 'acc', doubleVal: 0.1 },
        ],
      },
    ]),
  );
  return root;
}

async function runsJson(): Promise<RunSummary[]> {
  const result = await runCli(['runs', '--json', '--db', db]);
  expect(result.code).toBe(0);
  return decodeWire<RunSummary[]>(result.stdout);
}

async function exported(id: number): Promise<RunDetail> {
  const out = join(tmp.dir, `run-${id}.json`);
  const result = await runCli(['export', String(id), '--format', 'json', '--out', out, '--db', db]);
  expect(result.stderr).toBe('');
  return decodeWire<{ runs: RunDetail[] }>(readFileSync(out, 'utf8')).runs[0];
}

async function importFrom(
  from: string,
  path: string,
): Promise<{ runIds: number[]; alreadyImported: number[] }> {
  const result = await runCli(['import', '--from', from, path, '--json', '--db', db]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { runIds: number[]; alreadyImported: number[] };
}

const byKeyStep = (metrics: LoggedMetric[]) => metrics.map((m) => [m.key, m.step, m.value, m.time]);

describe('backprop import --from … (into the store)', () => {
  it('imports an MLflow store exactly: names, experiment, params, status, times, every value', async () => {
    const { runIds, alreadyImported } = await importFrom('mlflow', writeMlflow());
    expect(runIds).toHaveLength(2);
    expect(alreadyImported).toEqual([]);
    const listed = await runsJson();
    expect(listed.map((r) => [r.id, r.name, r.status]).sort()).toEqual(
      [
        [runIds[0], 'first', 'completed'],
        [runIds[1], 'second', 'failed'],
      ].sort(),
    );
    const first = await exported(runIds[0]);
    expect(first.logged).toMatchObject({
      experiment: 'mnist',
      params: { eta: '3.0', 'net/layers': '[784, 30, 10]' },
    });
    expect(first.tags).toEqual(['mlflow', 'team=vision']);
    expect(first.notes).toContain('the baseline');
    expect(first.notes).toContain('mlflow.user: ann');
    expect(first.startedAt).toBe(new Date(1_700_000_000_000).toISOString());
    expect(first.finishedAt).toBe(new Date(1_700_000_009_000).toISOString());
    expect(byKeyStep(first.metrics!)).toEqual([
      ['loss', 0, 0.5, 1_700_000_001],
      ['loss', 1, Number.NaN, 1_700_000_002],
      ['loss', 2, 0.1, 1_700_000_003.5],
      ['val/acc', 0, Number.POSITIVE_INFINITY, 1_700_000_001],
      ['val/acc', 1, Number.NEGATIVE_INFINITY, 1_700_000_002],
      ['val/acc', 2, 0.3, 1_700_000_003],
    ]);
    const second = await exported(runIds[1]);
    expect(byKeyStep(second.metrics!)).toEqual([['loss', 7, 2.5, 1_700_000_004]]);
  });

  it('imports TensorBoard event files exactly, and importing twice adds nothing', async () => {
    const root = writeTensorboard();
    const { runIds } = await importFrom('tensorboard', root);
    expect(runIds).toHaveLength(1);
    const run = await exported(runIds[0]);
    expect(run).toMatchObject({ name: 'torch', status: 'completed', tags: ['tensorboard'] });
    expect(run.finishedAt).toBe(new Date(1_700_000_002_500).toISOString());
    expect(byKeyStep(run.metrics!)).toEqual([
      ['acc', 1, 0.1, 1_700_000_002.5],
      ['loss', 0, 0.5, 1_700_000_001.25],
      ['loss', 1, Number.POSITIVE_INFINITY, 1_700_000_002.5],
    ]);

    const again = await importFrom('tensorboard', root);
    expect(again).toEqual({ runIds: [], alreadyImported: runIds });
    expect((await runsJson()).map((r) => r.id)).toEqual(runIds);
    expect((await exported(runIds[0])).metrics).toEqual(run.metrics);
    const text = await runCli(['import', '--from', 'tensorboard', root, '--db', db]);
    expect(text.stdout).toContain('Imported 0 runs, 0 values from the TensorBoard log folder');
    expect(text.stdout).toContain(`  #${runIds[0]}  torch  (3 values)`);
  });

  it('refuses a malformed file naming it, and leaves the store as it was', async () => {
    const { runIds } = await importFrom('mlflow', writeMlflow());
    const before = await runsJson();
    const root = writeTensorboard();
    const file = join(root, 'torch', 'events.out.tfevents.1.host');
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff; // the last record's data CRC
    writeFileSync(file, bytes);
    writeEventFile(
      join(root, 'good', 'events.out.tfevents.2.host'),
      eventFile([{ wallTime: 1, step: 0, values: [{ tag: 'x', simple: 1 }] }]),
    );
    const result = await runCli(['import', '--from', 'tensorboard', root, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^backprop: ${file.replace(/[.]/g, '\\.')} \\(record at byte \\d+\\): `),
    );
    expect(await runsJson()).toEqual(before);
    expect(before.map((r) => r.id).sort()).toEqual([...runIds].sort());
  });

  it('refuses a run the logging API cannot hold (a negative step) naming the metric file, writing nothing', async () => {
    const root = join(tmp.dir, 'mlruns');
    writeMlflowStore(root, [
      {
        id: '0',
        meta: experimentMeta('0', 'Default'),
        runs: [
          { id: RUN_A, meta: runMeta('0', RUN_A), metrics: { loss: ['1700000001000 0.5 0'] } },
          { id: RUN_B, meta: runMeta('0', RUN_B), metrics: { loss: ['1700000001000 0.5 -3'] } },
        ],
      },
    ]);
    const result = await runCli(['import', '--from', 'mlflow', root, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `backprop: ${join(root, '0', RUN_B, 'metrics', 'loss')}: "loss" at step -3 cannot be logged: step must be >= 0\n`,
    );
    expect(await runsJson()).toEqual([]);
  });

  it('writes through the owner when serve has the store open', async () => {
    await startServe(db, running);
    const { runIds } = await importFrom('tensorboard', writeTensorboard());
    expect(runIds).toHaveLength(1);
    const run = await exported(runIds[0]);
    expect(run.name).toBe('torch');
    expect(run.metrics).toHaveLength(3);
    expect(await importFrom('tensorboard', join(tmp.dir, 'tb'))).toEqual({
      runIds: [],
      alreadyImported: runIds,
    });
  });
});
