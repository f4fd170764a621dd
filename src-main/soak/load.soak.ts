/**
 * The long load test (`npm run test:soak`): BACKPROP_SOAK_RUNS short runs (default 200), two at
 * a time, 10% of the trainers SIGKILLed. See ./load.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTrainerEntry } from '../core/runner/trainer-entry';
import { tempDir } from '../core/store/store.testing';
import { loadTest, type LoadReport } from './load';
import { soakNumber, soakSummary } from './soak-env';

const runs = soakNumber('BACKPROP_SOAK_RUNS', 200);
const seed = soakNumber('BACKPROP_SOAK_SEED', Date.now() % 1_000_000);

let tmp: ReturnType<typeof tempDir>;
let report: LoadReport;
beforeAll(async () => {
  requireTrainerEntry();
  tmp = tempDir('backprop-soak-load-');
  report = await loadTest({ dir: tmp.dir, runs, concurrency: 2, killShare: 0.1, seed });
  console.log(`[load soak, seed ${seed}] ${JSON.stringify(report)}`);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  soakSummary('load: short runs, 2 at a time, 10% of trainers SIGKILLed', {
    tried: `${report.runs} runs, ${report.victims} trainers killed (seed ${seed}), ${report.seconds.toFixed(0)} s`,
    survived:
      `${JSON.stringify(report.statuses)}, ${report.wrongOutcomes.length} wrong outcomes, ` +
      `${report.problems.length} database problems; runs.list p50 ${ms(report.latency.p50Ms)}, ` +
      `p99 ${ms(report.latency.p99Ms)} over ${report.latency.calls} calls, ${report.latency.failures} failed`,
  });
});
afterAll(() => tmp?.cleanup());

describe(`load: ${runs} short runs, 2 at a time, 10% of trainers killed`, () => {
  it('ends every run in a final state with the outcome its trainer earned', () => {
    expect(report.runs).toBe(runs);
    expect(report.wrongOutcomes).toEqual([]);
    expect(report.victimsFailed).toBeGreaterThan(0);
  });

  it('keeps the database whole and leaves no trainer behind', () => {
    expect(report.problems).toEqual([]);
    expect(report.orphans).toEqual([]);
  });

  it('answers every API call and page load while under load', () => {
    expect(report.latency.calls).toBeGreaterThan(0);
    expect(report.latency.failures).toBe(0);
    expect(report.pages.failures).toBe(0);
  });
});
