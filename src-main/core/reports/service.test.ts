import { describe, expect, it, vi } from 'vitest';
import type { RunBundleEntry } from '../../../src-shared/contract/types';
import { ValidationError } from '../../../src-shared/base/validation';
import { encodeWire } from '../../../src-shared/base/wire';
import {
  divergedRun,
  fixtureRun,
  fixtureWeights,
  hostile,
} from '../../../src-shared/report/report.testing';
import { exportBaseName, exportRuns } from './export';
import { createReportsService } from './service';
import { fakeServices } from './services.testing';
import { checkMarkdownExport, extractZip } from './markdown-export.testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function setup() {
  const a = fixtureRun(4, { name: 'sweep a', layers: [784, 5, 10] }, 2);
  a.experimentId = 9;
  const runs = [a, divergedRun(5)];
  const importRuns = vi.fn((entries: RunBundleEntry[]) => entries.map((_, i) => 100 + i));
  const deps = {
    ...fakeServices(runs, { 4: fixtureWeights(5) }),
    importRuns,
    printToPdf: async () => new TextEncoder().encode('%PDF-fake'),
  };
  return { runs, importRuns, service: createReportsService(deps) };
}

const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

describe('the reports service', () => {
  it('exports HTML with a sanitized file name and no script', async () => {
    const { service } = setup();
    const result = await service.export({ runIds: [4, 5], format: 'html', title: `../${hostile}` });
    expect(result.fileName).toBe('img-src-x-onerror-alert-1-script-script-alert-2-script.html');
    expect(result.mimeType).toBe('text/html');
    expect(text(result.base64)).not.toMatch(/<script/i);
  });

  it('names files after the run or the runs when there is no title', () => {
    expect(exportBaseName([{ id: 3, name: 'σ baseline / fast' }])).toBe('baseline-fast-run-3');
    expect(exportBaseName([1, 2, 3, 4, 5, 6, 7].map((id) => ({ id, name: '' })))).toBe(
      'backprop-runs-1-2-3-4-5-and-2-more',
    );
  });

  it('exports every format with its extension and type', async () => {
    const { service } = setup();
    const expected = {
      csv: ['backprop-runs-4-5.csv', 'text/csv'],
      'runs-csv': ['backprop-runs-4-5.runs.csv', 'text/csv'],
      json: ['backprop-runs-4-5.json', 'application/json'],
      md: ['backprop-runs-4-5.zip', 'application/zip'],
      bundle: ['backprop-runs-4-5.bundle.json', 'application/json'],
      pdf: ['backprop-runs-4-5.pdf', 'application/pdf'],
    } as const;
    for (const [format, [fileName, mimeType]] of Object.entries(expected)) {
      const result = await service.export({
        runIds: [4, 5],
        format: format as keyof typeof expected,
      });
      expect([result.fileName, result.mimeType]).toEqual([fileName, mimeType]);
    }
  });

  it('exports Markdown as a .zip of the .md and its charts/ PNGs, every image it shows inside', async () => {
    const { service } = setup();
    const result = await service.export({ runIds: [4, 5], format: 'md', title: 'Notes' });
    const folder = mkdtempSync(join(tmpdir(), 'md-zip-'));
    try {
      writeFileSync(join(folder, 'r.zip'), Buffer.from(result.base64, 'base64'));
      const names = extractZip(join(folder, 'r.zip'), join(folder, 'out'));
      expect(names[0]).toBe('Notes.md');
      expect(names.slice(1).every((n) => /^charts\/Notes-[\w-]+\.png$/.test(n))).toBe(true);
      const images = checkMarkdownExport(join(folder, 'out'), 'Notes.md');
      expect(images.map((i) => i.path).sort()).toEqual(names.slice(1).sort());
      expect(images.find((i) => i.path === 'charts/Notes-cost.png')).toMatchObject({
        width: 640,
      });
      for (const image of images) expect(image.inked).toBeGreaterThan(0.005);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('prints the PDF through the injected printToPdf when the host provides one', async () => {
    const { service } = setup();
    expect(text((await service.export({ runIds: [4], format: 'pdf' })).base64)).toBe('%PDF-fake');
  });

  it('keeps NaN and Infinity in the JSON export and leaves the database path out', async () => {
    const { service } = setup();
    const json = text((await service.export({ runIds: [5], format: 'json' })).base64);
    expect(json).toContain('"trainCost": {\n');
    expect(json).toContain('"$num": "NaN"');
    expect(json).toContain('"$num": "Infinity"');
    expect(json).not.toContain('dbPath');
  });

  it('imports an exported bundle: the store receives the same runs, weights and experiment name', async () => {
    const { service, importRuns, runs } = setup();
    const exported = await service.export({ runIds: [4, 5], format: 'bundle' });
    expect(await service.importBundle(exported.base64)).toEqual({ runIds: [100, 101] });
    const entries = importRuns.mock.calls[0][0];
    expect(entries.map((e) => e.run.name)).toEqual(['sweep a', 'too hot']);
    expect(entries[0].run.experimentName).toBe('lr sweep');
    expect(entries[0].weights).toEqual(fixtureWeights(5));
    expect(entries[1].epochs).toEqual(runs[1].epochs);
    expect(entries[1].findings).toEqual(runs[1].findings);
  });

  it('refuses bad base64, a newer bundle and a malformed one without calling the store', async () => {
    const { service, importRuns } = setup();
    await expect(service.importBundle('not base64!')).rejects.toThrow(/not valid base64/);
    await expect(service.importBundle('')).rejects.toThrow('The bundle is empty.');
    const newer = Buffer.from(
      encodeWire({ format: 'backprop-workbench-bundle', version: 7 }),
    ).toString('base64');
    await expect(service.importBundle(newer)).rejects.toThrow(
      /newer Backprop Workbench \(bundle version 7\)/,
    );
    const bundle = JSON.parse(
      text((await service.export({ runIds: [4], format: 'bundle' })).base64),
    );
    bundle.runs[0].run.config.learningRate = -1;
    const malformed = service.importBundle(Buffer.from(JSON.stringify(bundle)).toString('base64'));
    await expect(malformed).rejects.toBeInstanceOf(ValidationError);
    await expect(malformed).rejects.toThrow(/bundle\.runs\[0\]\.run\.config\.learningRate/);
    expect(importRuns).not.toHaveBeenCalled();
  });

  it('reports progress while reading several runs', async () => {
    const { runs } = setup();
    const messages: string[] = [];
    await exportRuns(
      fakeServices(runs),
      { runIds: [4, 5], format: 'html' },
      { onProgress: (m) => messages.push(m) },
    );
    expect(messages).toEqual([
      'Reading run 1 of 2 (#4)',
      'Reading run 2 of 2 (#5)',
      'Reading weights 1 of 2 (#4)',
      'Reading weights 2 of 2 (#5)',
      'Building the report',
    ]);
  });
});

describe('confusion matrices in exports', () => {
  /** 2,500 random 28×28 test images with labels 0–9 (the run's own test split, three chunks). */
  function tinyMnist() {
    const count = 2500;
    const split = (n: number) => ({
      count: n,
      inputSize: 784,
      inputs: Uint8Array.from({ length: n * 784 }, (_, i) => (i * 7919) % 256),
      labels: Int32Array.from({ length: n }, (_, i) => i % 10),
      targets: null,
    });
    return {
      id: 'mnist',
      name: 'MNIST',
      inputSize: 784,
      outputSize: 10,
      imageShape: [28, 28] as [number, number],
      classNames: null,
      train: split(0),
      validation: split(0),
      test: split(count),
    };
  }

  it('classify each run’s test split with its final weights and show the matrix', async () => {
    const run = fixtureRun(4, { name: 'digits' }, 2);
    const load = vi.fn(() => tinyMnist());
    const deps = { ...fakeServices([run], { 4: fixtureWeights(5) }), loadDataset: load };
    const [file] = await exportRuns(deps, { runIds: [4], format: 'html' });
    const html = new TextDecoder().decode(file.bytes);
    expect(load).toHaveBeenCalledWith(
      run.config.dataset,
      expect.objectContaining({ testSize: run.config.testSize }),
    );
    expect(html).toContain('<h2>Confusion matrices</h2>');
    expect(html).toMatch(/all 2,500 labelled test examples, \d+\.\d\d% right/);
    const cells = [...html.matchAll(/<td style="[^"]*">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells).toHaveLength(100);
    expect(cells.reduce((a, b) => a + b, 0)).toBe(2500);
  });

  it('read a dataset once for runs that share it, each run still getting its matrix', async () => {
    const runs = [fixtureRun(4, { name: 'seed 1' }, 2), fixtureRun(5, { name: 'seed 2' }, 2)];
    const load = vi.fn(() => tinyMnist());
    const weights = { 4: fixtureWeights(5, 1), 5: fixtureWeights(5, 2) };
    const deps = { ...fakeServices(runs, weights), loadDataset: load };
    const [file] = await exportRuns(deps, { runIds: [4, 5], format: 'html' });
    const html = new TextDecoder().decode(file.bytes);
    expect(load).toHaveBeenCalledTimes(1);
    expect(html.match(/labelled test examples/g)).toHaveLength(2);
  });

  it('leave the matrix out, and still export, when the dataset cannot be read', async () => {
    const run = fixtureRun(4, { name: 'digits' }, 2);
    const deps = {
      ...fakeServices([run], { 4: fixtureWeights(5) }),
      loadDataset: () => {
        throw new Error('MNIST files are gone');
      },
    };
    const [file] = await exportRuns(deps, { runIds: [4], format: 'html' });
    expect(new TextDecoder().decode(file.bytes)).not.toContain('Confusion matrices');
  });
});
