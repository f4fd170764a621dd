/**
 * `backprop bench`: every workload with the reference engine and the fast path on 1 thread, on 2
 * threads as the fast path chooses, and on 2 threads with 1 or 2 of them training (forced), each
 * measurement in a fresh child process; beside each workload the automatic choice against the
 * best forced configuration, compared by turnaround (what a person waits per epoch); then two fast Nielsen runs in parallel
 * against one alone, one next to a busy loop on the other core, and the NumPy peer when python3 +
 * numpy are present.
 *
 * These machines are shared: the same measurement can differ by half between two minutes. So the
 * fast configurations of a workload are measured back to back in several rounds; each row shows
 * the median round, and each ratio (thread scaling, parallel runs) is the median of the ratios
 * taken within one round, where both sides saw the same machine. The slow reference engine is
 * measured once.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { fastUnsupportedReason } from '../trainer/fast/factory';
import { measuredConfig, type Measurement, type MeasureSpec } from './measure';
import { measureInChild, measureInParallel, startBusyLoop, type SelfCommand } from './child';
import { measureGemmPeak, type GemmPeak } from './gemm-peak';
import { numpyPeerMissing, runNumpyPeer } from './numpy-peer';
import { workloads, type WorkloadId } from './workloads';

export interface BenchOptions {
  epochs: number;
  /** Rounds of the fast measurements (and of the parallel-runs test). */
  rounds: number;
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
  /** 1-thread seconds / these seconds (fast rows): the median over rounds of the ratio within a
   * round. */
  threadScaling: number | null;
  /** Seconds per epoch of each round (one entry for the reference engine). */
  roundSeconds: number[];
}

export interface ParallelResult {
  id: WorkloadId;
  aloneSecondsPerEpoch: number;
  parallelSecondsPerEpoch: number[];
  /** Slowest parallel run / the run alone: the median over rounds (the fields above are the
   * median round's). */
  ratio: number;
  /** The ratio of each round. */
  roundRatios: number[];
  /** The run next to a process that only does arithmetic on another core (no memory traffic),
   * and that time / the run alone: above 1 when the two cores share execution units (SMT
   * siblings, or a busy host), which bounds thread scaling and parallel runs. */
  busyNeighborSecondsPerEpoch: number;
  busyNeighborRatio: number;
}

/** A workload's fast configurations when the fast path cannot train it: shown, not measured. */
export interface UnavailableRow {
  id: WorkloadId;
  engine: 'fast';
  /** fastUnsupportedReason's answer for the workload's config. */
  reason: string;
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

/** A workload's automatic thread choice against its best forced configuration, by turnaround. */
export interface ThreadChoice {
  id: WorkloadId;
  /** Threads that trained in the median automatic round. */
  autoTrainingThreads: number;
  autoTurnaroundSecondsPerEpoch: number;
  /** The forced configuration with the least median turnaround: session threads and how many
   * of them trained. */
  bestForced: { threads: number; trainingThreads: number; turnaroundSecondsPerEpoch: number };
  /** Automatic turnaround / the best forced one: the median over rounds of the ratio within a
   * round (above 1: the choice costs time). */
  ratio: number;
}

/** Whether a run keeps its speed as it trains: the founding network's later epochs against its
 * first ones (its sigmoid units saturate as it learns; subnormal arithmetic once made its 16th
 * epoch 4.8× slower than its 2nd, which a three-epoch median does not show). */
export interface Steadiness {
  id: WorkloadId;
  epochs: number;
  /** Median seconds of epochs 2–4 (epoch 1 warms the JIT up) and of the last three epochs. */
  earlySecondsPerEpoch: number;
  lateSecondsPerEpoch: number;
  /** late / early: about 1 when the speed holds. */
  ratio: number;
}

/** Epochs of the steadiness run. */
export const STEADY_EPOCHS = 16;

/** Steadiness from one run's epoch seconds (at least 6 epochs). */
export function steadinessOf(id: WorkloadId, epochSeconds: readonly number[]): Steadiness {
  if (epochSeconds.length < 6)
    throw new Error(`steadiness needs at least 6 epochs, got ${epochSeconds.length}`);
  const earlySecondsPerEpoch = median(epochSeconds.slice(1, 4));
  const lateSecondsPerEpoch = median(epochSeconds.slice(-3));
  return {
    id,
    epochs: epochSeconds.length,
    earlySecondsPerEpoch,
    lateSecondsPerEpoch,
    ratio: lateSecondsPerEpoch / earlySecondsPerEpoch,
  };
}

export interface BenchReport {
  machine: Record<string, string | number>;
  epochs: number;
  rounds: number;
  workloads: BenchRow[];
  /** Fast rows that could not be measured, and why (e.g. a conv net before the fast path trains
   * conv layers); once the fast path can, the workload's fast rows are measured instead. */
  unavailable: UnavailableRow[];
  threadChoices: ThreadChoice[];
  /** This core's float32 GEMM peak, measured by the kernel's own GEMM at the start of the run. */
  gemmPeak: GemmPeak;
  parallel: ParallelResult | null;
  /** Null when the founding workload was not benched. */
  steadiness: Steadiness | null;
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

/** Engine, session threads, and threads that train (null: the fast path chooses). */
type Run = [engine: 'fast' | 'reference', threads: number, trainThreads: number | null];

function spec(
  id: WorkloadId,
  [engine, threads, trainThreads]: Run,
  o: Pick<BenchOptions, 'epochs'>,
): MeasureSpec {
  const w = workloads[id];
  const subset = engine === 'reference' ? w.referenceSubset : w.fastSubset;
  return { workload: id, engine, threads, epochs: o.epochs, subset, trainThreads };
}

/** The middle value of xs (the lower of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The item whose key is the median of the keys. */
function medianItem<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The rows of one workload from its reference measurement (or null) and its rounds of fast
 * measurements (each round: the same configurations in the same order, 1 thread first).
 */
export function workloadRowsOf(ref: Measurement | null, rounds: Measurement[][]): BenchRow[] {
  const rows: BenchRow[] = [];
  if (ref)
    rows.push({ ...ref, speedup: 1, threadScaling: null, roundSeconds: [ref.secondsPerEpoch] });
  const configs = rounds[0]?.length ?? 0;
  for (let c = 0; c < configs; c++) {
    const measured = rounds.map((round) => round[c]);
    const row = medianItem(measured, (m) => m.secondsPerEpoch);
    rows.push({
      ...row,
      speedup: ref ? ref.secondsPerEpoch / row.secondsPerEpoch : null,
      threadScaling: median(
        rounds.map((round) => round[0].secondsPerEpoch / round[c].secondsPerEpoch),
      ),
      roundSeconds: measured.map((m) => m.secondsPerEpoch),
    });
  }
  return rows;
}

const runLabel = ([engine, threads, trainThreads]: Run) =>
  `${engine} ${threads} thread${threads > 1 ? 's' : ''}` +
  (trainThreads === null ? '' : `, ${trainThreads} training (forced)`);

/** The fast configurations of a workload, measured in this order every round (1 thread first:
 * thread scaling is relative to it; then automatic, then forced). */
const FAST_RUNS: Run[] = [
  ['fast', 1, null],
  ['fast', 2, null],
  ['fast', 2, 1],
  ['fast', 2, 2],
];

/** A configuration with no choice left: one thread, or a forced count. */
const isForced = (m: Measurement) => m.threads === 1 || m.threadMode === 'forced';

/** Turnaround, or the training time where the epoch was cut. */
const waited = (m: Measurement) => m.turnaroundSecondsPerEpoch ?? m.secondsPerEpoch;

/** The automatic choice (the first automatic multi-thread configuration) against the best forced
 * one, from rounds of measurements of one workload; null without both. */
export function threadChoiceOf(rounds: Measurement[][]): ThreadChoice | null {
  const first = rounds[0] ?? [];
  const autoAt = first.findIndex((m) => !isForced(m));
  const forcedAt = first.flatMap((m, c) => (isForced(m) ? [c] : []));
  if (autoAt < 0 || forcedAt.length === 0) return null;
  const bestAt = forcedAt.reduce((best, c) =>
    median(rounds.map((r) => waited(r[c]))) < median(rounds.map((r) => waited(r[best]))) ? c : best,
  );
  const auto = medianItem(
    rounds.map((r) => r[autoAt]),
    waited,
  );
  const forced = medianItem(
    rounds.map((r) => r[bestAt]),
    waited,
  );
  return {
    id: first[0].id,
    autoTrainingThreads: auto.trainingThreads,
    autoTurnaroundSecondsPerEpoch: waited(auto),
    bestForced: {
      threads: forced.threads,
      trainingThreads: forced.trainingThreads,
      turnaroundSecondsPerEpoch: waited(forced),
    },
    ratio: median(
      rounds.map((r) => waited(r[autoAt]) / Math.min(...forcedAt.map((c) => waited(r[c])))),
    ),
  };
}

/** Why the fast path cannot train workload `id`, or null when it can (asked of the same config
 * a measurement child would train). */
export function fastUnavailable(id: WorkloadId, o: Pick<BenchOptions, 'epochs'>): string | null {
  return fastUnsupportedReason(measuredConfig(spec(id, FAST_RUNS[0], o)));
}

/** Reference once, then rounds of the fast configurations back to back (none when the fast path
 * cannot train the workload: `fastProblem` says why). */
async function workloadRows(
  id: WorkloadId,
  fastProblem: string | null,
  o: BenchOptions,
): Promise<Measurement[][]> {
  let ref: Measurement | null = null;
  if (o.reference) {
    o.log(`bench: ${id} reference 1 thread…`);
    ref = await measureInChild(o.self, spec(id, ['reference', 1, null], o));
  }
  const rounds: Measurement[][] = [];
  if (fastProblem) o.log(`bench: ${id} fast: not available (${fastProblem})`);
  for (let r = 0; r < (fastProblem ? 0 : o.rounds); r++) {
    const round: Measurement[] = [];
    for (const run of FAST_RUNS) {
      o.log(`bench: ${id} ${runLabel(run)}, round ${r + 1} of ${o.rounds}…`);
      round.push(await measureInChild(o.self, spec(id, run, o)));
    }
    rounds.push(round);
  }
  return ref ? [[ref], ...rounds] : rounds;
}

/** A note for each workload and engine timed on part of the epoch (once, however many of its
 * configurations were). */
export function subsetNotes(rows: readonly BenchRow[]): string[] {
  const notes = rows
    .filter((row) => row.epochFraction < 1)
    .map(
      (row) =>
        `${row.id} ${row.engine}: timed on ${Math.round(row.epochFraction * 100)}% of the epoch ` +
        `and scaled to the full epoch; its test accuracy is after that partial epoch`,
    );
  return [...new Set(notes)];
}

/** Per round: one fast run alone, then two started together (separate processes, one thread
 * each), then one next to a busy loop on the other core. */
async function parallelRuns(o: BenchOptions): Promise<ParallelResult> {
  const s = spec('nielsen-ch1', ['fast', 1, null], o);
  const rounds: ParallelResult[] = [];
  for (let r = 0; r < o.rounds; r++) {
    o.log(
      `bench: nielsen-ch1 fast, one run alone, two in parallel, one next to a busy loop, round ${r + 1} of ${o.rounds}…`,
    );
    const alone = await measureInChild(o.self, s);
    const both = await measureInParallel(o.self, s, 2);
    const parallel = both.map((m) => m.secondsPerEpoch);
    const ratio = Math.max(...parallel) / alone.secondsPerEpoch;
    const busy = startBusyLoop(o.self);
    const neighbor = await measureInChild(o.self, s).finally(() => busy.stop());
    rounds.push({
      id: 'nielsen-ch1',
      aloneSecondsPerEpoch: alone.secondsPerEpoch,
      parallelSecondsPerEpoch: parallel,
      ratio,
      roundRatios: [],
      busyNeighborSecondsPerEpoch: neighbor.secondsPerEpoch,
      busyNeighborRatio: neighbor.secondsPerEpoch / alone.secondsPerEpoch,
    });
  }
  const ratios = rounds.map((p) => p.ratio);
  return { ...medianItem(rounds, (p) => p.ratio), roundRatios: ratios };
}

/** The founding network on one thread for STEADY_EPOCHS epochs (see Steadiness). */
async function steadinessRun(o: BenchOptions): Promise<Steadiness> {
  o.log(`bench: founding fast 1 thread over ${STEADY_EPOCHS} epochs…`);
  const m = await measureInChild(
    o.self,
    spec('founding', ['fast', 1, null], { epochs: STEADY_EPOCHS }),
  );
  return steadinessOf('founding', m.epochSeconds);
}

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const machine = machineInfo();
  o.log('bench: float32 GEMM peak of one core…');
  const gemmPeak = measureGemmPeak();
  const rows: BenchRow[] = [];
  const unavailable: UnavailableRow[] = [];
  const threadChoices: ThreadChoice[] = [];
  const peers: PeerRow[] = [];
  const notes: string[] = [];
  for (const id of o.ids) {
    const fastProblem = fastUnavailable(id, o);
    if (fastProblem) unavailable.push({ id, engine: 'fast', reason: fastProblem });
    const measured = await workloadRows(id, fastProblem, o);
    const ref = o.reference ? measured[0][0] : null;
    const rounds = o.reference ? measured.slice(1) : measured;
    rows.push(...workloadRowsOf(ref, rounds));
    const choice = threadChoiceOf(rounds);
    if (choice) threadChoices.push(choice);
    if (id === 'nielsen-ch1') peers.push(...numpyRow(rows, o, notes));
  }
  const parallel = o.ids.includes('nielsen-ch1') ? await parallelRuns(o) : null;
  const fastFounding = o.ids.includes('founding') && !fastUnavailable('founding', o);
  const steadiness = fastFounding ? await steadinessRun(o) : null;
  notes.push(...subsetNotes(rows));
  return {
    machine,
    epochs: o.epochs,
    rounds: o.rounds,
    workloads: rows,
    unavailable,
    threadChoices,
    gemmPeak,
    parallel,
    steadiness,
    peers,
    notes,
  };
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
