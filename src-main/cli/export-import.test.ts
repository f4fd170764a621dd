// Kept outside commands/: the CLI entry imports every commands/*.ts eagerly, and a test module there would load vitest into the CLI bundle.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWire } from '../../src-shared/base/wire';
import type { RunBundle } from '../../src-shared/contract/types';
import { bundleEntryOf } from '../../src-shared/report/bundle';
import { csvTable } from '../../src-shared/report/csv.testing';
import {
  divergedRun,
  fixtureRun,
  fixtureWeights,
  hostile,
} from '../../src-shared/report/report.testing';
import { openStore } from '../core/store/store';
import { checkMarkdownExport } from '../core/reports/markdown-export.testing';
import * as exportCommand from './commands/export';
import * as importCommand from './commands/import';

let dir: string;
let stdout: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'backprop-export-'));
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk) => (stdout.push(String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<void> {
  const program = new Command('backprop').exitOverride();
  exportCommand.register(program);
  importCommand.register(program);
  await program.parseAsync(args, { from: 'user' });
}

/** A database holding a learning run (with weights, in an experiment), a diverged one and a hostile one; returns their ids. */
function seedDatabase(path: string): number[] {
  const store = openStore(path);
  try {
    const hostileRun = fixtureRun(3, { name: hostile }, 2);
    hostileRun.notes = hostile;
    return store.importRuns([
      bundleEntryOf(
        fixtureRun(1, { name: 'sigmoid baseline' }, 3),
        fixtureWeights(30),
        'baseline sweep',
      ),
      bundleEntryOf(divergedRun(2), null, 'baseline sweep'),
      bundleEntryOf(hostileRun, null, null),
    ]);
  } finally {
    store.close();
  }
}

const readBundle = (path: string) => decodeWire<RunBundle>(readFileSync(path, 'utf8'));

describe('backprop export and import', () => {
  it('round-trips a bundle through an empty database without changing its content', async () => {
    const ids = seedDatabase(join(dir, 'a.db'));
    await cli(
      'export',
      ...ids.map(String),
      '--format',
      'bundle',
      '--out',
      join(dir, 'first.bundle.json'),
      '--db',
      join(dir, 'a.db'),
    );
    await cli('import', join(dir, 'first.bundle.json'), '--db', join(dir, 'b.db'), '--json');
    const { runIds } = JSON.parse(stdout[stdout.length - 1]) as { runIds: number[] };
    expect(runIds).toHaveLength(3);
    await cli(
      'export',
      ...runIds.map(String),
      '--format',
      'bundle',
      '--out',
      join(dir, 'second.bundle.json'),
      '--db',
      join(dir, 'b.db'),
    );
    const [first, second] = [
      readBundle(join(dir, 'first.bundle.json')),
      readBundle(join(dir, 'second.bundle.json')),
    ];
    expect(second.runs).toEqual(first.runs);
    expect(first.runs[1].epochs).toEqual(divergedRun(2).epochs);
    expect(first.runs[2].run.notes).toBe(hostile);
    expect(second.runs[1].epochs[3].trainCost).toBeNaN();
    expect(second.runs[0].weights).toEqual(fixtureWeights(30));
    expect(second.runs[0].run.experimentName).toBe('baseline sweep');
  });

  it('writes an HTML report without scripts and prints its path', async () => {
    const ids = seedDatabase(join(dir, 'a.db'));
    const out = join(dir, 'report.html');
    await cli(
      'export',
      ...ids.map(String),
      '--format',
      'html',
      '--out',
      out,
      '--db',
      join(dir, 'a.db'),
    );
    expect(stdout).toEqual([`${out}\n`]);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Comparison of 3 runs');
  });

  it('writes Markdown with its charts as PNG files in charts/ beside it, linked by relative path', async () => {
    const ids = seedDatabase(join(dir, 'a.db'));
    await cli(
      'export',
      String(ids[0]),
      '--format',
      'md',
      '--out',
      join(dir, 'notes.md'),
      '--db',
      join(dir, 'a.db'),
    );
    expect(readdirSync(join(dir, 'charts')).sort()).toEqual([
      'notes-accuracy.png',
      'notes-cost.png',
      'notes-run1-gradients.png',
      'notes-run1-hidden-units.png',
      'notes-run1-saturation.png',
    ]);
    const images = checkMarkdownExport(dir, 'notes.md');
    expect(images.map((i) => i.path)).toContain('charts/notes-cost.png');
    expect(images).toHaveLength(5);
    for (const image of images) expect(image.inked).toBeGreaterThan(0.005);
  });

  it('writes the runs table as CSV, one row per run with its config fields and final metrics', async () => {
    const ids = seedDatabase(join(dir, 'a.db'));
    const out = join(dir, 'runs.csv');
    await cli(
      'export',
      ...ids.map(String),
      '--format',
      'runs-csv',
      '--out',
      out,
      '--db',
      join(dir, 'a.db'),
    );
    const rows = csvTable(readFileSync(out, 'utf8'));
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]).slice(0, 3)).toEqual(['run_id', 'run_name', 'status']);
    expect(rows[0]['config.init.weights.kind']).toBe(fixtureRun(1).config.init.weights.kind);
    expect(rows[0]['config.layers']).toBe('[784,30,10]');
    expect(rows[0].run_name).toBe('sigmoid baseline');
    expect(rows[1].status).toBe('diverged');
    expect(rows[0]['config.learningRate']).toBe('3');
    expect(rows[0]['final.epochs']).toBe('3');
    expect(rows[1]['final.trainCost']).toBe('NaN');
  });

  it('writes one run’s weights as .npz and refuses a run without weights', async () => {
    const ids = seedDatabase(join(dir, 'a.db'));
    const out = join(dir, 'w.npz');
    await cli('export', String(ids[0]), '--format', 'npz', '--out', out, '--db', join(dir, 'a.db'));
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(bytes.includes(Buffer.from('W1.npy'))).toBe(true);
    expect(bytes.includes(Buffer.from('b2.npy'))).toBe(true);
    await expect(
      cli(
        'export',
        String(ids[1]),
        '--format',
        'npz',
        '--out',
        join(dir, 'x.npz'),
        '--db',
        join(dir, 'a.db'),
      ),
    ).rejects.toThrow(`Run ${ids[1]} has no final weights`);
    expect(existsSync(join(dir, 'x.npz'))).toBe(false);
  });

  it('refuses to export from a database that does not exist, without creating it', async () => {
    const db = join(dir, 'missing.db');
    await expect(cli('export', '1', '--format', 'csv', '--db', db)).rejects.toThrow(
      `No database at ${db}`,
    );
    expect(existsSync(db)).toBe(false);
  });

  it('refuses a malformed bundle, naming the file and the field, and creates no database', async () => {
    const ids = seedDatabase(join(dir, 'a.db'));
    await cli(
      'export',
      String(ids[0]),
      '--format',
      'bundle',
      '--out',
      join(dir, 'x.bundle.json'),
      '--db',
      join(dir, 'a.db'),
    );
    const bundle = JSON.parse(readFileSync(join(dir, 'x.bundle.json'), 'utf8'));
    bundle.runs[0].epochs[0].layers = 'none';
    writeFileSync(join(dir, 'bad.bundle.json'), JSON.stringify(bundle));
    const db = join(dir, 'fresh.db');
    await expect(cli('import', join(dir, 'bad.bundle.json'), '--db', db)).rejects.toThrow(
      `${join(dir, 'bad.bundle.json')}: Invalid bundle: bundle.runs[0].epochs[0].layers`,
    );
    expect(existsSync(db)).toBe(false);
  });
});
