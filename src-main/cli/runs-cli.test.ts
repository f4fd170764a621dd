/**
 * `backprop runs show|rm|restore|trash|purge|tag|rename` as a user runs them (needs `npm run
 * build`), on a store seeded directly: every verb names unknown ids and changes nothing then,
 * prints user text as text, and the trash round-trips.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { epochRecord, tempDir, xorConfig } from '../core/store/store.testing';
import { openStore } from '../core/store/store';
import { ENGINE_VERSION } from '../../src-shared/engine/version';
import { decodeWire } from '../../src-shared/base/wire';
import type { Finding } from '../../src-shared/base/findings';
import { requireBuiltCli, runCli } from './cli.testing';

const ESC = '\u001b';
const HOSTILE = `evil${ESC}]0;retitled\u0007name`;

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  requireBuiltCli();
  tmp = tempDir('backprop-runs-cli-');
  db = join(tmp.dir, 'runs.db');
});
afterEach(() => tmp.cleanup());

const finding = (rule: string, severity: Finding['severity']): Finding => ({
  rule,
  severity,
  epoch: 1,
  title: rule,
  message: rule,
  evidence: {},
  suggestion: '',
});

/** Runs 1 ("first", two epochs, two findings, a logged file, tagged), 2 (HOSTILE), 3 ("third"). */
function seed(): void {
  const store = openStore(db);
  try {
    const names = ['first', HOSTILE, 'third'];
    for (const name of names) {
      const id = store.runs.insert({
        experimentId: null,
        name,
        config: xorConfig({ name, learningRate: 1.5 }),
        engineVersion: ENGINE_VERSION,
        tags: name === 'first' ? ['baseline'] : [],
      });
      store.runs.markEnded(id, { status: 'completed' });
    }
    for (const epoch of [0, 1])
      store.recordEpoch({ runId: 1, record: epochRecord(epoch), checkpoint: new Uint8Array(1) });
    store.findings.replace(1, [finding('chance-plateau', 'warning'), finding('note', 'info')]);
    const W1 = { name: 'W1', dtype: '<f8', shape: [3, 2], fortranOrder: false };
    const bytes = new Uint8Array(1234);
    store.runFiles.insert(1, {
      name: 'weights.npz',
      kind: 'npz',
      bytes,
      size: 1234,
      sha256: '-',
      arrays: [W1],
      time: 1,
    });
  } finally {
    store.close();
  }
}

const runs = (...args: string[]) => runCli(['runs', ...args, '--db', db]);
const liveIds = async () =>
  (JSON.parse((await runs('--json')).stdout) as { id: number }[]).map((r) => r.id);
const trashIds = async () =>
  (JSON.parse((await runs('trash', '--json')).stdout) as { id: number }[]).map((r) => r.id);

describe('backprop runs show', () => {
  it('shows the summary, the config, the final metrics and the number of findings', async () => {
    seed();
    const text = await runs('show', '1');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^run 1\n/);
    expect(text.stdout).toMatch(/^name +first$/m);
    expect(text.stdout).toMatch(/^status +completed$/m);
    expect(text.stdout).toMatch(/^tags +baseline$/m);
    expect(text.stdout).toMatch(/^final +1 epochs, cost 0\.2500, test accuracy 41\.00%/m);
    expect(text.stdout).toMatch(/^findings +2 \(0 error, 1 warning, 1 info\)$/m);
    expect(text.stdout).toMatch(/^ {2}learningRate +1\.5$/m);
    expect(text.stdout).toMatch(/^ {2}init\.weights\.low +-1$/m);
    expect(text.stdout).toMatch(/\nfiles\n {2}weights\.npz +1,234 bytes {2}W1 <f8 \(3, 2\)\n?$/);
    expect((await runs('show', '3')).stdout).not.toMatch(/^files$/m);

    const json = decodeWire<Record<string, unknown>>((await runs('show', '1', '--json')).stdout);
    expect(json).toMatchObject({
      id: 1,
      name: 'first',
      source: 'trained',
      tags: ['baseline'],
      config: { learningRate: 1.5, layers: [2, 3, 1] },
      final: { epochs: 1, testAccuracy: expect.closeTo(0.41, 10) },
      findings: { count: 2, error: 0, warning: 1, info: 1 },
      files: [
        { name: 'weights.npz', kind: 'npz', size: 1234, arrays: [{ name: 'W1', shape: [3, 2] }] },
      ],
    });
    expect(json).not.toHaveProperty('progress');
  });

  it('shows a hostile name as text and names an unknown id', async () => {
    seed();
    const shown = await runs('show', '2');
    expect(shown.stdout).not.toContain(ESC);
    expect(shown.stdout).toContain('evil\\x1b]0;retitled\\x07name');
    const missing = await runs('show', '9');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Run 9 does not exist/);
    const bad = await runs('show', 'x');
    expect(bad.code).toBe(2);
  });
});

describe('backprop runs rm, trash, restore and purge', () => {
  it('moves runs to the trash, lists them with when, restores them and purges them for good', async () => {
    seed();
    const removed = await runs('rm', '1', '2');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('Moved run 1 ("first") to the trash.');
    expect(removed.stdout).not.toContain(ESC);
    expect(removed.stdout).toContain('Undo with `backprop runs restore 1 2`.');
    expect(await liveIds()).toEqual([3]);

    const listed = await runs('trash');
    expect(listed.stdout).toMatch(/^id +status +deleted +name$/m);
    expect(listed.stdout).toMatch(/^1 +completed +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +first$/m);
    expect(listed.stdout).not.toContain(ESC);
    const shown = await runs('show', '1');
    expect(shown.stdout).toMatch(/^status +completed, in the trash since \d{4}-/m);

    const restored = await runs('restore', '2');
    expect(restored.stdout).toContain('Restored run 2 ("evil\\x1b]0;retitled\\x07name").');
    expect(await liveIds()).toEqual([3, 2]);
    expect(await trashIds()).toEqual([1]);

    const purged = await runs('purge', '1', '--yes');
    expect(purged.code).toBe(0);
    expect(purged.stdout).toContain('Deleted for good: 1 (1 run).');
    expect(await trashIds()).toEqual([]);
    expect((await runs('show', '1')).stderr).toMatch(/Run 1 does not exist/);
    const store = openStore(db);
    try {
      expect(store.epochs.list(1)).toEqual([]);
      expect(store.findings.list(1)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('names ids it cannot act on and changes nothing', async () => {
    seed();
    await runs('rm', '3');
    const again = await runs('rm', '1', '3');
    expect([again.code, again.stderr.trim()]).toEqual([
      1,
      'backprop: Run 3 is already in the trash',
    ]);
    const unknown = await runs('rm', '1', '42');
    expect(unknown.stderr).toMatch(/Run 42 does not exist/);
    expect(await liveIds()).toEqual([2, 1]);

    const live = await runs('restore', '3', '1');
    expect([live.code, live.stderr.trim()]).toEqual([1, 'backprop: Run 1 is not in the trash']);
    const notTrashed = await runs('purge', '3', '2', '--yes');
    expect(notTrashed.stderr).toMatch(/Run 2 is not in the trash/);
    expect(await trashIds()).toEqual([3]);
  });

  it('refuses to purge without --yes off a terminal, and ids with --all, as usage errors', async () => {
    seed();
    await runs('rm', '3');
    const unasked = await runCli(['runs', 'purge', '3', '--db', db]);
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toMatch(/add --yes \(it can ask only on a terminal\)/);
    expect((await runs('purge', '3', '--all', '--yes')).code).toBe(2);
    expect((await runs('purge', '--yes')).code).toBe(2);
    expect(await trashIds()).toEqual([3]);
    const all = await runs('purge', '--all', '--yes');
    expect(all.stdout).toContain('Deleted for good: 3 (1 run).');
    expect((await runs('purge', '--all', '--yes')).stdout).toContain('The trash is empty.');
  });
});

describe('backprop runs tag and rename', () => {
  it('adds and removes tags on several runs, keeping the others', async () => {
    seed();
    const tagged = await runs(
      'tag',
      '1',
      '3',
      '--add',
      'keep',
      '--add',
      'mnist',
      '--remove',
      'baseline',
    );
    expect(tagged.code).toBe(0);
    expect(tagged.stdout.trim().split('\n')).toEqual([
      'run 1 ("first"): tags keep, mnist',
      'run 3 ("third"): tags keep, mnist',
    ]);
    const removed = await runs('tag', '3', '--remove', 'mnist', '--remove', 'absent');
    expect(removed.stdout.trim()).toBe('run 3 ("third"): tags keep');
    const shown = decodeWire<{ tags: string[] }>((await runs('show', '1', '--json')).stdout);
    expect(shown.tags).toEqual(['keep', 'mnist']);
  });

  it('prints a hostile tag as text and refuses bad tag requests before any run changes', async () => {
    seed();
    const hostile = await runs('tag', '1', '--add', `x${ESC}[2Ky`);
    expect(hostile.stdout).toContain('tags baseline, x\\x1b[2Ky');
    expect(hostile.stdout).not.toContain(ESC);
    expect((await runs('tag', '1')).code).toBe(2);
    expect((await runs('tag', '1', '--add', 'a', '--remove', 'a')).code).toBe(2);
    expect((await runs('tag', '1', '--add', ' ')).code).toBe(2);
    const tooLong = await runs('tag', '3', '1', '--add', 'x'.repeat(51));
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/tags\[\d\]: must be at most 50 characters/);
    const unknown = await runs('tag', '3', '42', '--add', 'z');
    expect(unknown.stderr).toMatch(/Run 42 does not exist/);
    const shown = decodeWire<{ tags: string[] }>((await runs('show', '3', '--json')).stdout);
    expect(shown.tags).toEqual([]);
  });

  it('renames a run, and refuses an empty name, a run in the trash and an unknown id', async () => {
    seed();
    const renamed = await runs('rename', '3', 'the third run');
    expect(renamed.stdout.trim()).toBe('Renamed run 3 ("third") to "the third run".');
    expect((await runs('show', '3')).stdout).toMatch(/^name +the third run$/m);
    const blank = await runs('rename', '3', ' ');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/^error: name must not be empty or only spaces\n/);
    await runs('rm', '1');
    const trashed = await runs('rename', '1', 'new');
    expect(trashed.stderr).toMatch(/Run 1 is in the trash; restore it first/);
    expect((await runs('rename', '9', 'new')).stderr).toMatch(/Run 9 does not exist/);
    expect((await runs('rename', '3')).code).toBe(2);
  });
});
