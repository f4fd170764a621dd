/**
 * A logging client's spool: where a client keeps the calls no owner has acknowledged (no owner
 * running, or the owner died mid-run) until an owner takes them. One folder beside the store,
 * one file per run and client process, one wire-encoded call per line, appended in call order:
 *
 *   <db>.spool/<run key>.<client pid>.jsonl
 *   {"method":"tracking.log","args":[{"run":"…","points":[…]}]}
 *
 * The client that writes a file is the only one to replay it while it lives (before its next
 * call, once an owner answers); a file whose writer has exited is imported by the next owner (at
 * start and every few seconds) or reader that holds the store's lease. Every tracking call is
 * idempotent, so replaying a call the owner had already stored changes nothing. The Python client
 * (clients/python) writes the same format.
 */
export const SPOOL_SUFFIX = '.spool';

export const spoolDirOf = (dbPath: string) => `${dbPath}${SPOOL_SUFFIX}`;

export const spoolFileName = (runKey: string, pid: number) => `${runKey}.${pid}.jsonl`;

/** The run key and writer pid of a spool file's name, or null when it is not one. */
export function parseSpoolFileName(name: string): { runKey: string; pid: number } | null {
  const match = /^([\w-]{8,64})\.(\d{1,10})\.jsonl$/.exec(name);
  return match ? { runKey: match[1], pid: Number(match[2]) } : null;
}

/** One spooled call. */
export interface SpoolLine {
  method: string;
  args: unknown[];
}
