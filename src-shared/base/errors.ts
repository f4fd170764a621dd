/**
 * One sentence for the user instead of a stack trace. Hosts, the trainer and the renderer all
 * report failures through this, so a thrown value reads the same everywhere.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // String({}) would show "[object Object]": say plainly that nothing useful was thrown.
  if (error === null || error === undefined || typeof error === 'object') {
    return 'Something went wrong (no message was given).';
  }
  return String(error);
}

/** Why a request was refused: what it names does not exist, the run's state does not allow it,
 * or its arguments are malformed. */
export type RefusalKind = 'not-found' | 'conflict' | 'invalid';

/**
 * The core refusing the caller's request (as opposed to failing itself): nothing changed, and the
 * message says why. The HTTP server answers it with 404, 409 or 400 by its kind and keeps the
 * message; anything else thrown is the owner's own failure (500).
 */
export class RequestRefused extends Error {
  override name = 'RequestRefused';
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
  }
}

/** Refuses a request naming something that does not exist (a run, a file, a finding). */
export const notFound = (message: string) => new RequestRefused('not-found', message);

/** Refuses a request the run's current state does not allow (its status, what it holds). */
export const conflict = (message: string) => new RequestRefused('conflict', message);
