/**
 * `backprop bench`: every workload with the reference engine and the fast path at 1 and 2
 * threads, each measurement in a fresh child process, measured back to back in one run so the
 * ratios hold on a busy machine; then two fast Nielsen runs in parallel against one alone, and
 * the NumPy peer when python3 + numpy are present.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import type { Measurement, MeasureSpec } from './measure';
import { measureInChild, measureInParallel, type SelfCommand } from './child';
import { numpyPeerMissing, runNumpyPeer } from './numpy-peer';
import { workloads, type WorkloadId } from './workloads';

export interface BenchOptions {
  epochs: number;
  ids: WorkloadId[];
  /** Time the reference engine too (slow). */
  reference: boolean;
  self: SelfCommand;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

export interface BenchRow extends Measurement {
  /** Reference seconds per epoch / these seconds per epoch. */
  speedup: number | null;
  /** 1-thread seconds / these seconds (fast rows). */
  threadScaling: number | null;
}

export interface ParallelResult {
  id: WorkloadId;
  aloneSecondsPerEpoch: number;
  parallelSecondsPerEpoch: number[];
  /** Slowest parallel run / the run alone. */
  ratio: number;
}

export interface PeerRow {
  id: 'nielsen-ch1';
  engine: 'numpy';
  threads: 1;
  secondsPerEpoch: number;
  testAccuracy: number;
  /** Peer seconds / fast 1-thread seconds. */
  fastSpeedup: number | null;
}

export interface BenchReport {
  machine: Record<string, string | number>;
  epochs: number;
  workloads: BenchRow[];
  parallel: ParallelResult | null;
  peers: PeerRow[];
  notes: string[];
}

export function machineInfo(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cpus: cpu.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg()[0],
    date: new Date().toISOString(),
  };
}

type Run = [engine: 'fast' | 'reference', threads: number, forced: boolean];

function spec(id: WorkloadId, [engine, threads, forced]: Run, o: BenchOptions): MeasureSpec {
  const subset = engine === 'reference' ? workloads[id].referenceSubset : null;
  const trainThreads = forced ? threads : null;
  return { workload: id, engine, threads, epochs: o.epochs, subset, trainThreads };
}

/** The three rows of one workload, measured one after the other. */
async function workloadRows(id: WorkloadId, o: BenchOptions): Promise<BenchRow[]> {
  // 2 threads twice: as the fast path chooses (what a run gets), and forced (raw scaling).
  const runs: Run[] = [
    ...(o.reference ? [['reference', 1, false] as Run] : []),
    ['fast', 1, false],
    ['fast', 2, false],
    ['fast', 2, true],
  ];
  const measured: Measurement[] = [];
  for (const run of runs) {
    o.log(
      `bench: ${id} ${run[0]} ${run[1]} thread${run[1] > 1 ? 's' : ''}${run[2] ? ' (forced)' : ''}…`,
    );
    measured.push(await measureInChild(o.self, spec(id, run, o)));
  }
  const ref = measured.find((m) => m.engine === 'reference');
  const one = measured.find((m) => m.engine === 'fast' && m.threads === 1);
  return measured.map((m) => ({
    ...m,
    speedup: ref ? ref.secondsPerEpoch / m.secondsPerEpoch : null,
    threadScaling: m.engine === 'fast' && one ? one.secondsPerEpoch / m.secondsPerEpoch : null,
  }));
}

/** One fast run alone, then two started together (separate processes, one thread each). */
async function parallelRuns(o: BenchOptions): Promise<ParallelResult> {
  const s = spec('nielsen-ch1', ['fast', 1, false], o);
  o.log('bench: nielsen-ch1 fast, one run alone, then two in parallel…');
  const alone = await measureInChild(o.self, s);
  const both = await measureInParallel(o.self, s, 2);
  const parallel = both.map((m) => m.secondsPerEpoch);
  return {
    id: 'nielsen-ch1',
    aloneSecondsPerEpoch: alone.secondsPerEpoch,
    parallelSecondsPerEpoch: parallel,
    ratio: Math.max(...parallel) / alone.secondsPerEpoch,
  };
}

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const machine = machineInfo();
  const rows: BenchRow[] = [];
  const peers: PeerRow[] = [];
  const notes: string[] = [];
  for (const id of o.ids) {
    rows.push(...(await workloadRows(id, o)));
    if (id === 'nielsen-ch1') peers.push(...numpyRow(rows, o, notes));
  }
  const parallel = o.ids.includes('nielsen-ch1') ? await parallelRuns(o) : null;
  for (const row of rows) {
    if (row.epochFraction < 1)
      notes.push(
        `${row.id} ${row.engine}: timed on ${Math.round(row.epochFraction * 100)}% of the epoch ` +
          `and scaled to the full epoch; its test accuracy is after that partial epoch`,
      );
  }
  return { machine, epochs: o.epochs, workloads: rows, parallel, peers, notes };
}

/** The NumPy peer, run right after the Nielsen rows so the ratio is back to back. */
function numpyRow(rows: BenchRow[], o: BenchOptions, notes: string[]): PeerRow[] {
  const missing = numpyPeerMissing();
  if (missing) {
    notes.push(`NumPy peer skipped: ${missing}`);
    return [];
  }
  o.log('bench: nielsen-ch1 NumPy peer…');
  const peer = runNumpyPeer(o.epochs);
  const fast = rows.find((r) => r.id === 'nielsen-ch1' && r.engine === 'fast' && r.threads === 1);
  return [
    {
      id: 'nielsen-ch1',
      engine: 'numpy',
      threads: 1,
      ...peer,
      fastSpeedup: fast ? peer.secondsPerEpoch / fast.secondsPerEpoch : null,
    },
  ];
}
