/** `backprop train`, `runs` and `queue` as a user runs them (needs `npm run build`). */
import { describe, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWire } from '../../src-shared/base/wire';
import type { EpochRecord } from '../../src-shared/base/records';
import { smallMnistInput, xorInput } from '../core/store/store.testing';
import { requireBuiltCli, runCli, startCli, useCliWorkspace } from './cli.testing';
import { spawn } from 'node:child_process';

const xorConfig = xorInput({ name: 'xor from the cli', epochs: 25 });

const workspace = useCliWorkspace('backprop-cli-', { dbName: 'cli.db', trainer: true });
const { file } = workspace;

describe('backprop train', () => {
  it('prints each outcome line once when standard output and error are one file (2>&1)', async () => {
    const log = join(workspace.dir, 'merged.log');
    const fd = openSync(log, 'w');
    const config = file('run.json', { ...xorConfig, epochs: 2 });
    const child = spawn(
      process.execPath,
      [requireBuiltCli(), 'train', '--config', config, '--db', workspace.db],
      { stdio: ['ignore', fd, fd] },
    );
    const code = await new Promise((resolve) => child.on('close', resolve));
    closeSync(fd);
    const text = readFileSync(log, 'utf8');
    expect(code).toBe(0);
    expect(text.match(/^run 1 .* completed: 2 epochs/gm)).toHaveLength(1);
    expect(text.match(/^run 1 epoch \d\/2/gm)).toHaveLength(3);
  });

  it('trains in the foreground, prints one JSON object, saves the weights and lists the run', async () => {
    const weightsFile = join(workspace.dir, 'weights.json');
    const config = file('run.json', xorConfig);
    const result = await runCli([
      'train',
      '--config',
      config,
      '--db',
      workspace.db,
      '--json',
      '--save-weights',
      weightsFile,
    ]);
    expect(result.code).toBe(0);
    const out = decodeWire<{
      runId: number;
      status: string;
      epochs: EpochRecord[];
      final: { epochs: number };
      findings: unknown[];
    }>(result.stdout);
    expect(out.status).toBe('completed');
    expect(out.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 26 }, (_, i) => i));
    expect(out.final.epochs).toBe(25);
    expect(Array.isArray(out.findings)).toBe(true);
    expect(result.stderr).toMatch(/run \d+ epoch 25\/25/);
    const weights = JSON.parse(readFileSync(weightsFile, 'utf8')) as {
      weights: number[][][];
      biases: number[][];
    };
    expect(weights.weights.map((w) => [w.length, w[0].length])).toEqual([
      [3, 2],
      [1, 3],
    ]);
    expect(weights.biases.map((b) => b.length)).toEqual([3, 1]);

    const listed = await runCli(['runs', '--db', workspace.db, '--json']);
    const runs = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(runs).toHaveLength(1);
    expect(Object.keys(runs[0]).sort()).toEqual(
      [
        'config',
        'createdAt',
        'experimentId',
        'final',
        'finishedAt',
        'id',
        'name',
        'source',
        'status',
      ].sort(),
    );
    expect(runs[0]).toMatchObject({
      id: out.runId,
      name: 'xor from the cli',
      status: 'completed',
      source: 'trained',
    });
    expect(
      (await runCli(['runs', '--db', workspace.db, '--status', 'failed', '--json'])).stdout.trim(),
    ).toBe('[]');
    expect((await runCli(['queue', '--db', workspace.db])).stdout).toMatch(/The queue is empty/);
  });

  it.each([
    [
      'a missing file',
      null,
      /Cannot read the config file .*missing\.json: the file does not exist/,
    ],
    ['broken JSON', '{ "layers": [2, ', /is not valid JSON/],
    [
      'a bad value',
      { ...xorConfig, learningRate: 0 },
      /config\.learningRate: learningRate must be > 0/,
    ],
    [
      'layers that do not fit the dataset',
      { ...xorConfig, layers: [3, 1] },
      /layers\[0\]: must be 2, the input size of xor; got 3/,
    ],
  ])(
    'rejects %s with one sentence, exit code 1 and no database written',
    async (_what, content, message) => {
      const config =
        content === null ? join(workspace.dir, 'missing.json') : file('run.json', content);
      const result = await runCli(['train', '--config', config, '--db', workspace.db]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
      expect(existsSync(workspace.db)).toBe(false);
    },
  );

  it('rejects an unknown status filter naming the option', async () => {
    const result = await runCli(['runs', '--db', workspace.db, '--status', 'done']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/"done" is not a status/);
  });
});

describe('backprop resume', () => {
  // On the reference engine, so a signal at epoch 2 finds it still training on a fast machine.
  const slow = smallMnistInput({
    name: 'resumed',
    trainSize: 1500,
    epochs: 10,
    engine: 'reference',
  });

  it('continues a run stopped with Ctrl+C to exactly the results of an uninterrupted one', async () => {
    const config = file('slow.json', slow);
    const stopped = startCli(['train', '--config', config, '--db', workspace.db], (line, child) => {
      const match = /^run \d+ epoch (\d+)\//.exec(line);
      if (match && Number(match[1]) >= 2 && !child.killed) child.kill('SIGINT');
    });
    const first = await stopped.done;
    expect(first.code).toBe(130);
    expect(first.stderr).toMatch(/continue them with `backprop resume 1`/);
    const listed = await runCli(['runs', '--db', workspace.db, '--json']);
    expect(JSON.parse(listed.stdout)[0].status).toBe('interrupted');

    const resumed = await runCli(['resume', '1', '--db', workspace.db, '--json']);
    expect(resumed.code).toBe(0);
    const [run] = decodeWire(resumed.stdout) as { status: string; epochs: EpochRecord[] }[];
    expect(run.status).toBe('completed');
    expect(run.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 11 }, (_, i) => i));

    const straightDb = join(workspace.dir, 'straight.db');
    const straight = await runCli(['train', '--config', config, '--db', straightDb, '--json']);
    const { epochs } = decodeWire(straight.stdout) as { epochs: EpochRecord[] };
    const noTime = (e: EpochRecord) => ({ ...e, seconds: 0 });
    expect(run.epochs.map(noTime)).toEqual(epochs.map(noTime));
  }, 120_000);

  it('refuses ids it cannot resume, naming them, and changes nothing', async () => {
    const config = file('run.json', xorConfig);
    await runCli(['train', '--config', config, '--db', workspace.db]);
    const done = await runCli(['resume', '1', '--db', workspace.db]);
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(
      /Run 1 is completed; only paused, failed, cancelled, interrupted runs can be resumed/,
    );
    const missing = await runCli(['resume', '7', '--db', workspace.db]);
    expect(missing.stderr).toMatch(/Run 7 does not exist/);
    const bad = await runCli(['resume', 'x', '--db', workspace.db]);
    expect(bad.stderr).toMatch(/expected run ids/);
    const listed = await runCli(['runs', '--db', workspace.db, '--json']);
    expect(JSON.parse(listed.stdout).map((r: { status: string }) => r.status)).toEqual([
      'completed',
    ]);
  }, 60_000);
});
