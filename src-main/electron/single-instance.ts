/**
 * One desktop app per user: the first launch holds Electron's single-instance lock; a second
 * launch hands its command line to the first (Electron's 'second-instance' event) and quits, so
 * one process owns the store and one window shows it. What a launch asks for — a run to show
 * (`backprop-workbench 42`, `--run=42`) or a run bundle to import (a path to a .json or
 * .bpbundle file) — is read from its arguments the same way for the first and a later launch.
 */
import type { App } from 'electron';
import { isAbsolute, resolve } from 'node:path';

export type LaunchRequest = { kind: 'run'; id: number } | { kind: 'bundle'; path: string };

/** The request in a command line, or null. `argv` is the whole process.argv; `userArgs` says
 * where the user's arguments start (after the executable, and after the app folder in dev). */
export function launchRequest(
  argv: readonly string[],
  cwd: string,
  userArgs: number,
): LaunchRequest | null {
  for (const arg of argv.slice(userArgs)) {
    const run = /^(?:--run=)?([1-9]\d{0,14})$/.exec(arg);
    if (run) return { kind: 'run', id: Number(run[1]) };
    if (arg.startsWith('-')) continue; // Chromium's and Electron's own switches
    if (/\.(json|bpbundle)$/i.test(arg))
      return { kind: 'bundle', path: isAbsolute(arg) ? arg : resolve(cwd, arg) };
  }
  return null;
}

/** Where the user's arguments start: `electron .` in development has the app folder first. */
export function userArgsStart(app: Pick<App, 'isPackaged'>): number {
  return app.isPackaged ? 1 : 2;
}

/**
 * Takes the lock. False when another launch holds it: this one has handed over its arguments and
 * quits. Otherwise `onSecondLaunch` runs for every later launch, with what it asked for.
 */
export function claimSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on' | 'isPackaged'>,
  onSecondLaunch: (request: LaunchRequest | null) => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, cwd) =>
    onSecondLaunch(launchRequest(argv, cwd, userArgsStart(app))),
  );
  return true;
}
