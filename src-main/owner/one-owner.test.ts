/**
 * One owner per store, as a user meets it with the built CLI (needs `npm run build`): a terminal
 * trains while `serve` starts on the same store; two `serve`; `queue --work` and `train` beside a
 * live owner; `train` killed by SIGTERM, SIGHUP and SIGKILL, then resumed.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { decodeWire } from '../../src-shared/base/wire';
import type { EpochRecord } from '../../src-shared/base/records';
import { smallMnistInput, xorInput } from '../core/store/store.testing';
import {
  runCli,
  startCli,
  startServe as startServeOn,
  useCliWorkspace,
  type CliResult,
} from '../cli/cli.testing';

const workspace = useCliWorkspace('backprop-owner-', { trainer: true });
const { file, running } = workspace;

const startServe = () => startServeOn(workspace.db, running);

/** A contract call on a running owner, as a script would make it. */
async function call(url: string, method: string, args: unknown[]): Promise<unknown> {
  const address = new URL(url);
  const response = await fetch(new URL(`/api/call/${method}`, address), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-backprop-token': address.searchParams.get('token')!,
    },
    body: JSON.stringify(args),
  });
  const reply = decodeWire<{ ok: boolean; value: unknown }>(await response.text());
  expect(reply.ok).toBe(true);
  return reply.value;
}

/** Epochs of a run (one row per epoch by the primary key), its status and attempts (one per trainer that took it). */
function stored(runId: number) {
  const sqlite = new Database(workspace.db, { readonly: true });
  try {
    const epochs = sqlite
      .prepare('SELECT epoch FROM epochs WHERE run_id = ? ORDER BY epoch')
      .pluck()
      .all(runId) as number[];
    const row = sqlite.prepare('SELECT status, attempts FROM runs WHERE id = ?').get(runId) as {
      status: string;
      attempts: number;
    };
    return { epochs, ...row };
  } finally {
    sqlite.close();
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const slow = smallMnistInput({ name: 'slow', trainSize: 1500, epochs: 4 });
/** Long enough (a few seconds) that a signal or a second command at epoch 1-2 finds it training. */
const long = smallMnistInput({ name: 'long', trainSize: 1000, epochs: 30 });
/** Longer still: several seconds on a fast machine, for a second command to start beside it. */
const longer = smallMnistInput({
  name: 'longer',
  trainSize: 1000,
  epochs: 150,
  engine: 'reference',
});

/** Fails with what the command printed when it has not ended within `ms`. */
async function within(ms: number, result: Promise<CliResult>, child?: ChildProcess) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child?.kill('SIGKILL');
      reject(new Error(`not ended within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([result, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('one owner per store', () => {
  it('serve started while `train` trains points at train: one trainer, every epoch stored once in order, attempts 1', async () => {
    let serveResult: Promise<CliResult> | undefined;
    let serveOutput = '';
    const train = startCli(
      ['train', '--config', file('longer.json', longer), '--db', workspace.db],
      (line) => {
        if (!serveResult && /^run 1 epoch 1\//.test(line)) {
          const serve = startCli(['serve', '--db', workspace.db, '--port', '0']);
          running.push(serve.child);
          serve.child.stdout!.on('data', (chunk: Buffer) => (serveOutput += chunk.toString()));
          serveResult = serve.done;
        }
      },
    );
    running.push(train.child);
    const trained = await within(60_000, train.done, train.child);
    expect(serveResult, trained.stderr).toBeDefined();
    const served = await within(20_000, serveResult!).catch((error: Error) => {
      throw new Error(`serve: ${error.message}: ${serveOutput}`);
    });
    expect(served.code).toBe(0);
    const url = /already running for this store at (http:\S+)/.exec(served.stdout)?.[1];
    expect(url, served.stdout + served.stderr).toBeDefined();
    expect(served.stdout).toMatch(/backprop train, pid \d+/);
    expect(trained.code).toBe(0);
    expect(stored(1)).toEqual({ epochs: range(151), status: 'completed', attempts: 1 });
  }, 120_000);

  it('a second serve prints the first one’s address and exits 0; the address answers', async () => {
    const first = await startServe();
    const second = await runCli(['serve', '--db', workspace.db, '--port', '0']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`already running for this store at ${first.url}`);
    const info = (await call(first.url, 'settings.info', [])) as { dbPath: string };
    expect(info.dbPath).toBe(workspace.db);
  }, 60_000);

  it('queue --work beside an owner trains nothing itself; train beside it queues there and follows', async () => {
    const owner = await startServe();
    const work = await runCli(['queue', '--work', '--db', workspace.db]);
    expect(work.code).toBe(0);
    expect(work.stdout).toMatch(/worked by backprop serve \(pid \d+\)/);

    const config = file('xor.json', xorInput({ name: 'through serve', epochs: 20 }));
    const train = await runCli(['train', '--config', config, '--db', workspace.db, '--json']);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stderr).toMatch(
      /The store is open in backprop serve \(pid \d+\): the runs train there/,
    );
    const result = decodeWire<{ runId: number; status: string; epochs: EpochRecord[] }>(
      train.stdout,
    );
    expect(result.status).toBe('completed');
    expect(result.epochs.map((e) => e.epoch)).toEqual(range(21));
    expect(stored(result.runId)).toEqual({ epochs: range(21), status: 'completed', attempts: 1 });
    const run = (await call(owner.url, 'runs.get', [result.runId])) as { host: string };
    expect(run.host).toBeTruthy();
  }, 90_000);

  const straight = async () => {
    const straightDb = join(workspace.dir, 'straight.db');
    const result = await runCli([
      'train',
      '--config',
      file('s.json', long),
      '--db',
      straightDb,
      '--json',
    ]);
    return decodeWire<{ epochs: EpochRecord[] }>(result.stdout).epochs;
  };
  const noTime = (e: EpochRecord) => ({ ...e, seconds: 0 });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGKILL', null],
  ] as const) {
    it(`train killed by ${signal} resumes with \`backprop resume\` to the uninterrupted results`, async () => {
      const stopped = startCli(
        ['train', '--config', file('long.json', long), '--db', workspace.db],
        (line, child) => {
          if (/^run 1 epoch 2\//.test(line) && !child.killed) child.kill(signal);
        },
      );
      const first = await stopped.done;
      expect(first.code).toBe(code);
      if (signal !== 'SIGKILL')
        expect(first.stderr).toMatch(/continue them with `backprop resume 1`/);
      // A reader never shows a run as running that nothing trains.
      const listed = await runCli(['runs', '--db', workspace.db, '--json']);
      expect(JSON.parse(listed.stdout)[0].status).toBe('interrupted');

      const resumed = await runCli(['resume', '1', '--db', workspace.db, '--json']);
      expect(resumed.code, resumed.stderr).toBe(0);
      const [run] = decodeWire<{ status: string; epochs: EpochRecord[] }[]>(resumed.stdout);
      expect(run.status).toBe('completed');
      expect(run.epochs.map(noTime)).toEqual((await straight()).map(noTime));
    }, 120_000);
  }

  it('after a SIGKILLed sweep, runs shows none of its runs as running', async () => {
    const spec = file('sweep.json', {
      name: 'killed sweep',
      base: slow,
      grid: { learningRate: [0.3, 0.5] },
    });
    const sweep = startCli(
      ['sweep', '--spec', spec, '--db', workspace.db, '--parallel', '2'],
      (line, child) => {
        if (/^run \d+ epoch 1\//.test(line) && !child.killed) child.kill('SIGKILL');
      },
    );
    expect((await sweep.done).signal).toBe('SIGKILL');
    const listed = await runCli(['runs', '--db', workspace.db, '--json']);
    const statuses = (JSON.parse(listed.stdout) as { status: string }[]).map((r) => r.status);
    expect(statuses).toHaveLength(2);
    expect(statuses).not.toContain('running');
  }, 90_000);
});
