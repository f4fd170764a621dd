/**
 * The owner watch for real: an owner process forks a "trainer" that starts the watch and then
 * spins forever (its event loop never runs again); the owner is killed with SIGKILL; the trainer
 * must be gone within a few seconds. Without the watch it would spin on, orphaned.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OWNER_WATCH_SOURCE } from './owner-watch';

const TRAINER = `
const { Worker } = require('node:worker_threads');
const watch = process.env.WATCH === '1';
if (watch) new Worker(process.env.SOURCE, { eval: true, workerData: { parent: process.ppid, intervalMs: 200 } }).unref();
setTimeout(() => { process.send('spinning'); for (;;) {} }, 300);
`;

const OWNER = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', process.env.TRAINER], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
child.on('message', () => { console.log(child.pid); });
setInterval(() => {}, 1000);
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function orphanAfterOwnerKill(watch: boolean): Promise<{ pid: number; gone: boolean }> {
  const owner = spawn(process.execPath, ['-e', OWNER], {
    env: { ...process.env, TRAINER, SOURCE: OWNER_WATCH_SOURCE, WATCH: watch ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = await new Promise<number>((resolve, reject) => {
    owner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    owner.once('exit', () => reject(new Error('the owner ended before its trainer spun')));
  });
  owner.kill('SIGKILL');
  const deadline = Date.now() + 4000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const gone = !alive(pid);
  if (!gone) process.kill(pid, 'SIGKILL');
  return { pid, gone };
}

describe('the owner watch', () => {
  it('kills a trainer stuck in a computation once its owner is killed', async () => {
    const watched = await orphanAfterOwnerKill(true);
    expect(watched.pid).toBeGreaterThan(0);
    expect(watched.gone).toBe(true);
  }, 15_000);

  it('is what ends it: without the watch the stuck trainer outlives its owner', async () => {
    const unwatched = await orphanAfterOwnerKill(false);
    expect(unwatched.gone).toBe(false);
  }, 15_000);
});
