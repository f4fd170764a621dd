/**
 * The owner kill test, in the style of SQLite's crash tests: the process that owns the database
 * (the built CLI, `backprop sweep` or `backprop queue --work`, as a child) is SIGKILLed at a
 * random moment while a sweep trains, again and again. After every kill the database is audited
 * (./db-audit.ts): every epoch acknowledged before the kill (visible to a reader in SQLite, or
 * printed by the owner, which prints only after the commit) is still there, no epoch is
 * half-written, `PRAGMA integrity_check` says ok, and the killed owner's trainers are gone. At
 * the end one owner works the queue to empty: the interrupted runs resume and finish with exactly
 * the epochs and weights of the same sweep trained without interruption.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Rng } from '../../src-shared/engine/rng';
import type { SweepSpecInput } from '../../src-shared/experiment/sweep';
import { runCli, startCli } from '../cli/cli.testing';
import { withoutTime } from '../core/queue/queue.testing';
import { openStore } from '../core/store/store';
import { databaseProblems, visibleEpochs } from './db-audit';
import { childPids, waitGone } from './processes';

/** Four runs of MNIST cut small, two at a time: a few seconds of training per sweep. */
export const killSweep: SweepSpecInput = {
  name: 'kill sweep',
  base: {
    dataset: 'mnist',
    trainSize: 6000,
    validationSize: 300,
    testSize: 300,
    probeSize: 100,
    layers: [784, 15, 10],
    learningRate: 0.5,
    batchSize: 1,
    epochs: 8,
    init: {
      weights: { kind: 'uniform', low: -0.5, high: 0.5 },
      biases: { kind: 'uniform', low: -0.5, high: 0.5 },
    },
  },
  grid: { learningRate: [0.5, 1] },
  seeds: [1, 2],
};

export interface OwnerKillOptions {
  /** Work folder: the databases and the spec go here. */
  dir: string;
  /** How many times the owner is killed. Owners that finish before their kill moment do not
   * count; at most three times this many owners are started. */
  kills: number;
  /** Seed of the kill moments (print it: the same seed replays the same delays). */
  seed: number;
  log?(line: string): void;
}

export interface KillIteration {
  owner: 'sweep' | 'queue --work';
  moment: KillMoment;
  /** False when the owner had finished before its kill moment. */
  killed: boolean;
  /** Epochs acknowledged before this kill, by this owner or an earlier one (all are checked). */
  acknowledged: number;
  /** Acknowledged epochs missing afterwards ("run:epoch"): must be empty. */
  lost: string[];
  /** Audit problems, a bad integrity check, trainers left alive, an owner that failed. */
  problems: string[];
}

export interface OwnerKillReport {
  seed: number;
  iterations: KillIteration[];
  runs: number;
  /** Runs that trained in more than one owner (resumed after a kill). */
  resumedRuns: number;
  finalStatuses: Record<string, number>;
  /** "run 3 failed: <error>" for each run that did not complete: must be empty. */
  notCompleted: string[];
  /** Problems of the database after the last owner finished: must be empty. */
  finalProblems: string[];
  /** Runs whose epochs or weights differ from the uninterrupted sweep: must be empty. */
  mismatches: string[];
}

const CLI_ARGS = ['--parallel', '2'];
const ORPHAN_GRACE_MS = 30_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True when the database has runs an owner would still train (or resume). */
function hasPendingRuns(dbPath: string): boolean {
  try {
    const db = new Database(dbPath, { fileMustExist: true });
    try {
      return (
        db
          .prepare("SELECT 1 FROM runs WHERE status IN ('queued', 'running', 'interrupted')")
          .get() !== undefined
      );
    } finally {
      db.close();
    }
  } catch {
    return false; // no file yet, or killed before the schema was created
  }
}

function epochsSeenBy(dbPath: string): Set<string> {
  try {
    return visibleEpochs(dbPath);
  } catch {
    return new Set();
  }
}

/**
 * When to kill: `epochLines` epochs after the owner started (0: from its start), then `delayMs`.
 * Anchoring on stored epochs rather than on the clock keeps the kills inside training however
 * slow a busy machine starts processes; epochLines 0 covers start-up, migration and queueing.
 */
interface KillMoment {
  epochLines: number;
  delayMs: number;
}

/** Every third kill lands in the first 2 s of an owner's life; the others after 1–20 epochs. */
function killMoment(rng: Rng, iteration: number): KillMoment {
  if (iteration % 3 === 2) return { epochLines: 0, delayMs: Math.round(rng.uniform(0, 2000)) };
  return { epochLines: 1 + rng.int(20), delayMs: Math.round(rng.uniform(0, 150)) };
}

/**
 * Runs the owner CLI until `moment`, then (unless it finished first) notes its trainers and what
 * a reader sees in the database, and SIGKILLs it. `printed` holds the epochs it printed: each
 * line is written after its commit, so all of them count as acknowledged.
 */
async function runUntilKilled(args: string[], dbPath: string, moment: KillMoment) {
  const printed = new Set<string>();
  let reached: () => void = () => undefined;
  const anchor = new Promise<void>((resolve) => (reached = resolve));
  if (moment.epochLines === 0) reached();
  const cli = startCli(args, (line) => {
    const match = /^run (\d+) epoch (\d+)\//.exec(line);
    if (match) printed.add(`${match[1]}:${match[2]}`);
    if (printed.size >= moment.epochLines) reached();
  });
  const finishedFirst = await Promise.race([
    cli.done.then(() => true),
    anchor.then(() => sleep(moment.delayMs)).then(() => false),
  ]);
  let trainers: number[] = [];
  let seen = new Set<string>();
  if (!finishedFirst) {
    trainers = childPids(cli.child.pid!);
    seen = epochsSeenBy(dbPath);
    cli.child.kill('SIGKILL');
  }
  const result = await cli.done;
  return { result, trainers, acknowledged: new Set([...seen, ...printed]) };
}

/** Starts an owner, kills it at `moment`, and audits what it left behind. */
async function killOnce(
  dbPath: string,
  specPath: string,
  moment: KillMoment,
): Promise<KillIteration> {
  const owner = hasPendingRuns(dbPath) ? 'queue --work' : 'sweep';
  const args =
    owner === 'sweep'
      ? ['sweep', '--spec', specPath, '--db', dbPath, ...CLI_ARGS]
      : ['queue', '--work', '--db', dbPath, ...CLI_ARGS];
  const { result, trainers, acknowledged } = await runUntilKilled(args, dbPath, moment);
  const problems: string[] = [];
  const killed = result.signal === 'SIGKILL';
  if (!killed && result.code !== 0)
    problems.push(`${owner} exited with ${result.code}: ${result.stderr.slice(-500)}`);
  const orphans = await waitGone(trainers, ORPHAN_GRACE_MS);
  orphans.forEach((pid) => process.kill(pid, 'SIGKILL'));
  if (orphans.length) problems.push(`trainers ${orphans.join(', ')} outlived their owner`);
  const database = databaseProblems(dbPath);
  problems.push(...database.problems);
  const lost = [...acknowledged].filter((k) => !database.epochKeys.has(k));
  return { owner, moment, killed, acknowledged: acknowledged.size, lost, problems };
}

/** Every run of a database with its epochs (without wall-clock time) and weights, by id. */
function snapshot(dbPath: string) {
  const store = openStore(dbPath);
  try {
    return store.runs.list().map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      error: r.error,
      attempts: r.attempts,
      experimentId: r.experimentId,
      epochs: store.epochs.list(r.id).map(withoutTime),
      weights: store.weights.get(r.id),
    }));
  } finally {
    store.close();
  }
}

type Snapshot = ReturnType<typeof snapshot>;

/** Runs (of every sweep the loop queued) that differ from the same run of the reference sweep. */
function compareWithReference(after: Snapshot, reference: Snapshot): string[] {
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  const expectedRuns = [...reference].sort(byId);
  const position = new Map<number | null, number>();
  const mismatches: string[] = [];
  for (const run of [...after].sort(byId)) {
    const index = position.get(run.experimentId) ?? 0;
    position.set(run.experimentId, index + 1);
    const expected = expectedRuns[index];
    const same =
      expected &&
      run.name === expected.name &&
      JSON.stringify(run.epochs) === JSON.stringify(expected.epochs) &&
      JSON.stringify(run.weights) === JSON.stringify(expected.weights);
    if (!same) mismatches.push(`run ${run.id} (${run.name}) differs from the uninterrupted run`);
  }
  return mismatches;
}

/** Kills owners until `options.kills` were killed (at most 3x as many owners), logging each. */
async function killRepeatedly(dbPath: string, specPath: string, options: OwnerKillOptions) {
  const log = options.log ?? (() => undefined);
  const rng = new Rng(options.seed);
  const iterations: KillIteration[] = [];
  let kills = 0;
  for (let i = 0; kills < options.kills && i < 3 * options.kills; i++) {
    const moment = killMoment(rng, i);
    const result = await killOnce(dbPath, specPath, moment);
    iterations.push(result);
    if (result.killed) kills++;
    log(
      `owner ${i + 1} (kill ${kills}/${options.kills}): ${result.owner}, ` +
        `${moment.epochLines} epochs + ${moment.delayMs} ms, ` +
        `${result.killed ? 'killed' : 'finished first'}, ${result.acknowledged} epochs acknowledged, ` +
        `${result.lost.length} lost, ${result.problems.length} problems`,
    );
  }
  return iterations;
}

/** The whole test; see the module comment. Throws only when the CLI cannot run at all. */
export async function ownerKillTest(options: OwnerKillOptions): Promise<OwnerKillReport> {
  const specPath = join(options.dir, 'kill-sweep.json');
  writeFileSync(specPath, JSON.stringify(killSweep));
  const dbPath = join(options.dir, 'killed.db');
  const iterations = await killRepeatedly(dbPath, specPath, options);
  const finalProblems: string[] = [];
  if (hasPendingRuns(dbPath)) {
    const last = await runCli(['queue', '--work', '--db', dbPath, ...CLI_ARGS]);
    if (last.code !== 0) finalProblems.push(`the last owner exited with ${last.code}`);
  }
  finalProblems.push(...databaseProblems(dbPath).problems);
  const referencePath = join(options.dir, 'reference.db');
  await runCli(['sweep', '--spec', specPath, '--db', referencePath, ...CLI_ARGS]);
  const after = snapshot(dbPath);
  const finalStatuses: Record<string, number> = {};
  for (const run of after) finalStatuses[run.status] = (finalStatuses[run.status] ?? 0) + 1;
  return {
    seed: options.seed,
    iterations,
    runs: after.length,
    resumedRuns: after.filter((r) => r.attempts > 1).length,
    finalStatuses,
    notCompleted: after
      .filter((r) => r.status !== 'completed')
      .map((r) => `run ${r.id} ${r.status}: ${r.error}`),
    finalProblems,
    mismatches: compareWithReference(after, snapshot(referencePath)),
  };
}
