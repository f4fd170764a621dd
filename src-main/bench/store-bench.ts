/**
 * The store's share of `backprop bench`: curve and list timings on a generated database (issue 5:
 * one run's curve ≤ 50 ms and 10,000 runs listed ≤ 100 ms with 10 million metric rows), and the
 * cost of writing one epoch as a share of the fastest epoch the engines trained in the same run.
 */
import { benchStore, type StoreBenchResult } from './store-data';
import type { BenchRow } from './bench';

export interface StoreBenchReport extends StoreBenchResult {
  /** epochWriteMs over the fastest measured epoch of each workload, as a fraction. */
  loggingShare: { id: string; secondsPerEpoch: number; share: number }[];
}

export function runStoreBench(
  rows: BenchRow[],
  options: { runs: number; onProgress(message: string): void },
): StoreBenchReport {
  const result = benchStore({ runs: options.runs, onProgress: options.onProgress });
  const fastest = new Map<string, number>();
  for (const row of rows) {
    const best = fastest.get(row.id);
    if (best === undefined || row.secondsPerEpoch < best) fastest.set(row.id, row.secondsPerEpoch);
  }
  const loggingShare = [...fastest].map(([id, secondsPerEpoch]) => ({
    id,
    secondsPerEpoch,
    share: result.epochWriteMs / 1000 / secondsPerEpoch,
  }));
  return { ...result, loggingShare };
}

export function storeLines(r: StoreBenchReport): string[] {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return [
    '',
    `Store: ${r.runs.toLocaleString('en')} runs, ${r.metricRows.toLocaleString('en')} metric rows, ` +
      `${(r.dbBytes / 2 ** 20).toFixed(0)} MB (built in ${r.buildSeconds.toFixed(0)} s)`,
    `  read one run's curve (median)   ${ms(r.curveMs)}   target ≤ 50 ms`,
    `  list every run (median)         ${ms(r.listMs)}   target ≤ 100 ms`,
    `  write one epoch (median)        ${ms(r.epochWriteMs)}`,
    ...r.loggingShare.map(
      (l) =>
        `  logging share of a ${l.id} epoch (${(l.secondsPerEpoch * 1000).toFixed(0)} ms)  ` +
        `${(l.share * 100).toFixed(2)}%   target ≤ 2%`,
    ),
  ];
}
