/**
 * Imported runs through the app core: a bundle (from another machine) whose run names a CSV file
 * that happens to exist here. Nothing may read that path — resume, "Test this fix", the report's
 * confusion matrix — until the user points the run at a file on this machine; refusals leave the
 * store byte-identical.
 */
import { describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { buildBundle, encodeBundle } from '../../../src-shared/report/bundle';
import { fixtureRun } from '../../../src-shared/report/report.testing';
import { contractSchemas } from '../../../src-shared/contract/schemas';
import type { RunDetail } from '../../../src-shared/contract/types';
import type { AppCore } from '../app';
import { refusingTrainers, useTestCore } from '../app.testing';
import { fingerprint } from '../../bad-input/db-checksum';
import { goodCsvRows, writeCsv } from '../../bad-input/dataset-files';
import { exportRuns } from '../reports/export';
import { loadDataset } from '../../datasets';

let core: AppCore;
let tmpDir: string;
let senderCsv: string;

useTestCore(
  'backprop-imported-',
  (opened) => {
    ({ core, dir: tmpDir } = opened);
    senderCsv = writeCsv(tmpDir, 'sender.csv', `${goodCsvRows.join('\n')}\n`);
  },
  { host: 'serve', trainerHost: refusingTrainers('an imported run reached the trainer') },
);

/** A run trained elsewhere on `csvPath`, with a finding that has a fix, final weights and
 * `epochs` records; `status` as it was when exported. */
function senderRun(csvPath: string, status: RunDetail['status'], epochs: number): RunDetail {
  const run = fixtureRun(1, { dataset: { kind: 'csv', path: csvPath }, layers: [4, 3, 2] }, epochs);
  run.status = status;
  run.findings = [
    {
      rule: 'large-learning-rate',
      severity: 'warning',
      epoch: 1,
      title: 'Learning rate too large',
      message: 'The cost rose.',
      evidence: {},
      suggestion: 'Lower it.',
      fix: { field: 'learningRate', value: 0.5, label: 'learning rate 0.5' },
    },
  ];
  return run;
}

const weights = {
  weights: [
    [
      [0.1, 0.2, 0.3, 0.4],
      [0.5, -0.6, 0.7, -0.8],
      [0.9, 1, -1.1, 1.2],
    ],
    [
      [0.3, -0.2, 0.1],
      [-0.3, 0.2, -0.1],
    ],
  ],
  biases: [
    [0, 0.1, -0.1],
    [0.2, -0.2],
  ],
};

async function importFromSender(run: RunDetail): Promise<number> {
  const text = encodeBundle(
    buildBundle({
      runs: [run],
      weights: { [run.id]: weights },
      experimentNames: {},
      exportedAt: '2026-12-01T00:00:00.000Z',
      engineVersion: '0.1.0',
    }),
  );
  const { runIds } = await core.services.reports.importBundle(Buffer.from(text).toString('base64'));
  return runIds[0];
}

const foreign =
  /Run \d+'s dataset path ".*sender\.csv" came with an imported bundle: point it at a file on this machine/;

describe('an imported run', () => {
  it('keeps all 41 of its epochs and arrives cancelled with a sentence, not interrupted', async () => {
    const id = await importFromSender(senderRun(senderCsv, 'running', 40));
    const run = await core.services.runs.get(id);
    expect(run.epochs).toHaveLength(41);
    expect(run.status).toBe('cancelled');
    expect(run.error).toMatch(/^Imported while running: its checkpoints stayed where it trained/);
    expect(run.final?.epochs).toBe(40);
    expect(run.foreignDatasetPath).toBe(senderCsv);
  });

  it('is refused on resume, naming the sender path, with its epochs and the store untouched', async () => {
    for (const records of [41, 0]) {
      const sent = senderRun(senderCsv, 'paused', 40);
      sent.epochs = sent.epochs.slice(0, records);
      const id = await importFromSender(sent);
      const before = fingerprint(core.store.db);
      await expect(core.services.queue.resumeRun(id)).rejects.toThrow(foreign);
      expect(fingerprint(core.store.db)).toEqual(before);
      expect(core.store.epochs.count(id)).toBe(records);
    }
  });

  it('is refused by "Test this fix" before anything is queued', async () => {
    const id = await importFromSender(senderRun(senderCsv, 'completed', 3));
    const before = fingerprint(core.store.db);
    await expect(core.services.doctor.testFix(id, 'large-learning-rate')).rejects.toThrow(foreign);
    expect(fingerprint(core.store.db)).toEqual(before);
  });

  it('gets a report without its confusion matrix, and the sender path is never read', async () => {
    const id = await importFromSender(senderRun(senderCsv, 'completed', 3));
    const load = vi.fn(loadDataset);
    const said: string[] = [];
    const [file] = await exportRuns(
      { ...core.services, loadDataset: load },
      { runIds: [id], format: 'html' },
      { onProgress: (m) => said.push(m) },
    );
    expect(load).not.toHaveBeenCalled();
    expect(said.join('\n')).toMatch(foreign);
    expect(new TextDecoder().decode(file.bytes)).not.toContain('Confusion');
  });

  it('reads its dataset once pointed at a checked file here, and only then', async () => {
    const id = await importFromSender(senderRun('/dev/zero', 'completed', 3));
    const before = fingerprint(core.store.db);
    const wrongShape = writeCsv(tmpDir, 'three-inputs.csv', '0,1,0,1\n1,0,1,0\n');
    await expect(core.services.runs.relinkDataset(id, wrongShape)).rejects.toThrow(
      /layers\[0\]: must be 3/,
    );
    await expect(core.services.runs.relinkDataset(id, join(tmpDir, 'absent.csv'))).rejects.toThrow(
      /absent\.csv: cannot be read \(ENOENT\)/,
    );
    expect(fingerprint(core.store.db)).toEqual(before);

    const mine = writeCsv(tmpDir, 'mine.csv', `${goodCsvRows.join('\n')}\n`);
    const run = await core.services.runs.relinkDataset(id, mine);
    expect(run.config.dataset).toEqual({ kind: 'csv', path: mine });
    expect(run.foreignDatasetPath).toBeUndefined();
    const test = await core.services.doctor.testFix(id, 'large-learning-rate');
    expect(test.fixRunIds).toHaveLength(3);
  });

  it('refuses a relative path at the boundary, and a run with nothing to re-point', async () => {
    const parsed = contractSchemas['runs.relinkDataset'].safeParse([1, 'data/mine.csv']);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe('path must be absolute (start with / or a drive)');
    const local = await core.services.queue.enqueue({
      dataset: 'xor',
      layers: [2, 2, 1],
      learningRate: 1,
      batchSize: 4,
      epochs: 1,
    });
    await expect(core.services.runs.relinkDataset(local.id, senderCsv)).rejects.toThrow(
      `Run ${local.id}'s dataset did not come with an imported bundle`,
    );
  });
});
