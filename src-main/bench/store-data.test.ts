import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { benchStore } from './store-data';

describe('benchStore', () => {
  it('builds a database of the requested size, times curves, lists and epoch writes, and removes it', () => {
    const progress: string[] = [];
    const result = benchStore({ runs: 40, epochsPerRun: 30, onProgress: (m) => progress.push(m) });
    // 40 × 30 generated rows plus the 50 epochs of the write timing.
    expect(result.metricRows).toBe(40 * 30 + 50);
    expect(result.runs).toBe(40);
    for (const ms of [result.curveMs, result.listMs, result.epochWriteMs])
      expect(ms).toBeGreaterThan(0);
    expect(result.dbBytes).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe('40 of 40 runs written');
    expect(existsSync(result.dbPath)).toBe(false);
  });
});
