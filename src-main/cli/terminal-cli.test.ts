/**
 * `backprop` on a real terminal (a pseudo-terminal from python3's standard `pty`; needs `npm run
 * build`): the progress bars are drawn, and the outcome line of the run is still printed once
 * they go — cli-progress writes a logged line only at its next redraw and drops it at stop().
 */
import { describe, expect, it } from 'vitest';
import { smallMnistInput, xorInput } from '../core/store/store.testing';
import { runCli, runCliInPty, startServe, useCliWorkspace } from './cli.testing';

const workspace = useCliWorkspace('backprop-tty-', { dbName: 'tty.db', trainer: true });
const { file, running } = workspace;
const count = (text: string, part: string) => text.split(part).length - 1;

describe('backprop train on a terminal', () => {
  it('draws the progress bars and then prints the outcome line once, and the findings', async () => {
    // The reference engine, so that epochs take long enough for bars to be drawn.
    const config = file(
      'run.json',
      smallMnistInput({ name: 'on a tty', trainSize: 1500, epochs: 3, engine: 'reference' }),
    );
    const { code, output } = await runCliInPty(['train', '--config', config, '--db', workspace.db]);
    expect(code).toBe(0);
    expect(output).toMatch(/run 1 \S+ epoch \d\/3 batch \d+\/1500 \| ETA/);
    const outcome = /run 1 \(on a tty\) completed: 3 epochs, cost [\d.]+, test accuracy [\d.]+%/;
    expect(output).toMatch(outcome);
    expect(count(output, 'run 1 (on a tty) completed')).toBe(1);
    expect(output).toMatch(/The doctor found nothing to report\.|\(epoch \d+\):/);
    // The outcome comes after the last bar was drawn, not before it.
    expect(output.lastIndexOf('run 1 (on a tty) completed')).toBeGreaterThan(
      output.lastIndexOf('| ETA'),
    );
  }, 120_000);

  it('prints the outcome line when it follows a run that `serve` trains, and stops right after it', async () => {
    await startServe(workspace.db, running);
    const config = file(
      'run.json',
      smallMnistInput({ name: 'followed', trainSize: 1500, epochs: 3, engine: 'reference' }),
    );
    const { code, output } = await runCliInPty(['train', '--config', config, '--db', workspace.db]);
    expect(code).toBe(0);
    expect(output).toMatch(/the runs train there; following them here/);
    expect(output).toMatch(/\| ETA/);
    expect(count(output, 'run 1 (followed) completed: 3 epochs')).toBe(1);
  }, 120_000);

  it('prints the outcome line of a run too short to draw a bar', async () => {
    const config = file('xor.json', xorInput({ name: 'quick', epochs: 2 }));
    const { code, output } = await runCliInPty(['train', '--config', config, '--db', workspace.db]);
    expect(code).toBe(0);
    expect(count(output, 'run 1 (quick) completed: 2 epochs')).toBe(1);
  }, 60_000);

  it('with --quiet prints the outcome line and nothing else', async () => {
    const config = file('xor.json', xorInput({ name: 'hushed', epochs: 2 }));
    const { code, output } = await runCliInPty([
      'train',
      '--config',
      config,
      '--db',
      workspace.db,
      '--quiet',
    ]);
    expect(code).toBe(0);
    expect(output.trim().split('\r\n')).toEqual([
      expect.stringMatching(/^run 1 \(hushed\) completed: 2 epochs, cost [\d.]+/),
    ]);
  }, 60_000);
});

describe('backprop runs purge on a terminal', () => {
  it('asks before deleting for good: no keeps the runs, yes deletes them', async () => {
    const config = file('xor.json', xorInput({ name: 'doomed', epochs: 1 }));
    await runCli(['train', '--config', config, '--db', workspace.db, '--quiet']);
    await runCli(['runs', 'rm', '1', '--db', workspace.db]);

    const declined = await runCliInPty(
      ['runs', 'purge', '1', '--db', workspace.db],
      [['[y/N]', 'n\r']],
    );
    expect(declined.code).toBe(0);
    expect(declined.output).toMatch(
      /run 1 \("doomed"\)[\s\S]*This cannot be undone\. Delete 1 run\?/,
    );
    expect(declined.output).toMatch(/Nothing deleted\./);
    const trash = await runCli(['runs', 'trash', '--json', '--db', workspace.db]);
    expect(JSON.parse(trash.stdout).map((r: { id: number }) => r.id)).toEqual([1]);

    const agreed = await runCliInPty(
      ['runs', 'purge', '--all', '--db', workspace.db],
      [['[y/N]', 'y\r']],
    );
    expect(agreed.code).toBe(0);
    expect(agreed.output).toMatch(/Deleted for good: 1 \(1 run\)\./);
    expect((await runCli(['runs', 'trash', '--json', '--db', workspace.db])).stdout.trim()).toBe(
      '[]',
    );
  }, 60_000);
});
