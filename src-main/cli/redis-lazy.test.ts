/**
 * BullMQ and ioredis are for the several-machines mode only: the built CLI trains, lists and
 * serves without loading them. A module hook (node:module register) records every package the
 * process resolves; a Redis-backed owner would resolve both.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTrainerEntry } from '../core/runner/trainer-entry';
import { tempDir, xorInput } from '../core/store/store.testing';
import { requireBuiltCli } from './cli.testing';

let tmp: { dir: string; cleanup(): void };
beforeEach(() => (tmp = tempDir('backprop-lazy-')));
afterEach(() => tmp.cleanup());

/** Runs the built CLI with a resolve hook that appends each bare specifier to a log file. */
function cliResolving(args: string[]): { code: number | null; stderr: string; resolved: string[] } {
  const log = join(tmp.dir, 'resolved.log');
  writeFileSync(log, '');
  const hooks = join(tmp.dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!/^(node:|\\.|\\/|file:)/.test(specifier)) appendFileSync(${JSON.stringify(log)}, specifier + '\\n');
  return next(specifier, context);
}`,
  );
  const register = join(tmp.dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const run = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(register).href, requireBuiltCli(), ...args],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return {
    code: run.status,
    stderr: run.stderr,
    resolved: readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

describe('the CLI without Redis', () => {
  it('trains and lists runs without loading bullmq or ioredis', () => {
    requireTrainerEntry();
    const db = join(tmp.dir, 'lazy.db');
    const config = join(tmp.dir, 'xor.json');
    writeFileSync(config, JSON.stringify(xorInput({ name: 'no redis', epochs: 3 })));
    const trained = cliResolving(['train', '--config', config, '--db', db, '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    // The hook sees the CLI's own packages, so a silent hook cannot pass for "nothing loaded".
    expect(trained.resolved).toContain('better-sqlite3');
    expect(trained.resolved.filter((s) => /^(bullmq|ioredis)(\/|$)/.test(s))).toEqual([]);
    const listed = cliResolving(['runs', '--db', db]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.resolved.filter((s) => /^(bullmq|ioredis)(\/|$)/.test(s))).toEqual([]);
  });

  it('loads them for the worker, which needs Redis', () => {
    const worker = cliResolving(['worker', '--help']);
    expect(worker.code, worker.stderr).toBe(0);
    expect(worker.resolved).toEqual(expect.arrayContaining(['bullmq', 'ioredis']));
  });
});
