/**
 * What `backprop` exits with, run as a user runs it (needs `npm run build`): 2 for usage errors,
 * 3 for a failed run, 4 for a diverged one (from `train` and from `queue --work`); `train --preset/--set`, `--quiet --json`, and
 * `export --out -` writing the file's bytes to standard output.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { decodeWire } from '../../src-shared/base/wire';
import { smallMnistInput, xorConfig, xorInput } from '../core/store/store.testing';
import { openStore } from '../core/store/store';
import { runConfigSchema, type RunConfig } from '../../src-shared/experiment/config';
import { readOwnerFile } from '../owner/owner-file';
import { requireBuiltCli, runCli, startCli, useCliWorkspace } from './cli.testing';
import { EXIT } from './foreground/exit-codes';
import { presets } from '../../src-shared/experiment/presets';

const workspace = useCliWorkspace('backprop-exit-', { dbName: 'exit.db', trainer: true });
const { file } = workspace;

describe('usage errors', () => {
  it.each([
    ['an unknown command', ['trian'], /unknown command 'trian'/],
    [
      'an unknown runs verb',
      ['runs', 'shw', '1'],
      /unknown command 'runs shw' \(did you mean 'runs show'\?\)/,
    ],
    ['an unknown option', ['train', '--preset', 'xor', '--bogus'], /unknown option '--bogus'/],
    ['a missing argument', ['resume'], /missing required argument 'ids'/],
    [
      'a malformed argument',
      ['runs', 'rm', 'x'],
      /expected run ids \(whole numbers from 1\), got "x"/,
    ],
    ['no config and no preset', ['train'], /say what to train: --config FILE or --preset NAME/],
    [
      'both a config and a preset',
      ['train', '--config', 'a.json', '--preset', 'xor'],
      /cannot be used with option '--preset/,
    ],
    [
      'an unknown preset',
      ['train', '--preset', 'nielsen'],
      new RegExp(
        `no preset is named "nielsen"; the presets are ${presets.map((p) => p.id).join(', ')}`,
      ),
    ],
    [
      'a misspelled preset',
      ['train', '--preset', 'xr'],
      /no preset is named "xr" \(did you mean "xor"\?\)/,
    ],
    [
      'an unknown --set key',
      ['train', '--preset', 'xor', '--set', 'lerningRate=1'],
      /Unknown field "lerningRate" in the run config \(did you mean "learningRate"\?\)/,
    ],
    [
      'a nested unknown --set key',
      ['train', '--preset', 'xor', '--set', 'init.weights.lo=0'],
      /Unknown field "lo" in init\.weights \(did you mean "low"\?\)/,
    ],
    [
      'a --set without a value',
      ['train', '--preset', 'xor', '--set', 'epochs'],
      /expected key=value \(e\.g\. learningRate=0\.5\), got "epochs"/,
    ],
  ])('exit 2 for %s, naming it, with no database written', async (_what, args, message) => {
    const result = await runCli([...args, '--db', workspace.db]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(existsSync(workspace.db)).toBe(false);
  });

  it('shows the exit codes in --help, with exit 0', async () => {
    const help = await runCli(['train', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /Exit codes:\n {2}0 +success[\s\S]* {2}2 +usage error[\s\S]* {2}3 +a run failed\n {2}4 +a run diverged/,
    );
    expect(help.stdout).toMatch(
      /Presets \(--preset NAME\):\n {2}stuck-network\n {6}Weights and biases from U\[0,1\)/,
    );
  });
});

describe('train --preset and --set', () => {
  it('trains a preset with fields overridden, then exports it to standard output byte for byte', async () => {
    const result = await runCli([
      'train',
      '--preset',
      'xor',
      '--set',
      'epochs=3',
      '--set',
      'name=from a preset',
      '--set',
      'init.weights={"kind":"uniform","low":-1,"high":1}',
      '--db',
      workspace.db,
      '--json',
      '--quiet',
    ]);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toBe('');
    const out = decodeWire<{ runId: number; status: string; final: { epochs: number } }>(
      result.stdout,
    );
    expect([out.status, out.final.epochs]).toEqual(['completed', 3]);
    const shown = decodeWire<{ name: string; config: Record<string, unknown> }>(
      (await runCli(['runs', 'show', String(out.runId), '--json', '--db', workspace.db])).stdout,
    );
    expect(shown.name).toBe('from a preset');
    expect(shown.config).toMatchObject({
      dataset: 'xor',
      learningRate: 2,
      epochs: 3,
      init: { weights: { kind: 'uniform', low: -1, high: 1 }, biases: { kind: 'normal', std: 1 } },
    });

    const npzFile = join(workspace.dir, 'run.npz');
    await runCli([
      'export',
      String(out.runId),
      '--format',
      'npz',
      '--out',
      npzFile,
      '--db',
      workspace.db,
    ]);
    const piped = await exportToStdout([
      'export',
      String(out.runId),
      '--format',
      'npz',
      '--out',
      '-',
      '--db',
      workspace.db,
    ]);
    expect(piped.code).toBe(0);
    expect(piped.bytes.equals(readFileSync(npzFile))).toBe(true);
    expect(piped.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(existsSync(join(workspace.dir, '-'))).toBe(false);
  }, 120_000);

  it('refuses a value the config schema refuses, naming the preset and the field', async () => {
    const result = await runCli([
      'train',
      '--preset',
      'xor',
      '--set',
      'learningRate=-1',
      '--db',
      workspace.db,
    ]);
    expect(result.code).toBe(EXIT.error);
    expect(result.stderr).toMatch(/--preset xor: .*learningRate must be > 0/);
    expect(existsSync(workspace.db)).toBe(false);
  });
});

describe('how a run ended', () => {
  it('exits 4 when the run diverges, printing only the JSON with --quiet --json', async () => {
    const config = file(
      'diverge.json',
      xorInput({
        name: 'blows up',
        activations: 'linear',
        learningRate: 1000,
        batchSize: 1,
        epochs: 200,
      }),
    );
    const result = await runCli([
      'train',
      '--config',
      config,
      '--db',
      workspace.db,
      '--quiet',
      '--json',
    ]);
    expect(result.code).toBe(EXIT.diverged);
    expect(result.stderr).toBe('');
    expect(decodeWire<{ status: string }>(result.stdout).status).toBe('diverged');
    const text = await runCli(['train', '--config', config, '--db', workspace.db, '--quiet']);
    expect(text.code).toBe(EXIT.diverged);
    expect(text.stdout).toMatch(/^run 2 \(blows up\) diverged: \d+ epochs/);
  }, 120_000);

  it('exits 3 when the run fails: its trainer process killed under it', async () => {
    const config = file(
      'slow.json',
      smallMnistInput({ name: 'killed', trainSize: 1500, epochs: 10, engine: 'reference' }),
    );
    const started = startCli(['train', '--config', config, '--db', workspace.db], (line, child) => {
      if (/^run 1 epoch 1\//.test(line)) killTrainerOf(child.pid!);
    });
    const result = await started.done;
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toMatch(/^run 1 \(killed\) failed: /);
  }, 120_000);
});

describe('queue --work', () => {
  /** A store holding queued runs with these configs (none trained yet). */
  function queued(name: string, configs: RunConfig[]): string {
    const path = join(workspace.dir, name);
    const store = openStore(path);
    try {
      for (const config of configs)
        store.runs.insert({
          ...{ experimentId: null, name: config.name, config },
          ...{ status: 'queued', engineVersion: 'test' },
        });
    } finally {
      store.close();
    }
    return path;
  }
  const completes = xorConfig({ name: 'completes', epochs: 2 });
  const diverges = xorConfig({
    ...{ name: 'diverges', activations: 'linear', learningRate: 1000 },
    ...{ batchSize: 1, epochs: 200 },
  });
  // Admission would refuse it; stored by hand, its trainer fails to read the file.
  const fails = xorConfig({
    name: 'fails',
    dataset: { kind: 'csv', path: join('/nonexistent', 'gone.csv') },
    layers: [2, 3, 1],
  });

  it.each([
    ['every run completed', [completes], EXIT.ok],
    ['a run diverged', [completes, diverges], EXIT.diverged],
    ['a run failed (before the one that diverged)', [diverges, fails], EXIT.failed],
  ])(
    'exits as the runs it trained ended: %s',
    async (_what, configs, code) => {
      const store = queued(`work-${code}.db`, configs);
      const result = await runCli(['queue', '--work', '--db', store]);
      expect(result.code).toBe(code);
      const runs = decodeWire<{ runs: unknown[] }>(
        (await runCli(['queue', '--json', '--db', store])).stdout,
      );
      expect(runs.runs).toEqual([]);
    },
    120_000,
  );

  it('exits 5 when a run it trains is cancelled from elsewhere (the app, through its API)', async () => {
    const slow = runConfigSchema.parse(
      smallMnistInput({ name: 'cancelled', trainSize: 1500, epochs: 20, engine: 'reference' }),
    );
    const store = queued('work-cancel.db', [slow]);
    let asked = false;
    const started = startCli(['queue', '--work', '--db', store], (line) => {
      if (asked || !/^run 1 epoch 1\//.test(line)) return;
      asked = true;
      void cancelThroughOwner(store, 1);
    });
    const result = await started.done;
    expect(asked).toBe(true);
    expect(result.code).toBe(EXIT.stopped);
  }, 120_000);

  it('shows the exit codes in its --help', async () => {
    const help = await runCli(['queue', '--help']);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]* {2}5 +a run stopped unfinished/);
  });
});

/** Calls queue.cancel on the store's owner, as the app or the browser would. */
async function cancelThroughOwner(store: string, id: number): Promise<void> {
  const owner = readOwnerFile(store);
  if (!owner) throw new Error(`no owner file beside ${store}`);
  const response = await fetch(`http://127.0.0.1:${owner.port}/api/call/queue.cancel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-backprop-token': owner.loginToken },
    body: JSON.stringify([id]),
  });
  if (!response.ok) throw new Error(`queue.cancel answered ${response.status}`);
}

/** SIGKILLs the trainer processes the CLI started (its children running node). */
function killTrainerOf(cliPid: number): void {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(cliPid)], {
    encoding: 'utf8',
  })
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((pid) => pid > 0);
  for (const pid of children) process.kill(pid, 'SIGKILL');
}

/** Runs the CLI with its standard output kept as bytes. */
function exportToStdout(args: string[]): Promise<{ code: number | null; bytes: Buffer }> {
  const child = spawn(process.execPath, [requireBuiltCli(), ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, bytes: Buffer.concat(chunks) })),
  );
}
