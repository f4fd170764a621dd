/**
 * The long owner kill test (`npm run test:soak`): BACKPROP_SOAK_KILLS owner kills (default 24,
 * at least 20), BACKPROP_SOAK_SEED to replay one. See ./owner-kill.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../cli/cli.testing';
import { requireTrainerEntry } from '../core/runner/trainer-entry';
import { tempDir } from '../core/store/store.testing';
import { ownerKillTest, type OwnerKillReport } from './owner-kill';
import { soakNumber, soakSummary } from './soak-env';

const kills = Math.max(20, soakNumber('BACKPROP_SOAK_KILLS', 24));
const seed = soakNumber('BACKPROP_SOAK_SEED', Date.now() % 1_000_000);

let tmp: ReturnType<typeof tempDir>;
let report: OwnerKillReport;
beforeAll(async () => {
  requireBuiltCli();
  requireTrainerEntry();
  tmp = tempDir('backprop-soak-kill-');
  report = await ownerKillTest({
    dir: tmp.dir,
    kills,
    seed,
    log: (line) => console.log(`[owner kill soak, seed ${seed}] ${line}`),
  });
  const iterations = report.iterations;
  soakSummary('owner SIGKILL mid-sweep', {
    tried: `${iterations.filter((i) => i.killed).length} kills among ${iterations.length} owners (seed ${seed})`,
    survived:
      `${Math.max(...iterations.map((i) => i.acknowledged))} epochs acknowledged, re-checked after every later kill: ` +
      `${iterations.flatMap((i) => i.lost).length} lost, ` +
      `${iterations.flatMap((i) => i.problems).length} problems; ${report.resumedRuns} of ` +
      `${report.runs} runs resumed, ${report.mismatches.length} differ from an uninterrupted run`,
  });
});
afterAll(() => tmp?.cleanup());

describe(`SIGKILL of the owner at random moments (${kills} times)`, () => {
  it('loses no acknowledged epoch', () => {
    expect(report.iterations.filter((i) => i.killed)).toHaveLength(kills);
    expect(report.iterations.flatMap((i) => i.lost)).toEqual([]);
    expect(report.iterations.filter((i) => i.killed && i.acknowledged > 0).length).toBeGreaterThan(
      kills / 2,
    );
  });

  it('half-writes no epoch, keeps integrity_check ok and leaves no trainer behind after any kill', () => {
    expect(report.iterations.flatMap((i) => i.problems)).toEqual([]);
  });

  it('resumes the interrupted runs to the end, with the results of uninterrupted runs', () => {
    expect(report.finalProblems).toEqual([]);
    expect(report.notCompleted).toEqual([]);
    expect(report.resumedRuns).toBeGreaterThan(0);
    expect(report.mismatches).toEqual([]);
  });
});
