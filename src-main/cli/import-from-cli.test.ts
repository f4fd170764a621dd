/**
 * `backprop import --from mlflow|tensorboard PATH --dry-run` on stores the tests write (needs
 * `npm run build`): the summary, the wire-encoded runs with --json, and the refusals. Writing
 * into the store: import-from-write.test.ts.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWire } from '../../src-shared/base/wire';
import type { ImportedRun } from '../../src-shared/import/imported-run';
import { tempDir } from '../core/store/store.testing';
import { experimentMeta, runMeta, writeMlflowStore } from '../import/mlflow.testing';
import { eventFile, writeEventFile } from '../import/tensorboard.testing';
import { requireBuiltCli, runCli } from './cli.testing';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  requireBuiltCli();
  tmp = tempDir('backprop-import-from-');
});
afterEach(() => tmp.cleanup());

function writeStore(): string {
  const root = join(tmp.dir, 'mlruns');
  writeMlflowStore(root, [
    {
      id: '3',
      meta: experimentMeta('3', 'mnist'),
      runs: [
        {
          id: 'r1',
          meta: runMeta('3', 'r1', { runName: 'first' }),
          params: { eta: '3.0' },
          metrics: { loss: ['1000 0.5 0', '2000 nan 1', '3000 0.25 2'] },
        },
      ],
    },
  ]);
  return root;
}

describe('backprop import --from … --dry-run', () => {
  it('summarizes an MLflow store: runs, metrics, points per metric', async () => {
    const root = writeStore();
    const result = await runCli(['import', '--from', 'mlflow', root, '--dry-run']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `Dry run: nothing imported. 1 run, 3 values in the MLflow file store ${root}:`,
        '  mnist / first  (finished, 1 param, 0 tags)',
        '    loss: 3 points, steps 0–2',
        '',
      ].join('\n'),
    );
  });

  it('prints the normalized runs wire-encoded with --json, NaN included', async () => {
    const root = writeStore();
    const result = await runCli(['import', '--from', 'mlflow', root, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const { runs } = decodeWire<{ runs: ImportedRun[] }>(result.stdout);
    expect(runs[0].metrics.map((m) => m.value)).toEqual([0.5, Number.NaN, 0.25]);
    expect(runs[0]).toMatchObject({ name: 'first', experiment: 'mnist', params: { eta: '3.0' } });
  });

  it('reads a TensorBoard folder', async () => {
    writeEventFile(
      join(tmp.dir, 'tb', 'run1', 'events.out.tfevents.1'),
      eventFile([{ wallTime: 5, step: 4, values: [{ tag: 'acc', simple: 0.5 }] }]),
    );
    const result = await runCli([
      'import',
      '--from',
      'tensorboard',
      join(tmp.dir, 'tb'),
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  run1  (0 params, 0 tags)\n    acc: 1 point, steps 4–4\n');
  });

  it('refuses an unknown tool, and a malformed store naming the file', async () => {
    const root = writeStore();
    const tool = await runCli(['import', '--from', 'wandb', root, '--dry-run']);
    expect(tool.stderr).toContain('--from wandb: expected "mlflow" or "tensorboard"');
    const bad = await runCli(['import', '--from', 'tensorboard', root, '--dry-run']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `backprop: ${root}: holds no TensorBoard event files (events.out.tfevents.*)\n`,
    );
  });
});
