import { describe, expect, it } from 'vitest';
import { runStoreBench, storeLines } from './store-bench';
import type { BenchRow } from './bench';

const row = (id: string, secondsPerEpoch: number) =>
  ({ id, secondsPerEpoch }) as unknown as BenchRow;

describe('the store benchmark in backprop bench', () => {
  it('times curve, list and epoch writes on a generated database and relates the write to the fastest epoch', () => {
    const rows = [row('nielsen-ch1', 0.5), row('nielsen-ch1', 0.1), row('founding', 0.2)];
    const report = runStoreBench(rows, { runs: 12, onProgress: () => undefined });
    expect(report.runs).toBe(12);
    expect(report.metricRows).toBeGreaterThanOrEqual(12 * 1000);
    for (const ms of [report.curveMs, report.listMs, report.epochWriteMs])
      expect(ms).toBeGreaterThan(0);
    const share = Object.fromEntries(report.loggingShare.map((l) => [l.id, l]));
    expect(share['nielsen-ch1'].secondsPerEpoch).toBe(0.1);
    expect(share['nielsen-ch1'].share).toBeCloseTo(report.epochWriteMs / 100, 12);
    expect(share.founding.share).toBeCloseTo(report.epochWriteMs / 200, 12);
    const text = storeLines(report).join('\n');
    expect(text).toMatch(/read one run's curve/);
    expect(text).toMatch(/logging share of a founding epoch \(200 ms\)/);
  });
});
