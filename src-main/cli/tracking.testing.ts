/**
 * The set-up the logging-client tests share (tracking-clients.test.ts, tracking-files.test.ts),
 * each test in a CliWorkspace: a client script run as a child process whose pauses the test
 * drives, and the store read back through the built CLI.
 */
import { expect } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWire } from '../../src-shared/base/wire';
import type { RunSummary } from '../../src-shared/contract/types';
import { spoolDirOf } from '../../src-shared/contract/tracking-spool';
import { findPackageRoot } from '../core/runner/trainer-entry';
import { runCli, type CliWorkspace } from './cli.testing';

/** Makes `import … from 'backprop-workbench/client'` work in `dir` as for an installed package:
 * node_modules/backprop-workbench is this checkout. */
export function linkClientPackage(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  if (!existsSync(join(dir, 'node_modules', 'backprop-workbench')))
    symlinkSync(findPackageRoot(), join(dir, 'node_modules', 'backprop-workbench'), 'dir');
}

/** Resolves once `path` exists. */
export async function waitForFile(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Runs a client script against `store` (cwd its folder, BACKPROP_DB its store) and returns its
 * stdout; `drive` runs beside it (the test's part at the script's pauses) and is awaited once the
 * script has ended well. A script that fails rejects at once with its stderr.
 */
export async function runClientScript(
  store: CliWorkspace,
  [file, args, env]: [string, string[], NodeJS.ProcessEnv],
  drive: () => Promise<void> = async () => {},
): Promise<string> {
  const child = spawn(file, args, {
    cwd: store.dir,
    env: { ...process.env, ...env, BACKPROP_DB: store.db },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  store.running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const driver = drive();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the script exited ${code}: ${stderr}`);
  await driver;
  return stdout;
}

/** Sends `signal` to `child` and waits until it has gone. */
export async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const gone = new Promise((resolve) => child.once('close', resolve));
  child.kill(signal);
  await gone;
}

/** `backprop runs --json` of the store. */
export async function listRuns(db: string): Promise<RunSummary[]> {
  const listed = await runCli(['runs', '--json', '--db', db]);
  expect(listed.code, listed.stderr).toBe(0);
  return decodeWire<RunSummary[]>(listed.stdout);
}

/** `backprop export ID --format FORMAT --out OUT` of the store, read back. */
export async function exportRun<T>(
  db: string,
  id: number,
  format: 'json' | 'bundle',
  out: string,
): Promise<T> {
  const exported = await runCli([
    'export',
    String(id),
    '--format',
    format,
    '--out',
    out,
    '--db',
    db,
  ]);
  expect(exported.code, exported.stderr).toBe(0);
  return decodeWire<T>(readFileSync(out, 'utf8'));
}

/** Every spooled record reached the store: the spool folder is gone or empty. */
export function expectSpoolEmpty(db: string): void {
  const spool = spoolDirOf(db);
  expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([]);
}
