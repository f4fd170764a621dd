/**
 * The logging clients as a user runs them (needs `npm run build`): a Python script
 * (clients/python on PYTHONPATH) and a Node script (`backprop-workbench/client`) each log a
 * 3-epoch run with per-step metrics, NaN and ±Infinity included, to a running `backprop serve`,
 * with no owner at all, and with the owner SIGKILLed after epoch 1 and restarted after epoch 2.
 * Then `backprop runs --json` shows the run completed and `backprop export ID --format json`
 * gives back every logged value exactly.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggedMetric, RunDetail } from '../../src-shared/contract/types';
import { spoolDirOf } from '../../src-shared/contract/tracking-spool';
import { findPackageRoot } from '../core/runner/trainer-entry';
import { startServe as startServeOn, useCliWorkspace } from './cli.testing';
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
const config = { lr: 0.1, layers: [784, 30, 10], optimizer: { name: 'sgd', momentum: 0.9 } };

/** Both scripts log the same run and print what they logged, each number as text (Python's
 * repr, JavaScript's String), so the expectation does not go through the clients' encoding. */
const pythonScript = `
import json, math, os, sys, time
import backprop_workbench as bw

pause = os.environ.get("PAUSE_DIR")
def wait(epoch):
    if not pause:
        return
    open(os.path.join(pause, f"ready-{epoch}"), "w").close()
    while not os.path.exists(os.path.join(pause, f"go-{epoch}")):
        time.sleep(0.02)

special = [math.nan, math.inf, -math.inf]
logged = []
config = json.loads(sys.argv[1])
with bw.start_run(name="py-run", experiment="clients", config=config, tags=["python"]) as run:
    step = 0
    for epoch in range(1, 4):
        for i in range(4):
            values = {"loss": 1 / (step + 3), "acc": math.pi * step / 100}
            if step < 3:
                values["odd"] = special[step]
            if i == 3:
                values["val/loss"] = 0.1 * epoch + 1e-17 * step
            run.log(values, step=step, epoch=epoch)
            logged.append({"step": step, "epoch": epoch, "values": {k: repr(v) for k, v in values.items()}})
            step += 1
        if epoch < 3:
            wait(epoch)
    run.note("three epochs")
print(json.dumps({"spooled": run.spooled, "logged": logged}))
`;

const nodeScript = `
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRun } from 'backprop-workbench/client';

const pause = process.env.PAUSE_DIR;
const wait = async (epoch) => {
  if (!pause) return;
  writeFileSync(join(pause, 'ready-' + epoch), '');
  while (!existsSync(join(pause, 'go-' + epoch))) await new Promise((r) => setTimeout(r, 20));
};
const special = [NaN, Infinity, -Infinity];
const logged = [];
const run = await startRun({ name: 'js-run', experiment: 'clients', config: JSON.parse(process.argv[2]), tags: ['node'] });
let step = 0;
for (let epoch = 1; epoch <= 3; epoch++) {
  for (let i = 0; i < 4; i++) {
    const values = { loss: 1 / (step + 3), acc: (Math.PI * step) / 100 };
    if (step < 3) values.odd = special[step];
    if (i === 3) values['val/loss'] = 0.1 * epoch + 1e-17 * step;
    await run.log(values, { step, epoch });
    logged.push({ step, epoch, values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) });
    step++;
  }
  if (epoch < 3) await wait(epoch);
}
await run.note('three epochs');
await run.finish();
console.log(JSON.stringify({ spooled: run.spooled, logged }));
`;

interface Logged {
  spooled: boolean;
  logged: { step: number; epoch: number; values: Record<string, string> }[];
}

const TEXT_NUMBERS: Record<string, number> = {
  nan: NaN,
  NaN: NaN,
  inf: Infinity,
  Infinity: Infinity,
  '-inf': -Infinity,
  '-Infinity': -Infinity,
};
const numberOf = (text: string) => TEXT_NUMBERS[text] ?? Number(text);

const store = useCliWorkspace('backprop-tracking-');

const startServe = async () => (await startServeOn(store.db, store.running)).child;

interface Client {
  name: string;
  command(dir: string): { file: string; args: string[]; env: Record<string, string> };
}

const clients: Client[] = [
  {
    name: 'the Python client',
    command(dir) {
      const file = join(dir, 'log_run.py');
      writeFileSync(file, pythonScript);
      return {
        file: 'python3',
        args: [file, JSON.stringify(config)],
        env: { PYTHONPATH: join(root, 'clients', 'python') },
      };
    },
  },
  {
    name: 'the JavaScript client',
    command(dir) {
      linkClientPackage(dir);
      const file = join(dir, 'log-run.mjs');
      writeFileSync(file, nodeScript);
      return { file: process.execPath, args: [file, JSON.stringify(config)], env: {} };
    },
  },
];

/** Runs the client's script; `pause` lets the test act after epochs 1 and 2. */
async function runScript(
  client: Client,
  pause?: (epoch: number) => Promise<void>,
): Promise<{ output: Logged; started: number; ended: number }> {
  const { file, args, env } = client.command(store.dir);
  const pauseDir = join(store.dir, 'pause');
  mkdirSync(pauseDir, { recursive: true });
  const started = Date.now() / 1000;
  const stdout = await runClientScript(
    store,
    [file, args, { ...env, ...(pause ? { PAUSE_DIR: pauseDir } : {}) }],
    () => (pause ? drivePauses(pauseDir, pause) : Promise.resolve()),
  );
  return { output: JSON.parse(stdout) as Logged, started, ended: Date.now() / 1000 };
}

async function drivePauses(dir: string, pause: (epoch: number) => Promise<void>): Promise<void> {
  for (const epoch of [1, 2]) {
    await waitForFile(join(dir, `ready-${epoch}`));
    await pause(epoch);
    writeFileSync(join(dir, `go-${epoch}`), '');
  }
}

/** What the store must give back: one metric per logged value, by key then step. */
function expectedMetrics(output: Logged): Omit<LoggedMetric, 'time'>[] {
  return output.logged
    .flatMap(({ step, epoch, values }) =>
      Object.entries(values).map(([key, text]) => ({ key, step, epoch, value: numberOf(text) })),
    )
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.step - b.step));
}

/** `runs --json` and `export --format json`: the run completed, every value exactly. */
async function checkStore(output: Logged, started: number, ended: number, name: string) {
  const runs = await listRuns(store.db);
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ name, status: 'completed' });
  expect(runs[0].logged?.params).toEqual(config);

  const out = join(store.dir, 'export.json');
  const run = (await exportRun<{ runs: RunDetail[] }>(store.db, runs[0].id, 'json', out)).runs[0];
  expect(run.notes).toBe('three epochs');
  expect(run.tags).toEqual([name === 'py-run' ? 'python' : 'node']);
  const metrics = run.metrics ?? [];
  expect(metrics.map(({ time: _t, ...m }) => m)).toEqual(expectedMetrics(output));
  expect(metrics.some((m) => Number.isNaN(m.value))).toBe(true);
  for (const m of metrics) {
    expect(m.time).toBeGreaterThanOrEqual(started - 1);
    expect(m.time).toBeLessThanOrEqual(ended + 1);
  }
  expectSpoolEmpty(store.db);
}

describe.each(clients)('$name', (client) => {
  const name = client.name.includes('Python') ? 'py-run' : 'js-run';

  it('logs a 3-epoch run to a running owner', async () => {
    await startServe();
    const { output, started, ended } = await runScript(client);
    expect(output.spooled).toBe(false);
    await checkStore(output, started, ended, name);
  });

  it('logs with no owner running: the spool is imported by the next command', async () => {
    const { output, started, ended } = await runScript(client);
    expect(output.spooled).toBe(true);
    expect(readdirSync(spoolDirOf(store.db))).toHaveLength(1);
    await checkStore(output, started, ended, name);
  });

  it('loses nothing when the owner is SIGKILLed after epoch 1 and restarted after epoch 2', async () => {
    let owner = await startServe();
    const { output, started, ended } = await runScript(client, async (epoch) => {
      if (epoch === 1) return stop(owner, 'SIGKILL');
      // Epoch 2 went to the spool while no owner was alive.
      expect(readdirSync(spoolDirOf(store.db))).toHaveLength(1);
      owner = await startServe();
    });
    // The client handed its spool to the new owner before epoch 3 and went on with it.
    expect(output.spooled).toBe(false);
    await stop(owner, 'SIGTERM');
    await checkStore(output, started, ended, name);
  });
});
