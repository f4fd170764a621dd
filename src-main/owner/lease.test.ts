/** The lease holds across processes and dies with its holder, however it dies. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tempDir } from '../core/store/store.testing';
import { isLeaseHeld, tryAcquireLease } from './lease';

let tmp: ReturnType<typeof tempDir>;
let dbPath: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  tmp = tempDir('backprop-lease-');
  dbPath = join(tmp.dir, 'workbench.db');
});
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  tmp.cleanup();
});

/** Another process that takes the lease and says "held" (or "busy"), then waits to be killed. */
function holder(): Promise<{ child: ChildProcess; said: string }> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1] + '.owner-lock', { timeout: 0 });
    try { db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); console.log('held'); }
    catch (e) { console.log('busy ' + e.code); }
    process.on('SIGTERM', () => process.exit(0));
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', script, dbPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve) =>
    child.stdout!.once('data', (data: Buffer) => resolve({ child, said: data.toString().trim() })),
  );
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

describe('the owner lease', () => {
  it('is refused to a second holder in this process until released', () => {
    const first = tryAcquireLease(dbPath);
    expect(first).not.toBeNull();
    expect(tryAcquireLease(dbPath)).toBeNull();
    expect(isLeaseHeld(dbPath)).toBe(true);
    first!.release();
    expect(isLeaseHeld(dbPath)).toBe(false);
    const again = tryAcquireLease(dbPath);
    expect(again).not.toBeNull();
    again!.release();
  });

  it('is refused to another process while this one holds it', async () => {
    const lease = tryAcquireLease(dbPath)!;
    const { said } = await holder();
    expect(said).toMatch(/^busy SQLITE_BUSY/);
    lease.release();
  });

  it('refuses a lock file that is a link or not ours, naming it', () => {
    symlinkSync(join(tmp.dir, 'other.db'), `${dbPath}.owner-lock`);
    expect(() => tryAcquireLease(dbPath)).toThrow(/owner-lock is not a regular file/);
    rmSync(`${dbPath}.owner-lock`);
    writeFileSync(`${dbPath}.owner-lock`, 'x'.repeat(4096));
    expect(() => tryAcquireLease(dbPath)).toThrow(/owner-lock is not the store's lock file/);
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`is free again once its holder dies by ${signal}`, async () => {
      const { child, said } = await holder();
      expect(said).toBe('held');
      expect(tryAcquireLease(dbPath)).toBeNull();
      child.kill(signal);
      await exited(child);
      const lease = tryAcquireLease(dbPath);
      expect(lease).not.toBeNull();
      lease!.release();
    });
  }
});
