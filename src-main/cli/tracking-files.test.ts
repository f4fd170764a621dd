/**
 * Logged files and batches of points through both clients as a user runs them (needs `npm run
 * build`): a Python script (clients/python on PYTHONPATH) and a Node script
 * (`backprop-workbench/client`) log an .npy and an .npz written by NumPy, a JSON file and a batch
 * of points, to a running owner (which refuses a malformed .npy, .npz and JSON file and a bad name,
 * naming each, storing none), with no owner at all, and with the owner SIGKILLed mid-run. A bundle
 * export gives every file back bit for bit; `export --format json` lists them.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunBundle, RunDetail } from '../../src-shared/contract/types';
import { findPackageRoot } from '../core/runner/trainer-entry';
import { startServe, useCliWorkspace } from './cli.testing';
import {
  expectSpoolEmpty,
  exportRun,
  linkClientPackage,
  listRuns,
  runClientScript,
  stop,
  waitForFile,
} from './tracking.testing';

const root = findPackageRoot();

/** NumPy writes the good files and the test breaks copies of them. */
const MAKE_FILES = `
import sys, numpy as np
d = sys.argv[1]
rng = np.random.default_rng(7)
w = rng.standard_normal((3, 4)).astype('<f4')
np.save(f"{d}/W1.npy", w)
np.savez_compressed(f"{d}/weights.npz", W1=w, b1=rng.standard_normal(3))
raw = open(f"{d}/W1.npy", "rb").read()
open(f"{d}/bad.npy", "wb").write(raw[:-4])
open(f"{d}/bad.npz", "wb").write(b"PK not a zip at all")
open(f"{d}/bad.json", "w").write('{"lr": 0.1,')
`;

const pythonScript = `
import json, os, sys, time
import backprop_workbench as bw

d, mode = sys.argv[1], sys.argv[2]
def wait(n):
    if mode != "killed":
        return
    open(os.path.join(d, f"ready-{n}"), "w").close()
    while not os.path.exists(os.path.join(d, f"go-{n}")):
        time.sleep(0.02)

refused = []
with bw.start_run(name="py-files", config={"lr": 0.1}) as run:
    run.log_many([{"loss": 1.5, "step": 0, "epoch": 1}, {"loss": 1.25, "acc": 0.5}, {"loss": float("nan"), "step": 7, "epoch": 2}])
    run.log_file(os.path.join(d, "W1.npy"))
    wait(1)
    run.log_file(os.path.join(d, "weights.npz"), name="final.npz")
    run.log_json("config", {"layers": [784, 30, 10], "lr": 0.1})
    wait(2)
    run.log_many([{"loss": 0.5, "step": 8, "epoch": 3}])
    if mode == "owner":
        for path, name in [("bad.npy", None), ("bad.npz", None), ("bad.json", None), ("W1.npy", "../W1.npy")]:
            try:
                run.log_file(os.path.join(d, path), name=name)
            except bw.BackpropError as error:
                refused.append(str(error))
print(json.dumps({"refused": refused, "spooled": run.spooled}))
`;

const nodeScript = `
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRun, BackpropError } from 'backprop-workbench/client';

const [d, mode] = process.argv.slice(2);
const wait = async (n) => {
  if (mode !== 'killed') return;
  writeFileSync(join(d, 'ready-' + n), '');
  while (!existsSync(join(d, 'go-' + n))) await new Promise((r) => setTimeout(r, 20));
};
const refused = [];
const run = await startRun({ name: 'js-files', config: { lr: 0.1 } });
await run.logMany([{ loss: 1.5, step: 0, epoch: 1 }, { loss: 1.25, acc: 0.5 }, { loss: NaN, step: 7, epoch: 2 }]);
await run.logFile(join(d, 'W1.npy'));
await wait(1);
await run.logFile({ name: 'final.npz', bytes: readFileSync(join(d, 'weights.npz')) });
await run.logJson('config', { layers: [784, 30, 10], lr: 0.1 });
await wait(2);
await run.logMany([{ loss: 0.5, step: 8, epoch: 3 }]);
if (mode === 'owner')
  for (const [path, name] of [['bad.npy'], ['bad.npz'], ['bad.json'], ['W1.npy', '../W1.npy']])
    try {
      await run.logFile(name ? { name, bytes: readFileSync(join(d, path)) } : join(d, path));
    } catch (error) {
      if (!(error instanceof BackpropError)) throw error;
      refused.push(error.message);
    }
await run.finish();
console.log(JSON.stringify({ refused, spooled: run.spooled }));
`;

const store = useCliWorkspace('backprop-files-');
let files: string;

beforeEach(() => {
  files = join(store.dir, 'files');
  mkdirSync(files);
  execFileSync('python3', ['-c', MAKE_FILES, files]);
});

type Mode = 'owner' | 'none' | 'killed';

function command(client: 'python' | 'node', mode: Mode): [string, string[], NodeJS.ProcessEnv] {
  if (client === 'python') {
    writeFileSync(join(store.dir, 'log.py'), pythonScript);
    const env = { PYTHONPATH: join(root, 'clients', 'python') };
    return ['python3', [join(store.dir, 'log.py'), files, mode], env];
  }
  linkClientPackage(store.dir);
  writeFileSync(join(store.dir, 'log.mjs'), nodeScript);
  return [process.execPath, [join(store.dir, 'log.mjs'), files, mode], {}];
}

async function runScript(
  client: 'python' | 'node',
  mode: Mode,
  pause: (n: number) => Promise<void> = async () => {},
): Promise<{ refused: string[]; spooled: boolean }> {
  const stdout = await runClientScript(store, command(client, mode), async () => {
    if (mode !== 'killed') return;
    for (const n of [1, 2]) {
      await waitForFile(join(files, `ready-${n}`));
      await pause(n);
      writeFileSync(join(files, `go-${n}`), '');
    }
  });
  return JSON.parse(stdout) as { refused: string[]; spooled: boolean };
}

/** The store holds the run completed, its 5 points and exactly the three good files. */
async function checkStore(name: string): Promise<void> {
  const [summary] = await listRuns(store.db);
  expect(summary).toMatchObject({ name, status: 'completed' });

  const json = join(store.dir, 'export.json');
  const { runs } = await exportRun<{ runs: RunDetail[] }>(store.db, summary.id, 'json', json);
  const run = runs[0];
  expect(
    run.files?.map((f) => [f.name, f.kind, f.arrays.map((a) => [a.name, a.dtype, a.shape])]),
  ).toEqual([
    ['W1.npy', 'npy', [['W1', '<f4', [3, 4]]]],
    ['config.json', 'json', []],
    [
      'final.npz',
      'npz',
      [
        ['W1', '<f4', [3, 4]],
        ['b1', '<f8', [3]],
      ],
    ],
  ]);
  expect(run.metrics?.map((m) => [m.key, m.step, m.epoch, m.value])).toEqual([
    ['acc', 1, null, 0.5],
    ['loss', 0, 1, 1.5],
    ['loss', 1, null, 1.25],
    ['loss', 7, 2, NaN],
    ['loss', 8, 3, 0.5],
  ]);

  const bundlePath = join(store.dir, 'run.bundle.json');
  const bundle = await exportRun<RunBundle>(store.db, summary.id, 'bundle', bundlePath);
  const bytes = Object.fromEntries(
    (bundle.runs[0].files ?? []).map((f) => [f.name, Buffer.from(f.contentBase64, 'base64')]),
  );
  expect(bytes['W1.npy'].equals(readFileSync(join(files, 'W1.npy')))).toBe(true);
  expect(bytes['final.npz'].equals(readFileSync(join(files, 'weights.npz')))).toBe(true);
  expect(JSON.parse(bytes['config.json'].toString('utf8'))).toEqual({
    layers: [784, 30, 10],
    lr: 0.1,
  });
  expectSpoolEmpty(store.db);
}

describe.each(['python', 'node'] as const)('the %s client', (client) => {
  const name = client === 'python' ? 'py-files' : 'js-files';

  it('logs files and a batch of points to an owner, which refuses bad files by name', async () => {
    await startServe(store.db, store.running);
    const { refused, spooled } = await runScript(client, 'owner');
    expect(spooled).toBe(false);
    expect(refused).toHaveLength(4);
    expect(refused[0]).toMatch(/^File "bad\.npy": expected 48 bytes of data for shape \(3, 4\)/);
    expect(refused[1]).toMatch(/^File "bad\.npz": expected a zip archive/);
    expect(refused[2]).toMatch(/^File "bad\.json": expected JSON/);
    expect(refused[3]).toMatch(/^File "\.\.\/W1\.npy": a file name must not hold a path separator/);
    await checkStore(name);
  });

  it('logs files with no owner running: the spool carries them to the next command', async () => {
    const { spooled } = await runScript(client, 'none');
    expect(spooled).toBe(true);
    await checkStore(name);
  });

  it('loses no file when the owner is SIGKILLed mid-run and another starts later', async () => {
    let owner = (await startServe(store.db, store.running)).child;
    const { spooled } = await runScript(client, 'killed', async (n) => {
      if (n === 1) return stop(owner, 'SIGKILL');
      owner = (await startServe(store.db, store.running)).child;
    });
    expect(spooled).toBe(false);
    await stop(owner, 'SIGTERM');
    await checkStore(name);
  });
});
