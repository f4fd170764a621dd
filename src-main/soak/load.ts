/**
 * The load test: many short XOR runs through the persistent queue of a served workbench (the app
 * core and the HTTP server of `backprop serve`, in this process), two at a time, while a share of
 * the trainers is SIGKILLed at random moments. Afterwards every run must be in a final state
 * (victims failed with the signal, or completed when the kill came after their end; all others
 * completed with every epoch), the database whole (./db-audit.ts), no trainer alive; meanwhile a
 * probe in another process measures how fast runs.list answers (./latency-probe.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src-shared/engine/rng';
import { encodeWire } from '../../src-shared/base/wire';
import { createAppCore } from '../core/app';
import { xorConfig } from '../core/store/store.testing';
import { createForkTrainerHost } from '../core/runner/fork-host';
import { findPackageRoot, requireTrainerEntry } from '../core/runner/trainer-entry';
import type { TrainerHost } from '../core/runner/trainer-host';
import { startServer } from '../server/server';
import { databaseProblems } from './db-audit';
import { percentile, startLatencyProbe } from './latency-probe';
import { waitGone } from './processes';

export interface LoadOptions {
  dir: string;
  runs: number;
  /** Runs at a time. */
  concurrency: number;
  /** Share of trainers killed (0.1 = 10%). */
  killShare: number;
  seed: number;
  epochs?: number;
}

export interface LoadReport {
  runs: number;
  statuses: Record<string, number>;
  /** Trainers chosen to be killed, and the runs that failed of it. */
  victims: number;
  victimsFailed: number;
  /** Runs whose outcome is wrong for what happened to them: must be empty. */
  wrongOutcomes: string[];
  /** Database audit and integrity problems: must be empty. */
  problems: string[];
  /** Trainer pids still alive at the end: must be empty. */
  orphans: number[];
  latency: { calls: number; failures: number; p50Ms: number; p99Ms: number; maxMs: number };
  pages: { loads: number; failures: number };
  seconds: number;
}

/**
 * A fork host that SIGKILLs the trainers it was told to: every third victim (the first included)
 * on its 'ready', before its run starts, the others 1–40 ms later, anywhere in a short run or
 * just after it. Records which run each victim got and every pid.
 */
function killingHost(victimStarts: Set<number>, rng: Rng) {
  const inner = createForkTrainerHost(requireTrainerEntry());
  const pids: number[] = [];
  const victimRuns = new Set<number>();
  let starts = 0;
  let victims = 0;
  const host: TrainerHost = {
    start(options) {
      const trainer = inner.start(options);
      if (trainer.pid !== undefined) pids.push(trainer.pid);
      if (!victimStarts.has(starts++)) return trainer;
      const delay = victims++ % 3 === 0 ? 0 : Math.round(rng.uniform(1, 40));
      trainer.onMessage((message) => {
        if (message.kind !== 'ready') return;
        if (delay === 0) trainer.kill('SIGKILL');
        else setTimeout(() => trainer.kill('SIGKILL'), delay);
      });
      return {
        ...trainer,
        pid: trainer.pid,
        send(message) {
          if (message.kind === 'start') victimRuns.add(message.runId);
          trainer.send(message);
        },
      };
    },
  };
  return { host, pids, victimRuns };
}

/** The built UI when there is one; otherwise a stand-in page (the test is about the API). */
function rendererDir(dir: string): string {
  const built = join(findPackageRoot(), 'out', 'renderer');
  if (existsSync(join(built, 'index.html'))) return built;
  const standIn = join(dir, 'renderer');
  mkdirSync(standIn, { recursive: true });
  writeFileSync(join(standIn, 'index.html'), '<!doctype html><title>Backprop Workbench</title>');
  return standIn;
}

/** Distinct start indices in [0, runs) for the victims, chosen by `rng`. */
function chooseVictims(runs: number, share: number, rng: Rng): Set<number> {
  const order = Array.from({ length: runs }, (_, i) => i);
  rng.shuffle(order);
  return new Set(order.slice(0, Math.round(runs * share)));
}

/** A run's outcome against what happened to its trainer; null when it is right. */
function wrongOutcome(
  run: { id: number; status: string; error: string | null },
  victim: boolean,
  epochs: number,
  planned: number,
): string | null {
  if (run.status === 'completed' && epochs === planned + 1) return null;
  if (victim && run.status === 'failed' && /killed by SIGKILL/.test(run.error ?? '')) return null;
  return `run ${run.id} (${victim ? 'killed' : 'not killed'}): ${run.status}, ${epochs} epochs, ${run.error}`;
}

/** The app core and HTTP server of `backprop serve`, with the killing trainer host. */
async function serve(options: LoadOptions, trainerHost: TrainerHost, dbPath: string) {
  const core = await createAppCore({
    dbPath,
    host: 'serve',
    trainerHost,
    concurrency: options.concurrency,
  });
  const server = await startServer({
    services: core.services,
    rendererDir: rendererDir(options.dir),
    port: 0,
  });
  return { core, server, origin: `http://127.0.0.1:${server.port}` };
}

/** Queues the runs as one sweep over HTTP and waits, probed, until the queue is idle. */
async function trainAll(served: Awaited<ReturnType<typeof serve>>, runs: number, epochs: number) {
  const { core, server, origin } = served;
  const probe = startLatencyProbe(origin, server.token);
  const spec = { name: 'load', base: xorConfig({ epochs }), seeds: seedsUpTo(runs) };
  const queued = await fetch(`${origin}/api/call/queue.enqueueSweep`, {
    method: 'POST',
    headers: { 'x-backprop-token': server.token, 'content-type': 'application/json' },
    body: encodeWire([spec]),
  });
  if (queued.status !== 200) throw new Error(`enqueueSweep: ${await queued.text()}`);
  await core.queue.whenIdle();
  return probe.stop();
}

export async function loadTest(options: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  const epochs = options.epochs ?? 20;
  const rng = new Rng(options.seed);
  const killer = killingHost(chooseVictims(options.runs, options.killShare, rng), rng);
  const dbPath = join(options.dir, 'load.db');
  const served = await serve(options, killer.host, dbPath);
  const probed = await trainAll(served, options.runs, epochs);
  const { core, server } = served;
  const runs = core.store.runs.list();
  const counts = new Map(runs.map((r) => [r.id, core.store.epochs.count(r.id)]));
  await server.close();
  await core.close();
  const statuses: Record<string, number> = {};
  for (const run of runs) statuses[run.status] = (statuses[run.status] ?? 0) + 1;
  const victim = (id: number) => killer.victimRuns.has(id);
  return {
    runs: runs.length,
    statuses,
    victims: killer.victimRuns.size,
    victimsFailed: runs.filter((r) => victim(r.id) && r.status === 'failed').length,
    wrongOutcomes: runs
      .map((r) => wrongOutcome(r, victim(r.id), counts.get(r.id) ?? 0, epochs))
      .filter((w): w is string => w !== null),
    problems: databaseProblems(dbPath).problems,
    orphans: await waitGone(killer.pids, 10_000),
    latency: {
      calls: probed.latenciesMs.length,
      failures: probed.failures,
      p50Ms: percentile(probed.latenciesMs, 50),
      p99Ms: percentile(probed.latenciesMs, 99),
      maxMs: Math.max(...probed.latenciesMs),
    },
    pages: { loads: probed.pageLoads, failures: probed.pageFailures },
    seconds: (Date.now() - started) / 1000,
  };
}

function seedsUpTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
