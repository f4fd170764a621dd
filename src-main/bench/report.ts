/** Plain-text tables of `backprop bench` and `backprop bench --check`. */
import type { BenchReport, BenchRow, UnavailableRow } from './bench';
import { workloads, type WorkloadId } from './workloads';
import type { CheckResult, CheckUnavailable } from './check';
import { CHECK_TOLERANCE } from './check';

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const percent = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);
const ratio = (v: number | null) => (v === null ? '-' : `${v.toFixed(v >= 10 ? 0 : 2)}x`);

const seconds = (s: number) => s.toFixed(s < 1 ? 4 : 2);

function threadsCell(row: BenchRow): string {
  if (row.engine !== 'fast' || row.threads === 1) return String(row.threads);
  if (row.threadMode === 'forced') return `${row.threads}, forced ${row.trainingThreads}`;
  return `${row.threads}, auto → ${row.trainingThreads}`;
}

const optionalSeconds = (s: number | null) => (s === null ? '-' : seconds(s));

/** The GEMM peak, and the one-thread GFLOP/s of the dense workload as a share of it. */
function gemmLines(report: BenchReport): string[] {
  const peak = report.gemmPeak;
  const lines = [
    `float32 GEMM peak of one core (the bench's own f32x4 kernel, ${peak.size}³): ${peak.gflops.toFixed(1)} GFLOP/s`,
  ];
  for (const r of report.workloads)
    if (r.id === 'dense-relu' && r.engine === 'fast' && r.threads === 1)
      lines.push(
        `dense-relu fast 1 thread: ${r.sparseGflops.toFixed(2)} GFLOP/s of work done (the first layer over non-zero pixels only) = ${percent(r.sparseGflops / peak.gflops)} of that peak (target ≥ 50%); ${r.gflops.toFixed(2)} dense-equivalent`,
      );
  return lines;
}

/** One line per workload: what the automatic thread choice got against the best forced one. */
function threadChoiceLines(report: BenchReport): string[] {
  return report.threadChoices.map((c) => {
    const f = c.bestForced;
    return (
      `thread choice ${c.id}: auto trained on ${c.autoTrainingThreads} of 2, turnaround ` +
      `${seconds(c.autoTurnaroundSecondsPerEpoch)} s; best forced ${f.threads} thread${f.threads > 1 ? 's' : ''} ` +
      `(${f.trainingThreads} training) ${seconds(f.turnaroundSecondsPerEpoch)} s; auto / best ${ratio(c.ratio)} (target ≤ 1.10x)`
    );
  });
}

/** The table's cells of a measured row. */
function rowCells(r: BenchRow): string[] {
  return [
    r.id,
    r.engine,
    threadsCell(r),
    seconds(r.secondsPerEpoch),
    r.roundSeconds.length > 1
      ? `${seconds(Math.min(...r.roundSeconds))}–${seconds(Math.max(...r.roundSeconds))}`
      : '-',
    r.cpuSecondsPerEpoch.toFixed(r.cpuSecondsPerEpoch < 1 ? 4 : 2),
    seconds(r.wallSecondsPerEpoch),
    optionalSeconds(r.turnaroundSecondsPerEpoch),
    `${(r.handOverSecondsPerEpoch * 1000).toFixed(1)} ms`,
    Math.round(r.examplesPerSecond).toLocaleString('en-US'),
    r.gflops.toFixed(2),
    ratio(r.speedup),
    ratio(r.threadScaling),
    `${Math.round(r.peakRssMb)} MB`,
    percent(r.testAccuracy),
  ];
}

/** Measured rows, each workload's unavailable fast row right after its measured ones; a cell
 * says "not available" and a line under the table says why. */
function tableRows(report: BenchReport, columns: number): string[][] {
  const rows: string[][] = [];
  const ids = [...new Set([...report.workloads, ...report.unavailable].map((r) => r.id))];
  for (const id of ids) {
    for (const r of report.workloads) if (r.id === id) rows.push(rowCells(r));
    for (const u of report.unavailable)
      if (u.id === id)
        rows.push([
          u.id,
          u.engine,
          '-',
          'not available',
          ...new Array<string>(columns - 4).fill('-'),
        ]);
  }
  return rows;
}

const unavailableLine = (u: UnavailableRow) =>
  `${u.id} ${u.engine}: not available: ${u.reason}; measured once the fast path can train it`;

/** What each measured workload is (its title says what its GFLOP/s count). */
function workloadLines(report: BenchReport): string[] {
  const ids = new Set<WorkloadId>([...report.workloads, ...report.unavailable].map((r) => r.id));
  return [...ids].map((id) => `${id}: ${workloads[id].title}`);
}

export function benchLines(report: BenchReport): string[] {
  const m = report.machine;
  const lines = [
    `backprop bench: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GiB, Node ${m.node}, load ${Number(m.loadAverage).toFixed(1)}`,
    `median seconds per epoch (training only, wall clock; cpu: CPU time of all threads) over ${report.epochs} epochs, each run as a trainer runs it (batch progress on); GFLOP/s dense-equivalent`,
    `trainer: wall seconds per epoch in the trainer (training, scoring every split, the doctor's probe, the checkpoint, the send); turnaround: seconds between two epochs stored by an owner process (the store write included): what a person waits per epoch; hand-over: how long the trainer waited for the owner to take an epoch's message (it writes the store in between)`,
    `threads: "2, auto → n": the session has 2 threads and chose n to train; "2, forced n": n train; either way, while thread 2 scores the last epoch the next starts on thread 1 alone, and thread 2 joins when done`,
    `fast rows: the median of ${report.rounds} round${report.rounds > 1 ? 's' : ''} (range: fastest–slowest round); thread scaling: the median of the ratios within a round`,
    '',
  ];
  const header = [
    'workload',
    'engine',
    'threads',
    's/epoch',
    'range',
    'cpu s/epoch',
    'trainer',
    'turnaround',
    'hand-over',
    'examples/s',
    'GFLOP/s',
    'vs reference',
    'thread scaling',
    'peak RSS',
    'test acc',
  ];
  const rows = tableRows(report, header.length);
  lines.push(...table(header, rows), '', ...report.unavailable.map(unavailableLine));
  lines.push(...workloadLines(report), ...threadChoiceLines(report), ...gemmLines(report));
  for (const p of report.peers)
    lines.push(
      `NumPy peer (${p.id}, 1 BLAS thread): ${p.secondsPerEpoch.toFixed(3)} s/epoch, test ${percent(p.testAccuracy)}; fast 1 thread is ${ratio(p.fastSpeedup)} faster`,
    );
  const par = report.parallel;
  if (par)
    lines.push(
      `two fast ${par.id} runs in parallel: ${par.parallelSecondsPerEpoch.map((s) => s.toFixed(4)).join(' and ')} s/epoch vs ${par.aloneSecondsPerEpoch.toFixed(4)} alone (${ratio(par.ratio)}; median of rounds ${par.roundRatios.map((r) => ratio(r)).join(', ')})`,
    );
  if (par)
    lines.push(
      `one fast ${par.id} run next to a busy loop on the other core (arithmetic only, no memory traffic): ${par.busyNeighborSecondsPerEpoch.toFixed(4)} s/epoch (${ratio(par.busyNeighborRatio)} of alone, in the median round); above 1.0x the cores share execution units, which bounds thread scaling and parallel runs`,
    );
  const steady = report.steadiness;
  if (steady)
    lines.push(
      `${steady.id} fast 1 thread over ${steady.epochs} epochs: epochs 2–4 ${steady.earlySecondsPerEpoch.toFixed(4)} s, the last three ${steady.lateSecondsPerEpoch.toFixed(4)} s (${ratio(steady.ratio)}); its units saturate as it learns, and a rising time means slow arithmetic such as subnormal numbers`,
    );
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines;
}

export function checkLines(results: (CheckResult | CheckUnavailable)[]): string[] {
  const header = [
    'workload',
    'steps',
    'max weight diff',
    'train cost diff',
    'test acc fast / ref',
    'ok',
  ];
  const rows = results.map((r) =>
    'unavailable' in r
      ? [r.id, '-', '-', '-', '-', 'not available']
      : [
          r.id,
          String(r.steps),
          r.weightDifference.toExponential(2),
          r.costDifference.toExponential(2),
          `${percent(r.fastTestAccuracy)} / ${percent(r.referenceTestAccuracy)}`,
          r.ok ? 'yes' : 'NO',
        ],
  );
  const reasons = results.flatMap((r) =>
    'unavailable' in r ? [`${r.id} fast: not available: ${r.unavailable}`] : [],
  );
  return [
    `backprop bench --check: fast path vs reference engine, same seed, 1,000 MNIST training images; tolerance ${CHECK_TOLERANCE} (relative)`,
    '',
    ...table(header, rows),
    ...(reasons.length > 0 ? ['', ...reasons] : []),
  ];
}
