/**
 * One owner per store, in a real browser (issue 15): a run trains in a terminal (`backprop train`
 * owns the store), `backprop serve` started on the same store prints that terminal's address and
 * exits, and the browser on that address shows the terminal's run live. When the terminal's command
 * ends with its run, the page says so in a sentence; `serve` started then takes the same address
 * (the store's owner file keeps port and session secret) and the same tab shows the completed run.
 */
import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { snap } from './fixtures';

const root = resolve(import.meta.dirname, '..');

function backprop(args: string[]): ChildProcess {
  return spawn(process.execPath, [join(root, 'bin/backprop.js'), ...args], {
    cwd: root,
    env: { ...process.env, BACKPROP_NO_OPEN: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with everything the process wrote once `pattern` appears in it. */
function waitFor(child: ChildProcess, pattern: RegExp, what: string, ms = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms:\n${output}`)), ms);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolvePromise(output);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) =>
    child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code)),
  );

base('the browser on serve’s address shows the run a terminal trains, live', async ({ page }) => {
  base.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'backprop-e2e-owner-'));
  const db = join(dir, 'workbench.db');
  const config = join(dir, 'run.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'trained in a terminal',
      dataset: 'mnist',
      trainSize: 2000,
      validationSize: 300,
      testSize: 300,
      layers: [784, 30, 10],
      learningRate: 0.5,
      batchSize: 1,
      epochs: 120,
      threads: 1,
      engine: 'reference',
    }),
  );
  const train = backprop(['train', '--config', config, '--db', db]);
  try {
    await waitFor(train, /^run 1 epoch 1\//m, 'train printed no epoch 1');
    const serve = backprop(['serve', '--db', db, '--port', '0']);
    const said = await waitFor(
      serve,
      /already running for this store at (\S+)/,
      'serve said no owner',
    );
    expect(await exited(serve)).toBe(0);
    expect(said).toMatch(/\(backprop train, pid \d+\)/);
    const url = /already running for this store at (\S+)/.exec(said)![1];

    await page.goto(url);
    // The Runs view first, so its code is in the page when the owner is gone later.
    await page.goto(`${new URL(url).origin}/#/runs`);
    await expect(page.getByRole('heading', { level: 1, name: 'Runs' })).toBeVisible();
    await page.goto(`${new URL(url).origin}/#/runs/1`);
    await expect(
      page.getByRole('heading', { level: 1, name: 'trained in a terminal' }),
    ).toBeVisible();
    const badge = page.locator('[data-status]').first();
    await expect(badge).toHaveAttribute('data-status', 'running');
    await snap(page, 'terminal-owner-live');
    // Live: the page, never reloaded, follows the run's epochs as the terminal trains them.
    // The summary card's "Epochs 15 / 120", updated by the owner's events.
    const epochsShown = () =>
      page
        .getByText(/^\d+ \/ 120$/)
        .textContent()
        .then((t) => Number(/\d+/.exec(t!)![0]));
    const before = await epochsShown();
    await expect.poll(epochsShown, { timeout: 30_000 }).toBeGreaterThan(before + 2);

    expect(await exited(train)).toBe(0);
    // The terminal's command ended with its run: the page says what happened, not "Failed to fetch".
    await page.getByRole('link', { name: 'Runs' }).click();
    await expect(page.getByText(/not running at this address any more/)).toBeVisible();
    await snap(page, 'terminal-owner-ended');

    const restarted = backprop(['serve', '--db', db]);
    try {
      const started = await waitFor(restarted, /running at (\S+)/, 'serve did not start');
      expect(new URL(/running at (\S+)/.exec(started)![1]).origin).toBe(new URL(url).origin);
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.goto(`${new URL(url).origin}/#/runs/1`);
      await expect(page.locator('[data-status]').first()).toHaveAttribute(
        'data-status',
        'completed',
      );
      await snap(page, 'terminal-owner-completed');
    } finally {
      restarted.kill('SIGTERM');
      await exited(restarted);
    }
  } finally {
    if (train.exitCode === null) train.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
