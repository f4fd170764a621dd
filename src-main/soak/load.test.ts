/**
 * The short load test for `npm test` (30 runs); `npm run test:soak` runs 200 (load.soak.ts).
 * Needs `npm run build` (real trainer processes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTrainerEntry } from '../core/runner/trainer-entry';
import { tempDir } from '../core/store/store.testing';
import { loadTest } from './load';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  requireTrainerEntry();
  tmp = tempDir('backprop-load-');
});
afterEach(() => tmp.cleanup());

describe('load: 30 short runs, 2 at a time, 10% of trainers killed', () => {
  it('ends every run in a final state with the right outcome, keeps the database whole and answers the API throughout', async () => {
    const seed = Date.now() % 1_000_000;
    const report = await loadTest({ dir: tmp.dir, runs: 30, concurrency: 2, killShare: 0.1, seed });
    console.log(`[load, seed ${seed}] ${JSON.stringify(report)}`);
    expect(report.runs).toBe(30);
    expect(report.victims).toBe(3);
    expect(report.victimsFailed).toBeGreaterThanOrEqual(1);
    expect(report.wrongOutcomes).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.orphans).toEqual([]);
    expect(report.latency.calls).toBeGreaterThan(0);
    expect(report.latency.failures).toBe(0);
    expect(report.pages.failures).toBe(0);
  });
});
