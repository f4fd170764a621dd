/**
 * `backprop sweep` and the owner's crash safety, with the owner itself as a child process:
 * SIGKILL it in the middle of a sweep, restart an owner (`backprop queue --work`), and every
 * acknowledged epoch is still there, the database is intact, and the interrupted runs finish with
 * exactly the results of an uninterrupted sweep. Needs `npm run build`.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { smallMnistInput } from '../core/store/store.testing';
import { openStore } from '../core/store/store';
import { withoutTime } from '../core/queue/queue.testing';
import { runCli, startCli, useCliWorkspace } from './cli.testing';

/** Four runs of MNIST cut small: two train at once, each epoch takes a moment. */
const crashSweep = {
  name: 'crash sweep',
  base: smallMnistInput({
    trainSize: 1500,
    validationSize: 200,
    testSize: 200,
    layers: [784, 15, 10],
    epochs: 5,
  }),
  grid: { learningRate: [0.5, 1] },
  seeds: [1, 2],
};

const workspace = useCliWorkspace('backprop-sweep-', { trainer: true });

const specFile = (spec: unknown) => {
  const path = join(workspace.dir, 'sweep.json');
  writeFileSync(path, JSON.stringify(spec));
  return path;
};

/** Every run of a database with its epochs (without wall-clock time) and weights, by run id. */
function snapshot(dbPath: string) {
  const store = openStore(dbPath);
  try {
    return store.runs.list().map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      epochs: store.epochs.list(r.id).map(withoutTime),
      weights: store.weights.get(r.id),
    }));
  } finally {
    store.close();
  }
}

describe('backprop sweep', () => {
  it('survives a SIGKILL of the owner mid-sweep: acknowledged epochs kept, database intact, runs resume to identical results', async () => {
    const spec = specFile(crashSweep);
    const crashed = join(workspace.dir, 'crashed.db');
    const acknowledged: [number, number][] = [];
    const owner = startCli(
      ['sweep', '--spec', spec, '--db', crashed, '--parallel', '2'],
      (line, child) => {
        const match = /^run (\d+) epoch (\d+)\//.exec(line);
        if (!match) return;
        acknowledged.push([Number(match[1]), Number(match[2])]);
        if (Number(match[2]) >= 2 && !child.killed) child.kill('SIGKILL');
      },
    );
    const killed = await owner.done;
    expect(killed.signal).toBe('SIGKILL');

    const raw = new Database(crashed);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(
      raw
        .prepare('SELECT run_id, epoch FROM epochs')
        .all()
        .map((r) => JSON.stringify(Object.values(r as object))),
    );
    const left = raw
      .prepare("SELECT id FROM runs WHERE status = 'running'")
      .pluck()
      .all() as number[];
    raw.close();
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) expect(stored.has(JSON.stringify(ack))).toBe(true);
    expect(left.length).toBeGreaterThan(0);

    const restarted = await runCli(['queue', '--work', '--db', crashed, '--parallel', '2']);
    expect(restarted.code).toBe(0);
    const straight = join(workspace.dir, 'straight.db');
    expect(
      (await runCli(['sweep', '--spec', spec, '--db', straight, '--parallel', '2'])).code,
    ).toBe(0);

    const resumed = new Database(crashed, { readonly: true });
    const attempts = resumed.prepare('SELECT id, attempts FROM runs').all() as {
      id: number;
      attempts: number;
    }[];
    resumed.close();
    // The runs the killed owner was training started a second time (from their checkpoint); the others once.
    expect(attempts.map((r) => r.attempts)).toEqual(
      attempts.map((r) => (left.includes(r.id) ? 2 : 1)),
    );

    const after = snapshot(crashed);
    const reference = snapshot(straight);
    expect(after.map((r) => r.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    expect(after.map((r) => r.name)).toEqual(reference.map((r) => r.name));
    after.forEach((run, i) => {
      expect(run.epochs).toEqual(reference[i].epochs);
      expect(run.weights).toEqual(reference[i].weights);
    });
  });

  it('rejects a sweep with a bad field before anything is queued', async () => {
    const db = join(workspace.dir, 'bad.db');
    const bad = { ...crashSweep, grid: { learningRate: [0.5, -1] } };
    const result = await runCli(['sweep', '--spec', specFile(bad), '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sweep run 3\.learningRate: learningRate must be > 0/);
    expect(existsSync(db)).toBe(false);
  });
});
