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
