/**
 * The logging API over a real store: runs created by the client's key, metrics kept exactly
 * (NaN and ±Infinity too), every call idempotent, bad input refused by name with nothing stored,
 * logged runs left running by the owner's recovery, and client spool files imported whole, in
 * order, only once their writer has exited.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { encodeNpy } from '../../../src-shared/report/npy';
import { createRunsService } from './runs-service';
import { join } from 'node:path';
import { dispatch } from '../../../src-shared/contract/dispatch';
import type { Services } from '../../../src-shared/contract/services';
import { spoolDirOf, spoolFileName } from '../../../src-shared/contract/tracking-spool';
import { encodeWire } from '../../../src-shared/base/wire';
import { type Store } from '../store/store';
import { recoverInterruptedRuns } from '../lifecycle/queue-core';
import { importSpools } from '../tracking/spool-import';
import {
  createTrackingService,
  createTrackingWriter,
  type TrackingWriter,
} from './tracking-service';
import { useTempStore } from '../store/temp-store.testing';

let store: Store;
let writer: TrackingWriter;
let services: Services;
const KEY = '0b9d3c2e-1111-4222-8333-444455556666';

useTempStore((opened) => {
  store = opened;
  writer = createTrackingWriter(store);
  services = { tracking: createTrackingService(writer) } as unknown as Services;
}, 'backprop-tracking-');

const call = (method: string, input: unknown) => dispatch(services, method, [input]);
const metricCount = () =>
  store.db.prepare('SELECT count(*) FROM run_metrics').pluck().get() as number;

describe('tracking.createRun', () => {
  it('creates a running run with its config, tags and experiment, once per key', async () => {
    const input = {
      run: KEY,
      name: 'mlp',
      experiment: 'baselines',
      config: { lr: 0.1, net: { layers: [784, 30, 10] } },
      tags: ['a', 'b'],
    };
    const first = (await call('tracking.createRun', input)) as { id: number; created: boolean };
    const again = (await call('tracking.createRun', { ...input, name: 'other' })) as {
      id: number;
      created: boolean;
    };
    expect(again.id).toBe(first.id);
    expect([first.created, again.created]).toEqual([true, false]);
    const run = store.runs.get(first.id)!;
    expect(run).toMatchObject({ name: 'mlp', status: 'running', tags: ['a', 'b'] });
    expect(run.logged).toEqual({
      key: KEY,
      experiment: 'baselines',
      params: input.config,
      lastStep: null,
      lastEpoch: null,
      lastValues: {},
    });
    expect(store.experiments.list().map((e) => e.name)).toEqual(['baselines']);
    expect(store.runs.list()).toHaveLength(1);
  });

  it('refuses an unknown field by name with the field it meant, and stores nothing', async () => {
    await expect(call('tracking.createRun', { run: KEY, tgas: ['x'] })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'tracking.createRun[0].tgas' })],
    });
    await expect(call('tracking.createRun', { run: KEY, tgas: ['x'] })).rejects.toThrow(/tags/);
    await expect(call('tracking.createRun', { run: 'short' })).rejects.toThrow(/8 to 64/);
    expect(store.runs.list()).toEqual([]);
  });
});

describe('tracking.log', () => {
  beforeEach(() => writer.createRun({ run: KEY }));

  it('gives back every value exactly, NaN and ±Infinity included', async () => {
    const values = { loss: 1 / 3, nan: NaN, up: Infinity, down: -Infinity, tiny: 5e-324 };
    await call('tracking.log', { run: KEY, points: [{ step: 7, epoch: 2, time: 1.5, values }] });
    const metrics = store.loggedRuns.metrics(store.loggedRuns.idByKey(KEY)!);
    expect(Object.fromEntries(metrics.map((m) => [m.key, m.value]))).toEqual(values);
    expect(metrics.every((m) => m.step === 7 && m.epoch === 2 && m.time === 1.5)).toBe(true);
  });

  it('gives the run summary the highest step and epoch logged, whatever the order', async () => {
    const at = (step: number, epoch?: number) => ({ step, epoch, time: 1, values: { loss: step } });
    await call('tracking.log', { run: KEY, points: [at(40, 3), at(7, 1), at(12)] });
    const run = store.runs.get(store.loggedRuns.idByKey(KEY)!)!;
    expect(run.logged).toMatchObject({ lastStep: 40, lastEpoch: 3 });
    expect(store.runs.list()[0].logged).toMatchObject({ lastStep: 40, lastEpoch: 3 });
  });

  it('gives the run summary each key’s value at its own highest step, NaN and ±Infinity kept', async () => {
    const at = (step: number, values: Record<string, number>) => ({ step, time: 1, values });
    await call('tracking.log', {
      run: KEY,
      points: [
        at(9, { loss: 0.2, acc: NaN }),
        at(3, { loss: 0.9, up: 1 }),
        at(5, { up: Infinity }),
      ],
    });
    const expected = { loss: 0.2, acc: NaN, up: Infinity };
    expect(store.runs.get(store.loggedRuns.idByKey(KEY)!)!.logged?.lastValues).toEqual(expected);
    expect(store.runs.list()[0].logged?.lastValues).toEqual(expected);
  });

  it('stores a retried call once, and several points of one call together', async () => {
    const input = {
      run: KEY,
      points: [
        { step: 0, time: 1, values: { loss: 0.5 } },
        { step: 1, epoch: null, time: 2, values: { loss: 0.4, acc: 0.8 } },
      ],
    };
    expect(await call('tracking.log', input)).toEqual({ stored: 3 });
    await call('tracking.log', input);
    expect(metricCount()).toBe(3);
  });

  it('refuses a call with one bad point whole, naming the field', async () => {
    const points = [
      { step: 0, time: 1, values: { loss: 0.5 } },
      { step: -1, time: 1, values: { loss: 0.4 } },
    ];
    await expect(call('tracking.log', { run: KEY, points })).rejects.toThrow(/step must be >= 0/);
    await expect(
      call('tracking.log', { run: KEY, points: [{ step: 0, time: 1, values: { loss: 'x' } }] }),
    ).rejects.toThrow(/must be a number/);
    await expect(
      call('tracking.log', { run: 'f'.repeat(12), points: [{ step: 0, time: 1, values: {} }] }),
    ).rejects.toMatchObject({ issues: [{ path: 'run' }] });
    expect(metricCount()).toBe(0);
  });
});

describe('a logged run’s life', () => {
  it('gets the doctor’s findings from its logged curves when it ends', async () => {
    writer.createRun({ run: KEY, config: { num_classes: 10 } });
    const points = [1, 1.2, 1.5, Infinity].map((loss, epoch) => ({
      step: epoch * 10,
      epoch,
      time: 1,
      values: { loss },
    }));
    await call('tracking.log', { run: KEY, points });
    const id = store.loggedRuns.idByKey(KEY)!;
    expect(store.findings.list(id)).toEqual([]);
    await call('tracking.finish', { run: KEY, status: 'diverged' });
    expect(store.findings.list(id).map((f) => [f.rule, f.severity, f.epoch])).toEqual([
      ['divergence', 'error', 3],
      ['logged-run', 'info', 0],
    ]);
    expect(store.runs.get(id)!.doctorTags).toEqual(['divergence']);
  });

  it('finishes with its status and notes, and the owner’s recovery leaves it running', async () => {
    const { id } = writer.createRun({ run: KEY });
    const trained = store.runs.insert({
      experimentId: null,
      name: 'ours',
      config: store.runs.get(id)!.config,
      status: 'running',
      engineVersion: 'x',
    });
    recoverInterruptedRuns(store, () => false, false);
    expect(store.runs.get(id)!.status).toBe('running');
    expect(store.runs.get(trained)!.status).toBe('interrupted');
    await call('tracking.note', { run: KEY, text: 'looked fine' });
    await call('tracking.finish', { run: KEY, status: 'failed', error: 'OOM' });
    expect(store.runs.get(id)).toMatchObject({
      status: 'failed',
      error: 'OOM',
      notes: 'looked fine',
    });
    expect(store.runs.get(id)!.finishedAt).not.toBeNull();
    await expect(call('tracking.finish', { run: KEY, status: 'running' })).rejects.toThrow(
      /status/,
    );
  });

  it('ends at the time the client gives (an import, a replayed spool), else now', async () => {
    const { id } = writer.createRun({ run: KEY, time: 1_700_000_000 });
    await call('tracking.finish', { run: KEY, time: 1_700_000_009.5 });
    expect(store.runs.get(id)).toMatchObject({
      status: 'completed',
      startedAt: '2023-11-14T22:13:20.000Z',
      finishedAt: '2023-11-14T22:13:29.500Z',
    });
    await expect(call('tracking.finish', { run: KEY, time: -1 })).rejects.toThrow(/time/);
  });
});

describe('importSpools', () => {
  const dbPath = () => store.path;
  const line = (method: string, input: unknown) => encodeWire({ method, args: [input] });
  const writeSpool = (pid: number, lines: string[], tail = '\n') => {
    mkdirSync(spoolDirOf(dbPath()), { recursive: true });
    const file = join(spoolDirOf(dbPath()), spoolFileName(KEY, pid));
    writeFileSync(file, lines.join('\n') + tail);
    return file;
  };
  const created = line('tracking.createRun', { run: KEY, name: 'spooled' });
  const logged = line('tracking.log', {
    run: KEY,
    points: [{ step: 0, time: 1, values: { loss: NaN } }],
  });

  it('imports a dead writer’s file in order and deletes it; a live writer’s file waits', () => {
    const dead = writeSpool(111, [created, logged, line('tracking.finish', { run: KEY })]);
    const live = writeSpool(222, [created]);
    const result = importSpools(dbPath(), writer, (pid) => pid === 222);
    expect(result).toEqual({ imported: [dead], rejected: [] });
    expect(existsSync(live)).toBe(true);
    const run = store.runs.list()[0];
    expect(run).toMatchObject({ name: 'spooled', status: 'completed' });
    expect(Number.isNaN(store.loggedRuns.metrics(run.id)[0].value)).toBe(true);
    // Imported again (an owner that died mid-import): nothing stored twice.
    writeSpool(111, [created, logged]);
    importSpools(dbPath(), writer, () => false);
    expect(store.runs.list()).toHaveLength(1);
    expect(metricCount()).toBe(1);
  });

  it('leaves out a torn last line, whose call never returned to its client', () => {
    writeSpool(111, [created, logged.slice(0, 20)], '');
    importSpools(dbPath(), writer, () => false);
    expect(store.runs.list()).toHaveLength(1);
    expect(metricCount()).toBe(0);
  });

  it('sets a file with a refused call aside whole, storing none of it', () => {
    const file = writeSpool(111, [created, line('tracking.log', { run: KEY, points: [] })]);
    const result = importSpools(dbPath(), writer, () => false);
    expect(result.rejected).toEqual([
      { file, message: expect.stringMatching(/points needs at least one point/) },
    ]);
    expect(readdirSync(spoolDirOf(dbPath()))).toEqual([`${spoolFileName(KEY, 111)}.rejected`]);
    expect(store.runs.list()).toEqual([]);
  });

  it('sets aside only a logged file the checks refuse, and imports the rest of the spool', () => {
    const good = line('tracking.logFile', { run: KEY, name: 'cfg.json', contentBase64: b64('{}') });
    const bad = line('tracking.logFile', { run: KEY, name: 'w.npy', contentBase64: b64('nope') });
    const file = writeSpool(111, [created, bad, logged, good]);
    const result = importSpools(dbPath(), writer, () => false);
    expect(result.imported).toEqual([file]);
    expect(result.rejected).toEqual([
      { file, message: expect.stringMatching(/^line 2: File "w\.npy": expected an \.npy file/) },
    ]);
    expect(readFileSync(`${file}.rejected`, 'utf8')).toBe(`${bad}\n`);
    const id = store.runs.list()[0].id;
    expect(metricCount()).toBe(1);
    expect(store.runFiles.list(id).map((f) => f.name)).toEqual(['cfg.json']);
  });
});

const b64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64');

/** Just what runs.files / runs.file ask of the queue: the run's summary. */
const queueStub = { summary: (id: number) => store.runs.get(id) } as never;

describe('tracking.logFile', () => {
  const npy = encodeNpy([2, 3], [1, 2, 3, 4, 5, 6.5]);
  const fileRows = () => store.db.prepare('SELECT count(*) FROM run_files').pluck().get() as number;
  const runs = () =>
    ({
      runs: createRunsService(store, queueStub, (() => {}) as never, (() => {}) as never),
    }) as unknown as Services;
  beforeEach(async () => {
    await call('tracking.createRun', { run: KEY, name: 'files' });
  });

  it('takes a file near the 64 MiB limit (its base64 is checked without a stack overflow)', async () => {
    const big = encodeNpy([6_000_000], new Float64Array(6_000_000).fill(0.5)); // 48 MB
    const result = await call('tracking.logFile', {
      run: KEY,
      name: 'big.npy',
      contentBase64: b64(big),
    });
    expect(result).toMatchObject({ name: 'big.npy', size: big.length, created: true });
    expect(fileRows()).toBe(1);
  });

  it('stores a file once and gives it back bit for bit with its arrays', async () => {
    const input = { run: KEY, name: 'W1.npy', contentBase64: b64(npy), time: 5 };
    const first = await call('tracking.logFile', input);
    const again = await call('tracking.logFile', input);
    const sha256 = createHash('sha256').update(npy).digest('hex');
    expect(first).toEqual({ name: 'W1.npy', size: npy.length, sha256, created: true });
    expect(again).toEqual({ name: 'W1.npy', size: npy.length, sha256, created: false });
    const id = store.runs.list()[0].id;
    const files = store.runFiles.list(id);
    expect(files).toEqual([
      {
        name: 'W1.npy',
        kind: 'npy',
        size: npy.length,
        sha256,
        time: 5,
        arrays: [{ name: 'W1', dtype: '<f8', shape: [2, 3], fortranOrder: false }],
      },
    ]);
    const read = store.runFiles.get(id, 'W1.npy');
    expect(Buffer.from(read!.contentBase64, 'base64').equals(Buffer.from(npy))).toBe(true);
  });

  it('refuses other bytes under a name the run has, keeping the first', async () => {
    await call('tracking.logFile', { run: KEY, name: 'W1.npy', contentBase64: b64(npy) });
    const other = encodeNpy([1], [7]);
    await expect(
      call('tracking.logFile', { run: KEY, name: 'W1.npy', contentBase64: b64(other) }),
    ).rejects.toThrow(/File "W1\.npy": the run already has a different file named "W1\.npy"/);
    expect(fileRows()).toBe(1);
  });

  it('refuses a bad name, bad base64, a malformed file and an unknown run, storing nothing', async () => {
    const attempts = [
      [{ run: KEY, name: '../W1.npy', contentBase64: b64(npy) }, /path separator/],
      [{ run: KEY, name: 'W1.npy', contentBase64: 'not base64!' }, /contentBase64 must be/],
      [{ run: KEY, name: 'W1.npy', contentBase64: b64(npy.subarray(0, 100)) }, /File "W1\.npy"/],
      [{ run: KEY, name: 'c.json', contentBase64: b64('{') }, /File "c\.json": expected JSON/],
      [
        { run: 'unknown-key-1', name: 'c.json', contentBase64: b64('{}') },
        /No logged run has the key/,
      ],
    ] as const;
    for (const [input, message] of attempts)
      await expect(call('tracking.logFile', input)).rejects.toThrow(message);
    expect(fileRows()).toBe(0);
  });

  it('lists files through runs.files and reads one through runs.file', async () => {
    await call('tracking.logFile', { run: KEY, name: 'cfg.json', contentBase64: b64('[1]') });
    const id = store.runs.list()[0].id;
    const service = runs();
    expect((await dispatch(service, 'runs.files', [id])) as unknown[]).toHaveLength(1);
    const file = (await dispatch(service, 'runs.file', [id, 'cfg.json'])) as {
      contentBase64: string;
    };
    expect(Buffer.from(file.contentBase64, 'base64').toString()).toBe('[1]');
    await expect(dispatch(service, 'runs.file', [id, 'other.json'])).rejects.toThrow(
      `Run ${id} has no file named "other.json"`,
    );
  });
});
