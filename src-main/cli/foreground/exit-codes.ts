/**
 * The `backprop` command's exit codes, one list for the code, `--help` and the README. A script
 * running `backprop train` can tell a run that failed from one that diverged, and both from a
 * command it called wrongly.
 */
import type { RunStatus } from '../../../src-shared/base/run-status';

export const EXIT = {
  ok: 0,
  /** Could not do what was asked: a bad config file, an unknown run id, a store it cannot open. */
  error: 1,
  /** The command was called wrongly: unknown command or option, missing or malformed argument. */
  usage: 2,
  /** A run it trained failed (the trainer reported an error or died). */
  failed: 3,
  /** A run it trained diverged (its cost became NaN or ±Infinity). */
  diverged: 4,
  /** A run it trained stopped unfinished: cancelled or paused elsewhere (the app, the browser). */
  stopped: 5,
} as const;

/** The exit code for the runs a command trained: the first that applies of failed, diverged,
 * stopped unfinished; 0 when every run completed. */
export function exitCodeOfRuns(runs: readonly { status: RunStatus }[]): number {
  const has = (...statuses: RunStatus[]) => runs.some((r) => statuses.includes(r.status));
  if (has('failed')) return EXIT.failed;
  if (has('diverged')) return EXIT.diverged;
  if (runs.some((r) => r.status !== 'completed')) return EXIT.stopped;
  return EXIT.ok;
}

/** The exit codes as `--help` shows them. */
export const exitCodesHelp = `
Exit codes:
  0    success (every run trained completed)
  1    error: what was asked could not be done (bad config file, unknown run id, …)
  2    usage error: unknown command or option, missing or malformed argument
  3    a run failed
  4    a run diverged (cost NaN or ±Infinity)
  5    a run stopped unfinished (cancelled or paused from the app or the browser)
  129, 130, 143  stopped by SIGHUP, SIGINT (Ctrl+C) or SIGTERM (128 + the signal's number)`;
