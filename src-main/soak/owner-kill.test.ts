/**
 * The short owner kill test for `npm test` (3 kills); `npm run test:soak` runs the long one
 * (owner-kill.soak.ts). Needs `npm run build` (the CLI and the trainer are run as processes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../cli/cli.testing';
import { requireTrainerEntry } from '../core/runner/trainer-entry';
import { tempDir } from '../core/store/store.testing';
import { ownerKillTest } from './owner-kill';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  requireBuiltCli();
  requireTrainerEntry();
  tmp = tempDir('backprop-owner-kill-');
});
afterEach(() => tmp.cleanup());

describe('SIGKILL of the owner at random moments (3 times)', () => {
  it('loses no acknowledged epoch, half-writes none, leaves no trainer behind, and the resumed runs finish as if never interrupted', async () => {
    const seed = Date.now() % 1_000_000;
    const report = await ownerKillTest({
      dir: tmp.dir,
      kills: 3,
      seed,
      log: (line) => console.log(`[owner kill, seed ${seed}] ${line}`),
    });
    expect(report.iterations.flatMap((i) => i.lost)).toEqual([]);
    expect(report.iterations.flatMap((i) => i.problems)).toEqual([]);
    expect(report.iterations.filter((i) => i.killed)).toHaveLength(3);
    expect(report.iterations.some((i) => i.killed && i.acknowledged > 0)).toBe(true);
    expect(report.finalProblems).toEqual([]);
    expect(report.notCompleted).toEqual([]);
    expect(report.finalStatuses).toEqual({ completed: report.runs });
    expect(report.mismatches).toEqual([]);
  });
});
