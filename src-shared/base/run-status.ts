/**
 * What a run's status means, decided here once for the core, the renderer, the doctor and the CLI.
 *
 *   queued ──► running ──► completed | diverged | failed      (terminal: the record is final)
 *     │  ▲        │  └────► paused | interrupted               (waiting: resumes from a checkpoint)
 *     │  └────────┘                                           (cancelled: terminal, resumable)
 *     └────────────────────► cancelled
 *
 * `interrupted` is not finished: its owner stopped (Ctrl+C, a killed process) while it trained,
 * and it continues from its newest checkpoint when resumed (or by itself, by the
 * resumeInterrupted setting). `failed` and `cancelled` are terminal yet resumable: the user may
 * continue them from their newest checkpoint.
 */
import { conflict } from './errors';

export type RunStatus =
  | 'queued'
  | 'running'
  | 'paused'
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'diverged'
  | 'interrupted';

export const runStatuses: readonly RunStatus[] = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'diverged',
  'interrupted',
];

const TERMINAL: ReadonlySet<RunStatus> = new Set(['completed', 'diverged', 'failed', 'cancelled']);
const ACTIVE: ReadonlySet<RunStatus> = new Set(['queued', 'running']);
const WAITING: ReadonlySet<RunStatus> = new Set(['paused', 'interrupted']);
const RESUMABLE: ReadonlySet<RunStatus> = new Set(['paused', 'interrupted', 'failed', 'cancelled']);

/** The run has ended: its record changes no more unless the user resumes it. */
export const isTerminal = (status: RunStatus): boolean => TERMINAL.has(status);

/** A trainer works on the run now (running) or will without anyone acting (queued). */
export const isActive = (status: RunStatus): boolean => ACTIVE.has(status);

/** Not ended and not training: it waits to be resumed (paused, interrupted). */
export const isWaiting = (status: RunStatus): boolean => WAITING.has(status);

/** Not terminal: more epochs may still come (active or waiting). */
export const isUnfinished = (status: RunStatus): boolean => !TERMINAL.has(status);

/** Can continue from its newest checkpoint when the user asks. */
export const isResumable = (status: RunStatus): boolean => RESUMABLE.has(status);

/** Can be cancelled: anything not yet terminal. */
export const isCancellable = (status: RunStatus): boolean => !TERMINAL.has(status);

/** Can be deleted for good once in the trash: no trainer works on it. A queued run in the trash
 * never starts (the queue skips deleted runs). */
export const isPurgeable = (status: RunStatus): boolean => status !== 'running';

/** Can be paused: it trains or is about to. */
export const isPausable = (status: RunStatus): boolean => ACTIVE.has(status);

/** The run's statuses that satisfy `test`, for messages and store queries. */
export const statusesWhere = (test: (status: RunStatus) => boolean): RunStatus[] =>
  runStatuses.filter(test);

/** Throws the sentence saying why `run` cannot be `verb` ("resumed") in its status. */
export function requireStatus(
  run: { id: number; status: RunStatus },
  allowed: (status: RunStatus) => boolean,
  verb: string,
): void {
  if (allowed(run.status)) return;
  const which = statusesWhere(allowed).join(', ');
  throw conflict(`Run ${run.id} is ${run.status}; only ${which} runs can be ${verb}`);
}
