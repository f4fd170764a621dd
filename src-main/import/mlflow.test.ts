import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../core/store/store.testing';
import { readMlflowStore } from './mlflow';
import {
  experimentMeta,
  runMeta,
  writeMlflowStore,
  type MlflowExperimentSpec,
} from './mlflow.testing';

let tmp: ReturnType<typeof tempDir>;
let root: string;
beforeEach(() => {
  tmp = tempDir('backprop-mlflow-');
  root = join(tmp.dir, 'mlruns');
});
afterEach(() => tmp.cleanup());

const RUN_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const RUN_B = 'b1b2c3d4e5f60718293a4b5c6d7e8f90';
const RUN_C = 'c1b2c3d4e5f60718293a4b5c6d7e8f90';

/** Two experiments, three runs, params, tags, and metrics with steps, timestamps, nan and inf. */
function store(): MlflowExperimentSpec[] {
  return [
    {
      id: '0',
      meta: experimentMeta('0', 'Default'),
      runs: [
        {
          id: RUN_A,
          meta: runMeta('0', RUN_A, {
            runName: 'bold-fox-12',
            status: 3,
            start: 1700000000000,
            end: 1700000009000,
          }),
          params: { lr: '0.5', 'model/layers': '[784, 30, 10]' },
          tags: { 'mlflow.runName': 'bold-fox-12', note: 'two\nlines' },
          metrics: {
            loss: [
              '1700000001000 0.30000000000000004 0',
              '1700000002000 1e-05 1',
              '1700000003000 nan 2',
            ],
            'val/acc': ['1700000004000 inf 0', '1700000005000 -inf 1', '1700000006000 0.9 2'],
          },
        },
        {
          id: RUN_B,
          meta: runMeta('0', RUN_B, { status: 4 }),
          tags: { 'mlflow.runName': 'from-the-tag' },
          metrics: { loss: ['1700000007000 2 5'] },
        },
      ],
    },
    {
      id: '412',
      meta: experimentMeta('412', "'sweep: lr'"),
      runs: [
        {
          id: RUN_C,
          meta: runMeta('412', RUN_C, { runName: "'quoted ''name'''", status: 1 }),
          params: { epochs: '3' },
          metrics: { cost: ['1700000008000 0.25 -1', '1700000008500 0.125 9007199254740991'] },
        },
      ],
    },
  ];
}

describe('readMlflowStore', () => {
  it('reads experiments, runs, params, tags and every metric value exactly', async () => {
    writeMlflowStore(root, store());
    const progress: number[] = [];
    let total = 0;
    const runs = await readMlflowStore(root, {
      onProgress: (p) => {
        progress.push(p.filesDone);
        total = p.filesTotal;
      },
    });
    // 3 meta.yaml + 3 params + 3 tags + 4 metric files
    expect(total).toBe(13);
    expect(progress).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(runs.map((r) => [r.experiment, r.name, r.status, r.startTime, r.endTime])).toEqual([
      ['Default', 'bold-fox-12', 'finished', 1700000000000, 1700000009000],
      ['Default', 'from-the-tag', 'failed', 1700000000000, undefined],
      ['sweep: lr', "quoted 'name'", 'running', 1700000000000, undefined],
    ]);
    const [a, b, c] = runs;
    expect(a.source).toBe('mlflow');
    expect(a.origin).toBe(join(root, '0', RUN_A));
    expect(runs.map((r) => r.sourceId)).toEqual([`0/${RUN_A}`, `0/${RUN_B}`, `412/${RUN_C}`]);
    expect(a.params).toEqual({ lr: '0.5', 'model/layers': '[784, 30, 10]' });
    expect(a.tags).toEqual({ 'mlflow.runName': 'bold-fox-12', note: 'two\nlines' });
    expect(a.metrics).toEqual([
      { key: 'loss', step: 0, wallTime: 1_700_000_001, value: 0.1 + 0.2 },
      { key: 'loss', step: 1, wallTime: 1_700_000_002, value: 0.00001 },
      { key: 'loss', step: 2, wallTime: 1_700_000_003, value: Number.NaN },
      { key: 'val/acc', step: 0, wallTime: 1_700_000_004, value: Number.POSITIVE_INFINITY },
      { key: 'val/acc', step: 1, wallTime: 1_700_000_005, value: Number.NEGATIVE_INFINITY },
      { key: 'val/acc', step: 2, wallTime: 1_700_000_006, value: 0.9 },
    ]);
    expect(b.metrics).toEqual([{ key: 'loss', step: 5, wallTime: 1_700_000_007, value: 2 }]);
    expect(c.params).toEqual({ epochs: '3' });
    expect(c.metrics.map((m) => m.step)).toEqual([-1, 9007199254740991]);
  });

  it('leaves out deleted runs, and reads the legacy two-field metric line as step 0 as MLflow does', async () => {
    const spec = store();
    spec[0].runs[1].meta = spec[0].runs[1].meta.replace(
      'lifecycle_stage: active',
      'lifecycle_stage: deleted',
    );
    spec[1].runs[0].metrics = { cost: ['1700000008000 0.25'] };
    writeMlflowStore(root, spec);
    const runs = await readMlflowStore(root);
    expect(runs.map((r) => r.name)).toEqual(['bold-fox-12', "quoted 'name'"]);
    expect(runs[1].metrics).toEqual([
      { key: 'cost', step: 0, wallTime: 1_700_000_008, value: 0.25 },
    ]);
  });

  describe('refuses a malformed store naming the file', () => {
    it('a meta.yaml that is not the flat YAML MLflow writes', async () => {
      const spec = store();
      spec[1].runs[0].meta += 'nested:\n  key: 1\n';
      writeMlflowStore(root, spec);
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${join(root, '412', RUN_C, 'meta.yaml')} (line 16): not the flat YAML MLflow writes: "nested" holds a nested block`,
      );
    });

    it('a metric line with one field, and one with four', async () => {
      const spec = store();
      spec[0].runs[0].metrics!.loss[1] = '1700000002000';
      writeMlflowStore(root, spec);
      const file = join(root, '0', RUN_A, 'metrics', 'loss');
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${file} (line 2): the metric line has 1 field, expected "timestamp value step"`,
      );
      writeFileSync(file, '1700000001000 0.5 0 7\n');
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${file} (line 1): the metric line has 4 fields`,
      );
      writeFileSync(file, '1700000001000 0.5x 0\n');
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${file} (line 1): the metric line has a value "0.5x" that is not a number`,
      );
    });

    it('a run folder without meta.yaml', async () => {
      writeMlflowStore(root, store());
      rmSync(join(root, '0', RUN_B, 'meta.yaml'));
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${join(root, '0', RUN_B, 'meta.yaml')}: does not exist`,
      );
    });

    it('an experiment folder without meta.yaml', async () => {
      writeMlflowStore(root, store());
      mkdirSync(join(root, '7'));
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${join(root, '7', 'meta.yaml')}: does not exist`,
      );
    });

    it('a FIFO in place of a metric file', async () => {
      writeMlflowStore(root, store());
      const fifo = join(root, '412', RUN_C, 'metrics', 'piped');
      execFileSync('mkfifo', [fifo]);
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${fifo}: is a FIFO (named pipe), expected a regular file`,
      );
    });

    it('an empty metric file, an unknown status, a run filed under another experiment', async () => {
      const spec = store();
      spec[0].runs[0].metrics!.loss = [];
      writeMlflowStore(root, spec);
      const loss = join(root, '0', RUN_A, 'metrics', 'loss');
      await expect(readMlflowStore(root)).rejects.toThrow(`${loss}: is empty`);
      writeFileSync(loss, '1 2 3\n');
      const meta = join(root, '0', RUN_B, 'meta.yaml');
      writeFileSync(meta, runMeta('0', RUN_B, { status: 9 }));
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${meta}: "status" is "9", expected 1 to 5`,
      );
      writeFileSync(meta, runMeta('412', RUN_B));
      await expect(readMlflowStore(root)).rejects.toThrow(
        `${meta}: experiment_id is "412" but the run is in experiment folder "0"`,
      );
    });
  });
});
