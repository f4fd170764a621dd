/** An error, or anything thrown, as the one sentence a user reads. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
